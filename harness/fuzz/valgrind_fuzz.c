/* valgrind_fuzz.c - libFuzzer target: any bytes as Valgrind's XML through
 * the shared reader (detectors/valgrind/xml.c), once as Helgrind's and
 * once as DRD's: each refuses the other's document early, so one input
 * reaches the rules of whichever tool it names. Seeds: the captured XML
 * in detectors/{helgrind,drd}/testdata (harness/fuzz/run.sh gathers
 * them). */
#include <stddef.h>
#include <stdint.h>

#include "../detectors/drd/parse.h"
#include "../detectors/helgrind/parse.h"
#include "findings_check.h"

static void one(int (*parse)(const char *, size_t, struct rl_findings *,
			     struct rl_parse_info *),
		const char *tool, const uint8_t *data, size_t size)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;
	int rc = parse((const char *)data, size, &fs, &info);

	FUZZ_REQUIRE(rc == 0 || rc == -1);
	FUZZ_REQUIRE(rc == 0 || fs.n == 0);	/* refused: nothing kept */
	fuzz_check_findings(&fs, &info, tool);
	rl_findings_free(&fs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one(rl_parse_helgrind_xml, "helgrind", data, size);
	one(rl_parse_drd_xml, "drd", data, size);
	return 0;
}
