/* contract_test.c - rl_contract_load() on the headers in
 * testdata/contract/: every key and `expect` form of docs/contract.md,
 * marks resolved to their lines, and each way a header can be wrong,
 * with the sentence that says so.
 *
 * Mark lines are not written down here: the test finds the marker text in
 * the fixture itself, so editing a fixture cannot make the lines drift.
 */
#include "contract.h"
#include "finding.h"
#include "testutil.h"

#define DATA "harness/testdata/contract/"

/* ---- helpers */

/* The line of fixture holding `racelab:mark LABEL`; exits when none. */
static int marker_line(const char *fixture, const char *label)
{
	char want[64], *text, *hit;
	size_t len;
	int line = 1;

	snprintf(want, sizeof want, "racelab:mark %s", label);
	text = rl_test_slurp(fixture, &len);
	hit = strstr(text, want);
	if (!hit) {
		fprintf(stderr, "no `%s` in %s\n", want, fixture);
		exit(2);
	}
	for (char *p = text; p < hit; p++)
		line += *p == '\n';
	free(text);
	return line;
}

static int contains(const char *s, const char *part)
{
	return s && strstr(s, part) != NULL;
}

/* Loading fixture must fail with a sentence holding each of the words. */
static void check_error(const char *fixture, const char *const *words)
{
	struct rl_contract c;
	char err[512] = "";
	int failed = rl_test_failed;

	CHECK_INT(rl_contract_load(fixture, &c, err, sizeof err), -1);
	CHECK(err[0] != '\0');
	for (const char *const *w = words; *w; w++)
		CHECK(contains(err, *w));
	if (rl_test_failed > failed)
		fprintf(stderr, "  (loading %s said: \"%s\")\n", fixture, err);
	rl_contract_free(&c);
}

/* ---- cases */

static void test_fields(const struct rl_contract *c)
{
	CHECK_STR(c->path, DATA "full.c");
	CHECK_STR(c->name, "full");
	CHECK_STR(c->bug,
		  "two workers add to one total with no lock; the load and the "
		  "store are two steps, and another worker's store can fall "
		  "between them. and then: the second store overwrites the "
		  "first (this continuation has a colon, yet it is no key).");
	CHECK_STR(c->cls, "non-atomic-increment");
	CHECK_STR(c->concepts, "critical section, atomicity, mutex");
	CHECK_STR(c->symptom, "the total is short, every run.");
	CHECK_STR(c->fix, "hold one mutex from the load to the store.");
	CHECK_INT(c->nhints, 3);
	if (c->nhints == 3) {
		CHECK_STR(c->hints[0],
			  "first hint, which lines must no one run between?");
		CHECK_STR(c->hints[1], "second hint, spread over two lines: still one hint.");
		CHECK_STR(c->hints[2], "third hint, not a racelab:mark of a line.");
	}
	CHECK(c->max_wait_ms == 100);
	CHECK(c->min_jain == 0.5);
}

static void test_expects(const struct rl_contract *c)
{
	const struct rl_expect *x;

	CHECK_INT(c->nexpects, 6);

	x = rl_contract_written(c, "native");
	CHECK(x != NULL);
	if (x) {
		CHECK_INT(x->kind, RL_EXPECT_FINDING);
		CHECK_INT(x->category, RL_CAT_LOST_UPDATE);
		CHECK(x->reason == NULL);
		CHECK_STR(x->text, "lost-update");
	}
	x = rl_contract_written(c, "tsan");
	CHECK(x != NULL);
	if (x) {
		CHECK_STR(x->detector, "tsan");
		CHECK_INT(x->kind, RL_EXPECT_FINDING);
		CHECK_INT(x->category, RL_CAT_DATA_RACE);
	}
	x = rl_contract_written(c, "helgrind");
	CHECK(x != NULL);
	if (x) {
		CHECK_INT(x->kind, RL_EXPECT_BLIND);
		CHECK_STR(x->reason,
			  "it sees the race only through the lock it never takes");
	}
	x = rl_contract_written(c, "drd");
	CHECK(x != NULL);
	if (x) {
		CHECK_INT(x->kind, RL_EXPECT_CLEAN);
		CHECK_INT(x->category, -1);
		CHECK(x->reason == NULL);
	}
	x = rl_contract_written(c, "watchdog");
	CHECK(x != NULL);
	if (x) {
		CHECK_INT(x->kind, RL_EXPECT_CLEAN);
		CHECK_INT(x->category, RL_CAT_DATA_RACE);
		CHECK_STR(x->reason, "the relaxed atomic looks plain");
		CHECK_STR(x->text,
			  "clean, false-positive data-race - the relaxed atomic looks plain");
	}
	/* a detector with a dash; a value continued on an indented line */
	x = rl_contract_written(c, "tsan-gcc");
	CHECK(x != NULL);
	if (x) {
		CHECK_INT(x->kind, RL_EXPECT_CHANCE);
		CHECK_INT(x->category, RL_CAT_LOST_UPDATE);
		CHECK_STR(x->reason, "only when two cores run it at once");
	}
	/* a detector the header does not name */
	CHECK(rl_contract_written(c, "thread-safety") == NULL);
	CHECK(rl_contract_written(c, "") == NULL);
	CHECK(rl_contract_written(c, "tsa") == NULL);
}

