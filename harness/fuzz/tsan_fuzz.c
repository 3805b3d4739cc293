/* tsan_fuzz.c - libFuzzer target: any bytes as a ThreadSanitizer log
 * through rl_parse_tsan(). Seeds: the captured reports in
 * detectors/tsan{,_gcc}/testdata (harness/fuzz/run.sh gathers them). */
#include <stddef.h>
#include <stdint.h>

#include "../detectors/tsan/parse.h"
#include "findings_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;
	int rc = rl_parse_tsan((const char *)data, size, &fs, &info);

	FUZZ_REQUIRE(rc == 0 || rc == -1);
	FUZZ_REQUIRE(rc == 0 || !info.complete);
	fuzz_check_findings(&fs, &info, "tsan");
	rl_findings_free(&fs);
	return 0;
}
