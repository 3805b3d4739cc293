/* explore/parse_test.c - rl_parse_explore() on explore.json documents
 * that racelab explore really wrote (testdata/: cases/deadlock_abba.c
 * cases/lost_wakeup_signal_first.c and cases/join_each_other.c under
 * compare; cases/bank_withdraw.c, fixed/deadlock_abba.c,
 * harness/testdata/explore/never_ends.c and waiting/read_pipe_child.c
 * under explore, forcing off; fixed/counter_increment_loop.c under
 * explore --seconds 1), and on text it never wrote.
 */
#include <string.h>

#include "parse.h"
#include "../../testutil.h"

#define DATA "harness/detectors/explore/testdata/"

static int parse(const char *name, struct rl_findings *fs,
		 struct rl_parse_info *info)
{
	char path[256], *text;
	size_t len;
	int rc;

	snprintf(path, sizeof path, DATA "%s.json", name);
	text = rl_test_slurp(path, &len);
	memset(fs, 0, sizeof *fs);
	memset(info, 0, sizeof *info);
	rc = rl_parse_explore(text, len, fs, info);
	free(text);
	return rc;
}

static int ends_with(const char *s, const char *end)
{
	size_t a = s ? strlen(s) : 0, b = strlen(end);

	return a >= b && !strcmp(s + a - b, end);
}

/* A deadlock: one stack per waiting thread, at the line it waits on. */
static void test_deadlock(void)
{
	struct rl_findings fs;
	struct rl_parse_info info;
	const struct rl_finding *f;
	int at38 = 0, at68 = 0;

	CHECK_INT(parse("deadlock", &fs, &info), 0);
	CHECK_INT((int)fs.n, 1);
	CHECK(info.complete);
	if (fs.n != 1)
		return;
	f = &fs.v[0];
	CHECK_INT(f->category, RL_CAT_DEADLOCK);
	CHECK_STR(f->tool, "explore");
	/* the threads named as the other detectors name them */
	CHECK(strstr(f->headline, "main waits for thread 1 to end") != NULL);
	CHECK(strstr(f->headline, "thread 1 waits for mutex bob+16 (held by thread 2)") != NULL);
	CHECK_INT((int)f->nstacks, 3);
	for (size_t i = 0; i < f->nstacks; i++) {
		const struct rl_frame *fr = rl_stack_frame_in(&f->stacks[i],
							       "cases/deadlock_abba.c");

		CHECK(fr != NULL);
		at38 += fr && fr->line == 38 && f->stacks[i].thread > 0;
		at68 += fr && fr->line == 68 && f->stacks[i].thread == 0;
	}
	CHECK_INT(at38, 2);
	CHECK_INT(at68, 1);
	/* the story, at most 80 columns a line, and its schedule */
	CHECK(f->story && strstr(f->story, "step  main                    thread 1                thread 2\n"));
	/* a preemption's caret under the step, in thread 1's lane */
	if (f->story && strstr(f->story, "thread 1")) {
		const char *head = strstr(f->story, "step  main");
		char caret[128];
		int lane = head ? (int)(strstr(head, "thread 1") - head) : 0;

		snprintf(caret, sizeof caret, "\n%*s^ preempted here\n", lane, "");
		CHECK(head && strstr(f->story, caret));
	}
	CHECK(f->story && !strncmp(f->story, "schedule 6 of the search (pct, depth 3, seed 1), 5 preemptions\n", 63));
	for (const char *l = f->story; l && *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);

		CHECK(n <= 80);
		l += n + (nl ? 1 : 0);
	}
	CHECK(ends_with(f->schedule_file, "/bug-1.schedule"));
	rl_findings_free(&fs);
}

/* No thread can run, and the one that waits longest waits for a signal
 * nothing will send: a lost wakeup, as the watchdog names it. */
static void test_lost_wakeup(void)
{
	struct rl_findings fs;
	struct rl_parse_info info;

	CHECK_INT(parse("lost_wakeup", &fs, &info), 0);
	CHECK_INT((int)fs.n, 1);
	if (fs.n != 1)
		return;
	CHECK_INT(fs.v[0].category, RL_CAT_LOST_WAKEUP);
	CHECK(!strncmp(fs.v[0].headline, "lost wakeup: ", 13));
	CHECK(strstr(fs.v[0].headline, "waits for condition loaded_cond") != NULL);
	CHECK_INT((int)fs.v[0].nstacks, 2);
	rl_findings_free(&fs);

	/* two threads that join each other are a deadlock, although main
	 * waits for a signal beside them (cases/join_each_other.c) */
	CHECK_INT(parse("join_cycle", &fs, &info), 0);
	CHECK_INT((int)fs.n, 1);
	if (fs.n == 1) {
		CHECK_INT(fs.v[0].category, RL_CAT_DEADLOCK);
		CHECK(!strncmp(fs.v[0].headline, "deadlock: ", 10));
	}
	rl_findings_free(&fs);
}