static void test_marks(const struct rl_contract *c)
{
	static const char *const labels[] = { "load", "store", "call" };
	const struct rl_mark *m;

	CHECK_INT(c->nmarks, 3);
	for (size_t i = 0; i < 3 && i < c->nmarks; i++) {
		int line = marker_line(DATA "full.c", labels[i]);

		CHECK_STR(c->marks[i].label, labels[i]);
		CHECK_INT(c->marks[i].line, line);
		m = rl_contract_mark_at(c, line);
		CHECK(m != NULL);
		if (m)
			CHECK_STR(m->label, labels[i]);
	}
	/* unmarked lines: the header, the line before the first mark */
	CHECK(rl_contract_mark_at(c, 1) == NULL);
	CHECK(rl_contract_mark_at(c, marker_line(DATA "full.c", "load") - 1) ==
	      NULL);
	CHECK(rl_contract_mark_at(c, 0) == NULL);
	CHECK(rl_contract_mark_at(c, 10000) == NULL);
}

static void test_full(void)
{
	struct rl_contract c;
	char err[512] = "";

	CHECK_INT(rl_contract_load(DATA "full.c", &c, err, sizeof err), 0);
	CHECK_STR(err, "");
	test_fields(&c);
	test_expects(&c);
	test_marks(&c);
	rl_contract_free(&c);
	CHECK(c.name == NULL && c.nexpects == 0 && c.nmarks == 0);
}

/* Only name, bug and class are required; the rest stay empty. */
static void test_minimal(void)
{
	struct rl_contract c;
	char err[512] = "";

	CHECK_INT(rl_contract_load(DATA "minimal.c", &c, err, sizeof err), 0);
	CHECK_STR(c.name, "minimal");
	CHECK_STR(c.bug, "the least a header can say.");
	CHECK_STR(c.cls, "race");
	CHECK(c.symptom == NULL && c.fix == NULL && c.concepts == NULL);
	CHECK_INT(c.nhints, 0);
	CHECK_INT(c.nexpects, 0);
	CHECK_INT(c.nmarks, 0);
	CHECK(c.max_wait_ms == 0 && c.min_jain == 0);
	CHECK(rl_contract_written(&c, "tsan") == NULL);
	rl_contract_free(&c);

	CHECK_INT(rl_contract_load(DATA "fairness_wait_only.c", &c, err,
				   sizeof err), 0);
	CHECK(c.max_wait_ms == 250);
	CHECK(c.min_jain == 0);
	rl_contract_free(&c);
}

