/* match_test: findings of several tools grouped into bugs (match.c), the
 * Wilson interval (rate.c) and a compiler's first error (build.c). */
#include <math.h>

#include "build.h"
#include "match.h"
#include "rate.h"
#include "testutil.h"
#include "util.h"

static const char *const DIRS[] = { "/src/prog", "/src/prog/include" };

/* A finding with one stack per (role, file, line) given. */
static struct rl_finding *add(struct rl_findings *fs, const char *tool,
			      enum rl_category cat, const char *label1,
			      const char *file1, int line1, const char *label2,
			      const char *file2, int line2)
{
	struct rl_finding *f = rl_findings_add(fs, tool, "kind", cat);
	struct rl_stack *s = rl_finding_add_stack(f, label1, 1);

	rl_stack_add_frame(s, "pthread_mutex_lock", "/usr/include/x.h", 10);
	rl_stack_add_frame(s, "f", file1, line1);
	if (label2) {
		s = rl_finding_add_stack(f, label2, 2);
		rl_stack_add_frame(s, "g", file2, line2);
	}
	return f;
}

static void test_grouping(void)
{
	struct rl_findings a = { 0 }, b = { 0 }, c = { 0 };
	struct rl_matches m = { 0 };

	/* tsan: a race at 10 and 20; its thread's creation at 40 */
	add(&a, "tsan", RL_CAT_DATA_RACE, "Write of size 4 at 0x1 by thread T1",
	    "/src/prog/x.c", 10, "Thread T2 (tid=5, running) created by main thread at",
	    "/src/prog/x.c", 40);
	/* helgrind: the same race seen at 20 (and in the header) */
	add(&b, "helgrind", RL_CAT_DATA_RACE,
	    "Possible data race during read of size 4 at 0x1 by thread #2",
	    "/src/prog/x.c", 10, "This conflicts with a previous write of size 4 by thread #3",
	    "/src/prog/include/h.h", 7);
	/* helgrind: a lock-order finding at 10: another category, another bug */
	add(&b, "helgrind", RL_CAT_LOCK_ORDER, "acquired", "/src/prog/x.c", 10,
	    NULL, NULL, 0);
	/* a race only at the thread's creation line: not the first race */
	add(&c, "drd", RL_CAT_DATA_RACE, "Conflicting store by thread 1 at 0x2 size 8",
	    "/src/prog/x.c", 40, NULL, NULL, 0);
	free(c.v[0].stacks[0].frames[1].function);	/* in another function */
	c.v[0].stacks[0].frames[1].function = rl_xstrdup("h");
	/* gcc's line for tsan's race: another line, the same function */
	add(&c, "tsan-gcc", RL_CAT_DATA_RACE, "Read of size 4 at 0x1 by thread T1",
	    "/src/prog/x.c", 9, NULL, NULL, 0);
	/* a finding in no file of the program, and one with no stack */
	add(&c, "drd", RL_CAT_CRASH, "somewhere", "/usr/lib/libc.c", 5, NULL,
	    NULL, 0);
	rl_findings_add(&c, "watchdog", "deadlock", RL_CAT_CRASH);

	rl_match_add(&m, 0, 1, 1, &a.v[0], DIRS, 2);
	rl_match_add(&m, 0, 2, 1, &b.v[0], DIRS, 2);
	rl_match_add(&m, 0, 2, 1, &b.v[1], DIRS, 2);
	rl_match_add(&m, 0, 3, 1, &c.v[0], DIRS, 2);
	rl_match_add(&m, 0, 3, 2, &c.v[0], DIRS, 2);
	rl_match_add(&m, 0, 3, 1, &c.v[2], DIRS, 2);
	rl_match_add(&m, 0, 4, 1, &c.v[3], DIRS, 2);
	rl_match_add(&m, 0, 5, 1, &c.v[1], DIRS, 2);
	rl_match_group(&m);

	/* the creation stack's line 40 is not where tsan's race is */
	CHECK_INT(m.e[0].nlocs, 1);
	CHECK_INT(m.e[0].locs[0].line, 10);
	CHECK_INT(m.e[1].nlocs, 2);	/* x.c:10 and the header's 7 */
	CHECK_INT(m.ng, 4);
	CHECK_INT(m.e[0].group, m.e[1].group);	/* one race, two tools */
	CHECK(m.e[2].group != m.e[1].group);	/* lock-order is another bug */
	CHECK(m.e[3].group != m.e[0].group);	/* another line */
	CHECK_INT(m.e[3].group, m.e[4].group);	/* the same, in two runs */
	CHECK_INT(m.e[7].group, m.e[0].group);	/* gcc's line, same function */
	/* no line of the program: both crashes match by category alone */
	CHECK_INT(m.e[5].nlocs, 0);
	CHECK_INT(m.e[5].group, m.e[6].group);
	CHECK_INT(rl_match_runs(&m, m.e[3].group, 3), 2);
	CHECK_INT(rl_match_runs(&m, m.e[0].group, 3), 0);
	CHECK(rl_match_first(&m, m.e[0].group, 2) == &m.e[1]);
	CHECK(rl_match_first(&m, m.e[0].group, 4) == NULL);
	CHECK_INT(m.g[m.e[0].group].nlocs, 3);	/* x.c:9, x.c:10, h.h:7 */
	/* the normalised access, from each tool's words */
	CHECK_INT(a.v[0].stacks[0].access, 'w');
	CHECK_INT(a.v[0].stacks[1].role, RL_ROLE_THREAD);
	CHECK_INT(b.v[0].stacks[0].access, 'r');
	CHECK_INT(b.v[0].stacks[1].access, 'w');
	CHECK_INT(c.v[0].stacks[0].access, 'w');
	CHECK_INT(c.v[0].stacks[0].size, 8);
	rl_matches_free(&m);
	rl_findings_free(&a);
	rl_findings_free(&b);
	rl_findings_free(&c);
}

