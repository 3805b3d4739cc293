/* valgrind_fuzz.c - libFuzzer target: any bytes as Valgrind's XML through
 * the shared reader (detectors/valgrind/xml.c), once as Helgrind's and
 * once as DRD's: each refuses the other's document early, so one input
 * reaches the rules of whichever tool it names. The reader is asked for
 * what the XML says of suppressions too, and the same bytes are read as a
 * suppressions file (detectors/valgrind/supp.c; no file is opened).
 * Seeds: the captured XML in detectors/{helgrind,drd}/testdata
 * (harness/fuzz/run.sh gathers them). */
#include <stddef.h>
#include <stdint.h>

#include "../detectors/drd/parse.h"
#include "../detectors/helgrind/parse.h"
#include "../detectors/valgrind/supp.h"
#include "findings_check.h"

static void check_supps(const struct vg_suppressions *s)
{
	FUZZ_REQUIRE(s->nfiles <= VG_MAX_SUPP_FILES);
	FUZZ_REQUIRE(s->nused <= VG_MAX_SUPP_USED);
	for (size_t i = 0; i < s->nfiles; i++)
		FUZZ_REQUIRE(s->files[i] && s->files[i][0]);
	for (size_t i = 0; i < s->nused; i++)
		FUZZ_REQUIRE(s->used[i].name && s->used[i].name[0] &&
			     s->used[i].count >= 0);
}

static void one(int (*parse)(const char *, size_t, struct rl_findings *,
			     struct rl_parse_info *, struct vg_suppressions *),
		const char *tool, const uint8_t *data, size_t size)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;
	struct vg_suppressions supps;
	int rc = parse((const char *)data, size, &fs, &info, &supps);

	FUZZ_REQUIRE(rc == 0 || rc == -1);
	FUZZ_REQUIRE(rc == 0 || fs.n == 0);	/* refused: nothing kept */
	FUZZ_REQUIRE(info.suppressed == 0);	/* the reader cannot tell */
	fuzz_check_findings(&fs, &info, tool);
	check_supps(&supps);
	rl_vg_suppressions_free(&supps);
	rl_findings_free(&fs);
}

static void each_name(void *arg, const char *name, size_t n)
{
	size_t *left = arg;

	/* a name is a whole line's inside: never empty, never past the
	 * input, never holding a NUL or a line break */
	FUZZ_REQUIRE(n > 0 && n <= *left);
	FUZZ_REQUIRE(memchr(name, '\0', n) == NULL);
	FUZZ_REQUIRE(memchr(name, '\n', n) == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t left = size;

	one(rl_parse_helgrind_xml_supps, "helgrind", data, size);
	one(rl_parse_drd_xml_supps, "drd", data, size);
	FUZZ_REQUIRE(rl_vg_supp_names((const char *)data, size, each_name,
				      &left) <= size / 2 + 1);
	return 0;
}