static void test_errors(void)
{
	check_error(DATA "blind_no_reason.c",
		    (const char *const[]){ "expect tsan", "blind - REASON", NULL });
	check_error(DATA "unknown_category.c",
		    (const char *const[]){ "data-rase", "no category", NULL });
	check_error(DATA "false_positive_no_reason.c",
		    (const char *const[]){ "expect helgrind",
					   "clean, false-positive CATEGORY - REASON",
					   NULL });
	check_error(DATA "false_positive_bad_category.c",
		    (const char *const[]){ "racy",
					   "clean, false-positive CATEGORY - REASON",
					   NULL });
	check_error(DATA "chance_no_reason.c",
		    (const char *const[]){ "expect native",
					   "CATEGORY, by chance - REASON", NULL });
	check_error(DATA "no_header.c",
		    (const char *const[]){ "no_header.c", "no header comment",
					   NULL });
	check_error(DATA "missing_class.c",
		    (const char *const[]){ "missing_class.c", "class:", NULL });
	check_error(DATA "missing_name.c",
		    (const char *const[]){ "missing_name.c", "racelab case:",
					   NULL });
	check_error(DATA "fairness_jain_too_big.c",
		    (const char *const[]){ "min-jain 1.5", "max-wait-ms N min-jain X",
					   NULL });
	check_error(DATA "fairness_wait_negative.c",
		    (const char *const[]){ "max-wait-ms -3", "max-wait-ms N",
					   NULL });
	check_error(DATA "fairness_no_threshold.c",
		    (const char *const[]){ "be fair", "max-wait-ms N min-jain X",
					   NULL });
	check_error(DATA "no_such_fixture.c",
		    (const char *const[]){ "cannot read", "no_such_fixture.c",
					   NULL });
	check_error(DATA "unknown_detector.c",
		    (const char *const[]){ "`expect tsna:`", "no detector",
					   "did you mean `expect tsan:`?", NULL });
	check_error(DATA "far_detector.c",
		    (const char *const[]){ "`expect memcheck:`", "no detector",
					   "the detectors are native, tsan, ",
					   " and explore.", NULL });
	check_error(DATA "expect_twice.c",
		    (const char *const[]){ "expect_twice.c", "`expect tsan:`",
					   "written twice", NULL });
	/* the NUL byte said as such, not as "no header comment" */
	check_error(DATA "nul_in_header.c",
		    (const char *const[]){ "nul_in_header.c", "NUL byte",
					   "line 2", "inside its header comment",
					   NULL });
}

/* A header carries only its exceptions: what it does not say is clean
 * for a correct program, and the detector's own default (or nothing) for
 * a broken one. */
static void test_defaults(void)
{
	struct rl_contract c;
	const struct rl_expect *x;
	char err[512] = "";

	CHECK_INT(rl_contract_load(DATA "full.c", &c, err, sizeof err), 0);
	/* written: the same whatever the program is */
	x = rl_contract_expect(&c, "tsan", 1);
	CHECK(x && x == rl_contract_written(&c, "tsan") && !x->by_default);
	CHECK(rl_contract_expect(&c, "tsan", 0) == x);
	/* not written: clean for a correct program */
	x = rl_contract_expect(&c, "thread-safety", 1);
	CHECK(x && x->kind == RL_EXPECT_CLEAN && x->category == -1 &&
	      x->by_default);
	CHECK_STR(x ? x->text : NULL, "clean");
	/* and the detector's default for a broken one: blind, with why */
	x = rl_contract_expect(&c, "thread-safety", 0);
	CHECK(x && x->kind == RL_EXPECT_BLIND && x->by_default);
	CHECK(x && contains(x->reason, "annotations"));
	CHECK(x && contains(x->text, "blind - "));
	rl_contract_free(&c);

	CHECK_INT(rl_contract_load(DATA "minimal.c", &c, err, sizeof err), 0);
	/* a detector with no default for broken programs: nothing */
	CHECK(rl_contract_expect(&c, "tsan", 0) == NULL);
	CHECK(rl_contract_expect(&c, "helgrind", 1) != NULL);
	rl_contract_free(&c);
}

/* A fix's header names its case and what differs: the story (bug,
 * class, concepts, symptom, hints, and the fix in words unless it has its
 * own) is the case's, read from cases/ beside its fixed/; expectations,
 * fairness and marks stay the fix's own. */
