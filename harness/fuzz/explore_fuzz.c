/* explore_fuzz.c - libFuzzer target: any bytes as explore's explore.json
 * through rl_parse_explore(). Seeds: the documents captured in
 * detectors/explore/testdata (harness/fuzz/run.sh gathers them). */
#include <stddef.h>
#include <stdint.h>

#include "../detectors/explore/parse.h"
#include "findings_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info = { 0 };
	int rc = rl_parse_explore((const char *)data, size, &fs, &info);

	FUZZ_REQUIRE(rc == 0 || rc == -1);
	FUZZ_REQUIRE(rc == 0 || fs.n == 0);
	fuzz_check_findings(&fs, &info, "explore");
	for (size_t i = 0; i < fs.n; i++)
		if (fs.v[i].story)
			fuzz_check_field(fs.v[i].story, strlen(fs.v[i].story) + 1);
	rl_findings_free(&fs);
	return 0;
}