/* The program's own check, with its category and no stack; the races
 * beside it, each with both accesses. */
static void test_symptom_and_races(void)
{
	struct rl_findings fs;
	struct rl_parse_info info;

	CHECK_INT(parse("symptom_and_races", &fs, &info), 0);
	CHECK_INT((int)fs.n, 3);
	CHECK_INT(info.tool_error_count, 3);
	if (fs.n != 3)
		return;
	CHECK_INT(fs.v[0].category, RL_CAT_WRONG_RESULT);
	CHECK_STR(fs.v[0].kind, "symptom");
	CHECK(strstr(fs.v[0].headline, "paid out 160") != NULL);
	CHECK_INT((int)fs.v[0].nstacks, 0);
	for (int k = 1; k < 3; k++) {
		const struct rl_finding *r = &fs.v[k];
		const struct rl_frame *a, *b;

		CHECK_INT(r->category, RL_CAT_DATA_RACE);
		CHECK_INT((int)r->nstacks, 2);
		if (r->nstacks != 2)
			continue;
		a = rl_stack_frame_in(&r->stacks[0], "cases/bank_withdraw.c");
		b = rl_stack_frame_in(&r->stacks[1], "cases/bank_withdraw.c");
		CHECK(a && a->line == 37);
		CHECK(b && (b->line == 35 || b->line == 37));
		CHECK(r->stacks[0].access == 'w' || r->stacks[1].access == 'w');
		CHECK(r->stacks[0].thread != r->stacks[1].thread);
		CHECK(!strncmp(r->headline, "data race: thread ", 18) &&
		      strstr(r->headline + 18, " thread ") != NULL);
		CHECK(r->story == NULL);
	}
	rl_findings_free(&fs);
}

/* No bug in the schedules run; and a search cut short says so. */
static void test_clean_and_partial(void)
{
	struct rl_findings fs;
	struct rl_parse_info info;

	CHECK_INT(parse("clean", &fs, &info), 0);
	CHECK_INT((int)fs.n, 0);
	CHECK(info.complete);
	CHECK_STR(info.error, "");
	CHECK_STR(info.scope, "");
	rl_findings_free(&fs);

	/* a search whose time ran out is whole, and says how far it got */
	CHECK_INT(parse("time_up", &fs, &info), 0);
	CHECK_INT((int)fs.n, 0);
	CHECK(info.complete);
	CHECK_STR(info.scope, "in 6 of 1000 schedules: the search's time ran out first");
	rl_findings_free(&fs);

	CHECK_INT(parse("partial", &fs, &info), 0);
	CHECK_INT((int)fs.n, 0);
	CHECK(!info.complete);
	CHECK(strstr(info.error, "cut short") &&
	      strstr(info.error, "10 of 10 schedules ended with no verdict"));
	rl_findings_free(&fs);

	/* a program whose first schedule never ended (a writer in a real
	 * write() to a full pipe): the one schedule is no verdict */
	CHECK_INT(parse("one_stuck", &fs, &info), 0);
	CHECK_INT((int)fs.n, 0);
	CHECK(!info.complete);
	CHECK_STR(info.error, "the search was cut short: its one schedule ended with no verdict");
	rl_findings_free(&fs);

	/* what explore does not control (a child process, a read) is said,
	 * but the search it made is whole */
	CHECK_INT(parse("caveats", &fs, &info), 0);
	CHECK_INT((int)fs.n, 0);
	CHECK(info.complete);
	CHECK_STR(info.error, "");
	rl_findings_free(&fs);
}

/* Text explore never wrote is no explore.json. */
static void test_not_explore(void)
{
	static const char *const bad[] = {
		"", "not json", "[]", "{}", "{\"bugs\": [], \"races\": []}",
		"{\"bugs\": 3, \"races\": [], \"schedules_run\": 1, \"cut_short\": 0}",
		"{\"bugs\": [], \"races\": [], \"schedules_run\": 1}",
		"{\"bugs\": [], \"bugs\": [], \"races\": [], \"schedules_run\": 1}",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct rl_findings fs = { 0 };
		struct rl_parse_info info = { 0 };

		CHECK_INT(rl_parse_explore(bad[i], strlen(bad[i]), &fs, &info), -1);
		CHECK(info.error[0] != '\0');
		CHECK_INT((int)fs.n, 0);
		rl_findings_free(&fs);
	}
}

int main(void)
{
	static const struct rl_test tests[] = {
		RL_TEST(test_deadlock),
		RL_TEST(test_lost_wakeup),
		RL_TEST(test_symptom_and_races),
		RL_TEST(test_clean_and_partial),
		RL_TEST(test_not_explore),
	};

	return RL_RUN_TESTS(tests);
}