static void test_fix(void)
{
	struct rl_contract c;
	const struct rl_expect *x;
	char err[512] = "";

	CHECK_INT(rl_contract_load(DATA "fixed/tidy.c", &c, err, sizeof err), 0);
	CHECK_STR(err, "");
	CHECK(c.is_fix);
	CHECK_STR(c.name, "tidy");
	CHECK_STR(c.bug, "two workers add to one total with no lock.");
	CHECK_STR(c.cls, "non-atomic-increment");
	CHECK_STR(c.concepts, "atomicity, mutex");
	CHECK_STR(c.symptom, "the total is short.");
	CHECK_STR(c.fix, "hold one mutex from the load to the store.");
	CHECK_INT(c.nhints, 2);
	CHECK(c.nhints == 2 && !strcmp(c.hints[1], "a mutex makes them one step."));
	/* the case's `expect native: lost-update` is not the fix's */
	CHECK_INT(c.nexpects, 1);
	CHECK(rl_contract_written(&c, "native") == NULL);
	x = rl_contract_expect(&c, "native", 1);
	CHECK(x && x->kind == RL_EXPECT_CLEAN && x->by_default);
	x = rl_contract_expect(&c, "drd", 1);
	CHECK(x && x->kind == RL_EXPECT_CLEAN && !x->by_default &&
	      x->category == RL_CAT_DATA_RACE);
	CHECK(c.min_jain == 0.5);
	CHECK_INT(c.nmarks, 1);
	CHECK(c.nmarks == 1 &&
	      c.marks[0].line == marker_line(DATA "fixed/tidy.c", "end"));
	rl_contract_free(&c);

	/* an alternative says its own way */
	CHECK_INT(rl_contract_load(DATA "fixed/tidy.atomic.c", &c, err,
				   sizeof err), 0);
	CHECK_STR(c.fix, "one atomic_fetch_add, no mutex.");
	CHECK_STR(c.cls, "non-atomic-increment");
	rl_contract_free(&c);

	/* read alone, a fix's header has no story */
	{
		static const char text[] = "/* racelab fix: tidy\n * expect tsan: clean\n */\n";

		CHECK_INT(rl_contract_parse("fixed/tidy.c", text, sizeof text - 1,
					    &c, err, sizeof err), 0);
		CHECK(c.is_fix && c.bug == NULL && c.cls == NULL);
		rl_contract_free(&c);
	}

	check_error(DATA "fixed/story.c",
		    (const char *const[]){ "fixed/story.c", "carries no `symptom:`",
					   "lives once", NULL });
	check_error(DATA "fixed/other.c",
		    (const char *const[]){ "fixed/other.c", "`racelab fix: tidy`",
					   "names another case", "`racelab fix: other`",
					   NULL });
	check_error(DATA "fixed/orphan.c",
		    (const char *const[]){ "fixed/orphan.c is a fix of orphan",
					   "cannot read", "cases/orphan.c", NULL });
	check_error(DATA "fixed/twice.c",
		    (const char *const[]){ "fixed/twice.c", "`racelab case:`",
					   "named once", NULL });
	check_error(DATA "fixed/of_a_fix.c",
		    (const char *const[]){ "cases/of_a_fix.c",
					   "has a fix's header",
					   "`racelab case: of_a_fix`", NULL });
}

/* A source past 1 MiB is said, not read in part: its header is valid,
 * and so would be the first 1 MiB of it. */
static void test_too_large(void)
{
	static const char header[] = "/* racelab case: big\n * bug: b\n"
				     " * class: race\n * expect tsan: clean\n */\n";
	size_t len = (1u << 20) + 1;
	char *text = malloc(len), err[512] = "";
	struct rl_contract c;

	CHECK(text != NULL);
	memset(text, ' ', len);
	memcpy(text, header, sizeof header - 1);
	CHECK_INT(rl_contract_parse("big.c", text, len - 1, &c, err, sizeof err), 0);
	rl_contract_free(&c);
	CHECK_INT(rl_contract_parse("big.c", text, len, &c, err, sizeof err), -1);
	CHECK(contains(err, "big.c is larger than 1 MiB"));
	CHECK(c.path == NULL);
	free(text);
}

/* A failed load leaves nothing to free: callers that give up on a bad
 * header (a session, `racelab list`) free nothing. Each error path is
 * taken once; the contract must come back empty (and, this test being
 * built with -fsanitize=address, LeakSanitizer finds anything lost). */
static void test_errors_leave_nothing(void)
{
	static const char *const fixtures[] = {
		"blind_no_reason.c", "unknown_category.c", "missing_class.c",
		"fairness_jain_too_big.c", "unknown_detector.c",
		"nul_in_header.c", "no_header.c", "no_such_fixture.c",
		"fixed/story.c", "fixed/other.c", "fixed/orphan.c",
		"fixed/twice.c", "fixed/of_a_fix.c",
	};

	for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
		struct rl_contract c;
		char path[256], err[512];

		snprintf(path, sizeof path, DATA "%s", fixtures[i]);
		CHECK_INT(rl_contract_load(path, &c, err, sizeof err), -1);
		CHECK(c.path == NULL && c.name == NULL && c.cls == NULL &&
		      c.expects == NULL && c.nexpects == 0 && c.hints == NULL &&
		      c.marks == NULL);
		if (c.path || c.expects || c.name)
			fprintf(stderr, "  (%s: left allocated)\n", fixtures[i]);
	}
}

int main(void)
{
	static const struct rl_test tests[] = {
		RL_TEST(test_full),
		RL_TEST(test_minimal),
		RL_TEST(test_errors),
		RL_TEST(test_defaults),
		RL_TEST(test_fix),
		RL_TEST(test_errors_leave_nothing),
		RL_TEST(test_too_large),
	};

	return RL_RUN_TESTS(tests);
}
