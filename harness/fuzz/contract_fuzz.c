/* contract_fuzz.c - libFuzzer target: any bytes as a case program's source
 * through rl_contract_parse(), the contract reader behind
 * rl_contract_load(). Seeds: testdata/contract and the catalogue's own
 * cases/ and fixed/ (harness/fuzz/run.sh gathers them). */
#include <stddef.h>
#include <stdint.h>

#include "../contract.h"
#include "findings_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rl_contract c;
	char err[256] = "";
	int rc = rl_contract_parse("fuzz.c", (const char *)data, size, &c,
				   err, sizeof err);

	FUZZ_REQUIRE(rc == 0 || rc == -1);
	fuzz_check_field(err, sizeof err);
	if (rc == 0) {
		/* a fix's header, read alone, has no story of its own */
		FUZZ_REQUIRE(c.name && (c.is_fix ? !c.bug && !c.cls && !c.nhints :
					   c.bug && c.cls));
		for (size_t i = 0; i < c.nexpects; i++) {
			const struct rl_expect *x = &c.expects[i];

			FUZZ_REQUIRE(x->detector && x->text);
			FUZZ_REQUIRE(rl_contract_written(&c, x->detector));
			FUZZ_REQUIRE(x->kind != RL_EXPECT_FINDING ||
				     rl_category_name(x->category));
			FUZZ_REQUIRE(x->kind != RL_EXPECT_BLIND || x->reason);
		}
		for (size_t i = 0; i < c.nmarks; i++) {
			FUZZ_REQUIRE(c.marks[i].line >= 1 && c.marks[i].label);
			FUZZ_REQUIRE(rl_contract_mark_at(&c, c.marks[i].line));
		}
	} else {
		FUZZ_REQUIRE(err[0] != '\0');	/* one sentence says why */
	}
	rl_contract_free(&c);
	return 0;
}
