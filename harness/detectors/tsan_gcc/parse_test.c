/* tsan_gcc/parse_test.c - the TSan parser (../tsan/parse.c) on what gcc's
 * ThreadSanitizer (gcc 12, Debian's libtsan2) really wrote (testdata/NAME.txt,
 * by testdata/regenerate.sh from clang's TSan's programs, ../tsan/testdata/programs). gcc's reports
 * differ from clang's in their frames: no column, no BuildId, the
 * runtime's own frames in libtsan.so.2 with paths into gcc's sources
 * (../../../../src/libsanitizer/...). Lines are found by the programs'
 * marker comments.
 */
#include "../tsan/parse.h"
#include "../../testutil.h"

#define DATA "harness/detectors/tsan_gcc/testdata/"
#define PROGRAMS "harness/detectors/tsan/testdata/programs/"

/* The line of PROG.c that holds the comment marker. */
static int marker_line(const char *prog, const char *marker)
{
	char path[256], want[64], *text, *hit;
	size_t len;
	int line = 1;

	snprintf(path, sizeof path, PROGRAMS "%s.c", prog);
	snprintf(want, sizeof want, "/* %s */", marker);
	text = rl_test_slurp(path, &len);
	if (!(hit = strstr(text, want))) {
		fprintf(stderr, "no marker %s in %s\n", want, path);
		exit(2);
	}
	for (char *p = text; p < hit; p++)
		line += *p == '\n';
	free(text);
	return line;
}

static void parse(const char *name, struct rl_findings *fs,
		  struct rl_parse_info *info)
{
	char path[256], *text;
	size_t len;

	snprintf(path, sizeof path, DATA "%s.txt", name);
	text = rl_test_slurp(path, &len);
	memset(info, 0, sizeof *info);
	CHECK_INT(rl_parse_tsan(text, len, fs, info), 0);
	free(text);
}

/* Stack k of f has its innermost frame in PROG.c at MARKER, in FN. */
static void check_at(const struct rl_finding *f, size_t k, const char *prog,
		     const char *fn, const char *marker)
{
	char suffix[256];
	const struct rl_frame *fr = NULL;

	snprintf(suffix, sizeof suffix, PROGRAMS "%s.c", prog);
	CHECK(k < f->nstacks);
	if (k < f->nstacks)
		fr = rl_stack_frame_in(&f->stacks[k], suffix);
	CHECK(fr != NULL);
	if (!fr)
		return;
	CHECK_STR(fr->function, fn);
	CHECK_INT(fr->line, marker_line(prog, marker));
}

static void test_race2(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	parse("race2", &fs, &info);
	CHECK_INT(info.complete, 1);
	CHECK_INT(info.tool_error_count, 2);
	CHECK_INT(fs.n, 2);
	if (fs.n == 2) {
		CHECK_STR(fs.v[0].kind, "data race");
		CHECK_INT(fs.v[0].category, RL_CAT_DATA_RACE);
		check_at(&fs.v[0], 0, "race2", "writer2", "RACE1-CUR");
		check_at(&fs.v[0], 1, "race2", "writer1", "RACE1-PREV");
		check_at(&fs.v[1], 0, "race2", "writer1", "RACE2-CUR");
		check_at(&fs.v[1], 1, "race2", "writer2", "RACE2-PREV");
		/* the program's own "WARNING: race2 is about to race" is not one */
		CHECK(strstr(fs.v[0].headline, "race2.c") != NULL);
	}
	rl_findings_free(&fs);
}

static void test_lockorder(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;
	const struct rl_finding *f;

	parse("lockorder", &fs, &info);
	CHECK_INT(fs.n, 1);
	if (fs.n != 1)
		goto out;
	f = &fs.v[0];
	CHECK_INT(f->category, RL_CAT_LOCK_ORDER);
	/* the innermost frame is pthread_mutex_lock in libtsan.so.2, with
	 * a path into gcc's sources; the program's is the next */
	CHECK(f->nstacks >= 4);
	if (f->nstacks >= 4) {
		CHECK_STR(f->stacks[0].frames[0].function, "pthread_mutex_lock");
		check_at(f, 0, "lockorder", "a_then_b", "ORDER-B1");
		check_at(f, 1, "lockorder", "a_then_b", "ORDER-A1");
		check_at(f, 2, "lockorder", "b_then_a", "ORDER-A2");
		check_at(f, 3, "lockorder", "b_then_a", "ORDER-B2");
	}
out:
	rl_findings_free(&fs);
}

static void test_misuse_leak_crash_clean(void)
{
	static const enum rl_category misuse[] = {
		RL_CAT_MUTEX_MISUSE, RL_CAT_MUTEX_MISUSE, RL_CAT_MEMORY_ERROR,
		RL_CAT_SIGNAL_MISUSE, RL_CAT_SIGNAL_MISUSE,
	};
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	parse("misuse", &fs, &info);
	CHECK_INT(fs.n, 5);
	for (size_t i = 0; i < fs.n && i < 5; i++)
		CHECK_STR(rl_category_name(fs.v[i].category),
			  rl_category_name(misuse[i]));
	if (fs.n == 5) {
		check_at(&fs.v[0], 0, "misuse", "main", "MISUSE-UNLOCK");
		check_at(&fs.v[2], 0, "misuse", "reader", "MISUSE-UAF");
	}
	rl_findings_free(&fs);

	parse("leak", &fs, &info);
	CHECK_INT(fs.n, 1);
	if (fs.n == 1) {
		CHECK_INT(fs.v[0].category, RL_CAT_THREAD_LEAK);
		check_at(&fs.v[0], 0, "leak", "main", "LEAK-CREATE");
	}
	rl_findings_free(&fs);

	/* gcc's build also reports the race before the crash */
	parse("crash", &fs, &info);
	CHECK_INT(fs.n, 2);
	if (fs.n == 2) {
		CHECK_INT(fs.v[0].category, RL_CAT_DATA_RACE);
		CHECK_INT(fs.v[1].category, RL_CAT_CRASH);
	}
	rl_findings_free(&fs);

	parse("clean", &fs, &info);
	CHECK_INT(fs.n, 0);
	CHECK_INT(info.complete, 1);
	rl_findings_free(&fs);
}

int main(void)
{
	static const struct rl_test tests[] = {
		RL_TEST(test_race2),
		RL_TEST(test_lockorder),
		RL_TEST(test_misuse_leak_crash_clean),
	};

	return RL_RUN_TESTS(tests);
}