/* A lock-order cycle a tool reports and the deadlock the watchdog saw on
 * the same lock calls are one bug, named a deadlock (issue 19, item 13);
 * a lock-order report elsewhere stays its own. */
static void test_cycle_that_happened(void)
{
	struct rl_findings a = { 0 }, b = { 0 };
	struct rl_matches m = { 0 };

	add(&a, "tsan", RL_CAT_LOCK_ORDER, "Mutex M1 acquired here while holding mutex M2",
	    "/src/prog/x.c", 16, "Mutex M2 previously acquired here", "/src/prog/x.c", 17);
	add(&a, "tsan", RL_CAT_LOCK_ORDER, "Mutex M3 acquired here", "/src/prog/x.c", 50,
	    NULL, NULL, 0);
	free(a.v[1].stacks[0].frames[1].function);	/* in another function */
	a.v[1].stacks[0].frames[1].function = rl_xstrdup("h");
	add(&b, "watchdog", RL_CAT_DEADLOCK, "thread 2 waits for mutex <a>",
	    "/src/prog/x.c", 16, "thread 3 waits for mutex <b>", "/src/prog/x.c", 16);
	rl_match_add(&m, 0, 1, 1, &a.v[0], DIRS, 2);
	rl_match_add(&m, 0, 1, 1, &a.v[1], DIRS, 2);
	rl_match_add(&m, 0, 2, 1, &b.v[0], DIRS, 2);
	rl_match_group(&m);
	CHECK_INT(m.ng, 2);
	CHECK_INT(m.e[0].group, m.e[2].group);
	CHECK(m.e[1].group != m.e[0].group);
	CHECK_INT(m.g[m.e[0].group].category, RL_CAT_DEADLOCK);
	CHECK_INT(m.g[m.e[1].group].category, RL_CAT_LOCK_ORDER);
	rl_matches_free(&m);
	rl_findings_free(&a);
	rl_findings_free(&b);
}

static void test_variable(void)
{
	static const struct {
		const char *words, *want;
	} cases[] = {
		{ "Location is global 'counter' of size 8 at 0x55 (x+0x4010)", "counter" },
		{ "Address 0x10c080 is 0 bytes inside data symbol \"slot\"", "slot" },
		{ "Location 0x10c014 is 0 bytes inside global var \"hits\"", "hits" },
		{ "Location is heap block of size 16 at 0x7b04 allocated by main thread", "heap block of size 16" },
		{ "Address 0x4a8e040 is 0 bytes inside a block of size 4 alloc'd", "heap block of size 4" },
		{ "Location is stack of main thread.", "stack of main thread" },
		{ "Location is global '?\?' at 0x7fff ([stack]+0x1)", NULL },
		{ "Required order was established by acquisition of lock", NULL },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rl_findings fs = { 0 };
		struct rl_finding *f = rl_findings_add(&fs, "t", "k", RL_CAT_OTHER);

		rl_finding_set_variable(f, cases[i].words);
		if (cases[i].want)
			CHECK_STR(f->variable, cases[i].want);
		else
			CHECK(f->variable == NULL);
		rl_finding_set_variable(f, "global 'later'");	/* first wins */
		if (cases[i].want)
			CHECK_STR(f->variable, cases[i].want);
		rl_findings_free(&fs);
	}
}

