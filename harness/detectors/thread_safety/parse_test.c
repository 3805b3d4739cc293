/* thread_safety/parse_test.c - rl_parse_thread_safety() on what clang 14
 * really wrote for the annotated programs in testdata/programs/ (captured
 * by testdata/regenerate.sh), and on lines clang never wrote. Lines are
 * found by the programs' marker comments ("@double-lock").
 */
#include "parse.h"
#include "../../testutil.h"

#define DATA "harness/detectors/thread_safety/testdata/"
#define PROGS DATA "programs/"

static int marker_line(const char *prog, const char *mark)
{
	char path[256], want[64], *src, *hit;
	size_t len;
	int line = 1;

	snprintf(path, sizeof path, PROGS "%s.c", prog);
	snprintf(want, sizeof want, "@%s ", mark);
	src = rl_test_slurp(path, &len);
	if (!(hit = strstr(src, want))) {
		fprintf(stderr, "no marker @%s in %s\n", mark, path);
		exit(2);
	}
	for (const char *p = src; p < hit; p++)
		line += *p == '\n';
	free(src);
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
	CHECK_INT(rl_parse_thread_safety(text, len, fs, info), 0);
	CHECK_INT(info->complete, 1);
	free(text);
}

/* Finding f is CAT, and stack k's frame is PROG.c at MARK. */
static void check(const struct rl_finding *f, enum rl_category cat,
		  size_t k, const char *prog, const char *mark)
{
	char suffix[256];
	const struct rl_frame *fr = NULL;

	CHECK_STR(f->tool, "thread-safety");
	CHECK_STR(rl_category_name(f->category), rl_category_name(cat));
	snprintf(suffix, sizeof suffix, PROGS "%s.c", prog);
	CHECK(k < f->nstacks);
	if (k < f->nstacks)
		fr = rl_stack_frame_in(&f->stacks[k], suffix);
	CHECK(fr != NULL);
	if (fr)
		CHECK_INT(fr->line, marker_line(prog, mark));
}

static void test_guarded(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	parse("guarded", &fs, &info);
	CHECK_INT(fs.n, 5);
	if (fs.n == 5) {
		check(&fs.v[0], RL_CAT_DATA_RACE, 0, "guarded", "write-unlocked");
		CHECK_STR(fs.v[0].kind, "-Wthread-safety-analysis");
		CHECK_STR(fs.v[0].headline,
			  "writing variable 'balance' requires holding mutex 'lock' exclusively");
		check(&fs.v[1], RL_CAT_DATA_RACE, 0, "guarded", "pt-write-unlocked");
		check(&fs.v[2], RL_CAT_DATA_RACE, 0, "guarded", "call-unlocked");
		check(&fs.v[3], RL_CAT_DATA_RACE, 0, "guarded", "read-unlocked");
		CHECK_INT(fs.v[0].nstacks, 1);
	}
	rl_findings_free(&fs);
}

static void test_misuse(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	parse("misuse", &fs, &info);
	CHECK_INT(fs.n, 6);
	if (fs.n == 6) {
		check(&fs.v[0], RL_CAT_MUTEX_MISUSE, 0, "misuse", "double-lock");
		/* the note: where it was first taken, a stack of its own */
		CHECK_INT(fs.v[0].nstacks, 2);
		CHECK_STR(fs.v[0].stacks[1].label, "mutex acquired here");
		check(&fs.v[1], RL_CAT_MUTEX_MISUSE, 0, "misuse", "release-unheld");
		/* said at the closing brace; the note is on the lock */
		check(&fs.v[2], RL_CAT_MUTEX_MISUSE, 1, "misuse", "still-held");
		CHECK(strstr(fs.v[2].headline, "still held at the end of function"));
		check(&fs.v[3], RL_CAT_DATA_RACE, 0, "misuse", "some-paths-write");
		check(&fs.v[4], RL_CAT_MUTEX_MISUSE, 1, "misuse", "some-paths");
	}
	rl_findings_free(&fs);
}

static void test_order_plain_clean(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	parse("order", &fs, &info);
	CHECK_INT(fs.n, 1);
	if (fs.n == 1)
		check(&fs.v[0], RL_CAT_LOCK_ORDER, 0, "order", "wrong-order");
	rl_findings_free(&fs);

	/* The unannotated race says nothing; guarded_by on a plain
	 * pthread_mutex_t is an annotation mistake (other), and the lock
	 * taken with plain pthread calls is not seen as held. */
	parse("plain", &fs, &info);
	CHECK_INT(fs.n, 2);
	if (fs.n == 2) {
		check(&fs.v[0], RL_CAT_OTHER, 0, "plain", "not-a-capability");
		CHECK_STR(fs.v[0].kind, "-Wthread-safety-attributes");
		CHECK_INT(fs.v[1].category, RL_CAT_DATA_RACE);
	}
	rl_findings_free(&fs);

	parse("clean", &fs, &info);
	CHECK_INT(fs.n, 0);
	rl_findings_free(&fs);
}

/* Lines clang never wrote, or not of this analysis. */
static void test_not_ours(void)
{
	static const char text[] =
		"x.c:3:1: warning: unused variable 'y' [-Wunused-variable]\n"
		"x.c:2:1: note: a note of the unused variable\n"
		"my: warning: dir/x.c:7:2: warning: releasing mutex 'm' that was not held [-Wthread-safety-analysis]\n"
		"x.c:0:1: warning: acquiring mutex 'm' that is already held [-Wthread-safety-analysis]\n"
		"x.c:5:: warning: acquiring mutex 'm' that is already held [-Wthread-safety-analysis]\n"
		"x.c:9:3: error: use of undeclared identifier 'q'\n"
		"2 warnings and 1 error generated.\n"
		"x.c:11:2: warning: writing variable 'v' requires holding mutex 'm' exclusively [-Wthread-safety-analys";
	struct rl_findings fs = { 0 };
	struct rl_parse_info info = { 0 };

	CHECK_INT(rl_parse_thread_safety(text, sizeof text - 1, &fs, &info), 0);
	/* only the line whose file name holds ": warning: " */
	CHECK_INT(fs.n, 1);
	if (fs.n == 1) {
		CHECK_STR(fs.v[0].stacks[0].frames[0].file, "my: warning: dir/x.c");
		CHECK_INT(fs.v[0].stacks[0].frames[0].line, 7);
		CHECK_INT(fs.v[0].nstacks, 1);	/* the unused's note is not its */
	}
	CHECK_INT(info.complete, 0);	/* cut inside its last line */
	rl_findings_free(&fs);
	CHECK_INT(rl_parse_thread_safety("", 0, &fs, &info), 0);
	CHECK_INT(fs.n, 0);
}

int main(void)
{
	static const struct rl_test tests[] = {
		RL_TEST(test_guarded),
		RL_TEST(test_misuse),
		RL_TEST(test_order_plain_clean),
		RL_TEST(test_not_ours),
	};

	return RL_RUN_TESTS(tests);
}