/* A frame with no line (compiler-made code at -O1) gives the line of the
 * nearest frame of the program that has one; with none, the first frame
 * of the program, said to have no line, never a thread's creation. */
static void test_no_line(void)
{
	struct rl_findings fs = { 0 };
	struct rl_finding *f = rl_findings_add(&fs, "tsan", "data race",
					       RL_CAT_DATA_RACE);
	struct rl_stack *s = rl_finding_add_stack(f, "Write of size 8 at 0x1 by thread T1", 1);
	struct rl_stack *t;
	struct rl_matches m = { 0 };
	char text[200];

	s->role = RL_ROLE_ACCESS, s->access = 'w', s->size = 8;
	rl_stack_add_frame(s, "count", "/src/prog/readfile.c", 0);
	rl_stack_add_frame(s, "helper", "/src/prog/readfile.c", 21);
	t = rl_finding_add_stack(f, "Thread T1 (tid=5, running) created by main thread at", 0);
	t->role = RL_ROLE_THREAD;
	rl_stack_add_frame(t, "main", "/src/prog/readfile.c", 40);
	s = &f->stacks[0];	/* the stacks moved */
	CHECK(rl_match_frame(s, DIRS, 2) == &s->frames[1]);
	CHECK(rl_stack_frame_in(s, "readfile.c") == &s->frames[1]);

	/* no frame of the access has a line */
	s->frames[1].line = 0;
	CHECK(rl_match_frame(s, DIRS, 2) == &s->frames[0]);
	CHECK(rl_stack_frame_in(s, "readfile.c") == &s->frames[0]);
	rl_stack_text(s, rl_match_frame(s, DIRS, 2), text, sizeof text);
	CHECK_STR(text, "write 8 by thread 1 @ readfile.c (no line number) (count)");
	rl_match_add(&m, 0, 0, 1, f, DIRS, 2);
	CHECK_INT(m.e[0].nlocs, 1);
	CHECK_INT(m.e[0].locs[0].line, 0);
	CHECK_STR(m.e[0].locs[0].function, "count");
	rl_matches_free(&m);
	rl_findings_free(&fs);
}

static void near(double got, double want)
{
	CHECK(fabs(got - want) < 0.001);
	if (fabs(got - want) >= 0.001)
		fprintf(stderr, "  %f, want %f\n", got, want);
}

static void test_wilson(void)
{
	double lo, hi;
	char text[64];

	/* values from the formula, checked by hand */
	rl_wilson(0, 20, &lo, &hi);
	near(lo, 0), near(hi, 0.1611);
	rl_wilson(20, 20, &lo, &hi);
	near(lo, 0.8389), near(hi, 1);
	rl_wilson(10, 20, &lo, &hi);
	near(lo, 0.2993), near(hi, 0.7007);
	rl_wilson(1, 1, &lo, &hi);
	near(lo, 0.2065), near(hi, 1);
	rl_rate_text(0, 20, text, sizeof text);
	CHECK_STR(text, "0 of 20 (rate < 16%)");
	rl_rate_text(19, 20, text, sizeof text);
	CHECK_STR(text, "19 of 20 (76-99%)");
	rl_rate_text(1, 1, text, sizeof text);
	CHECK_STR(text, "1 of 1");
}

static void test_first_error(void)
{
	char line[256];

	rl_build_first_error(
		"x.c: In function 'main':\n"
		"x.c:3:9: warning: unused variable 'y' [-Wunused-variable]\n"
		"  x.c:4:10: error: 'z' undeclared (first use in this function)\n"
		"x.c:5:1: error: expected ';'\n",
		line, sizeof line);
	CHECK_STR(line, "x.c:4:10: error: 'z' undeclared (first use in this function)");
	rl_build_first_error("/usr/bin/ld: /tmp/x.o: in function `main':\n"
			     "x.c:(.text+0x5): undefined reference to `nope'\n"
			     "collect2: error: ld returned 1 exit status\n",
			     line, sizeof line);
	CHECK_STR(line, "x.c:(.text+0x5): undefined reference to `nope'");
	rl_build_first_error("all is well\n", line, sizeof line);
	CHECK_STR(line, "");
}

int main(void)
{
	static const struct rl_test tests[] = {
		RL_TEST(test_no_line),
		RL_TEST(test_grouping),
		RL_TEST(test_cycle_that_happened),
		RL_TEST(test_variable),
		RL_TEST(test_wilson),
		RL_TEST(test_first_error),
	};

	return RL_RUN_TESTS(tests);
}
