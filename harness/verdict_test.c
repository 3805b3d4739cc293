/* verdict_test.c - rl_judge() on findings and outcomes built by hand,
 * against the contract of testdata/verdict/race.c (one detector name per
 * kind of expectation: tsan a category, native a stack-less symptom,
 * helgrind blind, drd clean, tsan-gcc a known false positive).
 *
 * Lines come from the contract's own marks (contract_test checks those
 * are right), so nothing here is a line number. `why` and `next` are
 * checked for their key words, not their sentences.
 */
#include "verdict.h"

#include <signal.h>

#include "testutil.h"
#include "util.h"

#define FIXTURE "harness/testdata/verdict/race.c"
#define SUFFIX "cases/race.c"
#define FRAME_FILE "/home/user/racelab/cases/race.c"	/* as debug info names it */
#define RERUN "racelab test race --variant broken --detector tsan"
#define TSAN_EXIT 66

static struct rl_contract contract;
static int load_line, store_line, unmarked_line;

/* ---- helpers */

static int mark_line(const char *label)
{
	for (size_t i = 0; i < contract.nmarks; i++)
		if (strcmp(contract.marks[i].label, label) == 0)
			return contract.marks[i].line;
	fprintf(stderr, "%s has no mark %s\n", FIXTURE, label);
	exit(2);
}

/* The line of the fixture that holds text (a line with no mark). */
static int line_of(const char *text)
{
	size_t len;
	char *src = rl_test_slurp(FIXTURE, &len), *hit = strstr(src, text);
	int line = 1;

	if (!hit) {
		fprintf(stderr, "no `%s` in %s\n", text, FIXTURE);
		exit(2);
	}
	for (char *p = src; p < hit; p++)
		line += *p == '\n';
	free(src);
	return line;
}

static void load_contract(void)
{
	char err[512];

	if (rl_contract_load(FIXTURE, &contract, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		exit(2);
	}
	load_line = mark_line("load");
	store_line = mark_line("store");
	unmarked_line = line_of("\tadd();");
}

static struct rl_outcome exited(int code)
{
	struct rl_outcome o = { 0 };

	o.how = RL_EXITED;
	o.exit_code = code;
	o.duration_s = 0.1;
	return o;
}

static struct rl_evidence evidence(const char *detector,
				   const struct rl_findings *fs,
				   const struct rl_outcome *o)
{
	struct rl_evidence e = { 0 };

	e.detector = detector;
	e.source = SUFFIX;
	e.source_suffix = SUFFIX;
	e.rerun = RERUN;
	e.findings = fs;
	e.outcome = o;
	e.findings_exit_code = strcmp(detector, "tsan") == 0 ? TSAN_EXIT : 0;
	return e;
}

/* A data race (or other category) whose both stacks start at line. */
static void add_race(struct rl_findings *fs, enum rl_category cat, int line)
{
	struct rl_finding *f = rl_findings_add(fs, "tsan", "data race", cat);
	struct rl_stack *s = rl_finding_add_stack(f, "Write of size 8 by thread T1", 1);

	rl_stack_add_frame(s, "add", FRAME_FILE, line);
	rl_stack_add_frame(s, "worker", FRAME_FILE, unmarked_line);
	s = rl_finding_add_stack(f, "Previous write of size 8 by thread T2", 2);
	rl_stack_add_frame(s, "add", FRAME_FILE, line);
	rl_stack_add_frame(s, "worker", FRAME_FILE, unmarked_line);
}

static int contains(const char *s, const char *part)
{
	return s && strstr(s, part) != NULL;
}

/* One judgement and its checks: verdict, words that `why` and `next` must
 * hold (NULL: none), and whether `next` must be empty (a pass). */
static void expect_verdict(const char *what, const struct rl_evidence *e,
			   enum rl_verdict want, const char *why1,
			   const char *why2, const char *next1)
{
	struct rl_judgement j;
	int failed = rl_test_failed;

	rl_judge(&contract, e, &j);
	CHECK_STR(rl_verdict_name(j.verdict), rl_verdict_name(want));
	CHECK(j.why[0] != '\0');
	if (why1)
		CHECK(contains(j.why, why1));
	if (why2)
		CHECK(contains(j.why, why2));
	if (rl_verdict_passes(want))
		CHECK_STR(j.next, "");
	else
		CHECK(j.next[0] != '\0');
	if (next1)
		CHECK(contains(j.next, next1));
	if (rl_test_failed > failed)
		fprintf(stderr, "  (%s: verdict %s, why \"%s\", next \"%s\")\n",
			what, rl_verdict_name(j.verdict), j.why, j.next);
}

static const char *at(int line)
{
	static char buf[8][64];
	static int n;
	char *b = buf[n++ % 8];

	snprintf(b, 64, SUFFIX ":%d", line);
	return b;
}

/* ---- expected findings (tsan: data-race at a mark) */

static void test_detected(void)
{
	struct rl_outcome o = exited(TSAN_EXIT);
	struct rl_findings fs = { 0 };
	struct rl_evidence e;
	struct rl_finding *f;
	struct rl_stack *s;

	add_race(&fs, RL_CAT_DATA_RACE, load_line);
	e = evidence("tsan", &fs, &o);
	expect_verdict("race at the load", &e, RL_DETECTED, at(load_line),
		       "data-race", NULL);
	rl_findings_free(&fs);

	/* the top frames are racelab.h and libc: the first frame in the
	 * source, deeper down, is what counts */
	f = rl_findings_add(&fs, "tsan", "data race", RL_CAT_DATA_RACE);
	s = rl_finding_add_stack(f, "Write by thread T1", 1);
	rl_stack_add_frame(s, "__tsan_write8", NULL, 0);
	rl_stack_add_frame(s, "pthread_mutex_lock",
			   "../nptl/pthread_mutex_lock.c", 80);
	rl_stack_add_frame(s, "rl_lock", "/x/harness/case/racelab.h", 212);
	rl_stack_add_frame(s, "add", FRAME_FILE, store_line);
	rl_stack_add_frame(s, "worker", FRAME_FILE, unmarked_line);
	e = evidence("tsan", &fs, &o);
	expect_verdict("race below racelab.h and libc", &e, RL_DETECTED,
		       at(store_line), NULL, NULL);
	rl_findings_free(&fs);

	/* the second stack alone points at a mark; `why` must name that
	 * line, not the first frame in the source of any stack */
	f = rl_findings_add(&fs, "tsan", "data race", RL_CAT_DATA_RACE);
	s = rl_finding_add_stack(f, "Read by main thread", 0);
	rl_stack_add_frame(s, "main", FRAME_FILE, unmarked_line);
	s = rl_finding_add_stack(f, "Previous write by thread T1", 1);
	rl_stack_add_frame(s, "add", FRAME_FILE, store_line);
	e = evidence("tsan", &fs, &o);
	expect_verdict("race, second stack marked", &e, RL_DETECTED,
		       at(store_line), NULL, NULL);
	rl_findings_free(&fs);

	/* after an unrelated finding */
	rl_findings_add(&fs, "tsan", "thread leak", RL_CAT_THREAD_LEAK);
	add_race(&fs, RL_CAT_DATA_RACE, store_line);
	e = evidence("tsan", &fs, &o);
	expect_verdict("race after a leak", &e, RL_DETECTED, at(store_line),
		       NULL, NULL);
	rl_findings_free(&fs);
}

/* native: a stack-less symptom counts by its category alone */
static void test_detected_without_stack(void)
{
	struct rl_outcome o = exited(0);
	struct rl_findings fs = { 0 };
	struct rl_evidence e;
	struct rl_finding *f;

	f = rl_findings_add(&fs, "native", "symptom", RL_CAT_LOST_UPDATE);
	f->headline = rl_xstrdup("total is 7993, want 8000");
	e = evidence("native", &fs, &o);
	expect_verdict("stack-less symptom", &e, RL_DETECTED, "lost-update",
		       "7993", NULL);
	rl_findings_free(&fs);

	/* the watchdog's thread stacks, when the debugger gave no frame in
	 * time: nowhere to point, so the category counts */
	f = rl_findings_add(&fs, "native", "deadlock", RL_CAT_LOST_UPDATE);
	f->headline = rl_xstrdup("deadlock: thread 7 waits for thread 8");
	rl_finding_add_stack(f, "thread 7 waits for mutex <a+16>", 7);
	rl_finding_add_stack(f, "thread 8 waits for mutex <b+16>", 8);
	e = evidence("native", &fs, &o);
	expect_verdict("frame-less stacks", &e, RL_DETECTED, "lost-update",
		       "deadlock", NULL);
	rl_findings_free(&fs);
	/* but one frame, outside the marked lines, is a place: missed */
	f = rl_findings_add(&fs, "native", "deadlock", RL_CAT_LOST_UPDATE);
	rl_stack_add_frame(rl_finding_add_stack(f, "thread 7", 7), "main",
			   FRAME_FILE, unmarked_line);
	e = evidence("native", &fs, &o);
	expect_verdict("a frame off the marks", &e, RL_MISSED, "lost-update",
		       NULL, RERUN);
	rl_findings_free(&fs);

	/* the wrong category without a stack is still missed */
	f = rl_findings_add(&fs, "native", "symptom", RL_CAT_WRONG_RESULT);
	f->headline = rl_xstrdup("the list is out of order");
	e = evidence("native", &fs, &o);
	expect_verdict("stack-less, wrong category", &e, RL_MISSED,
		       "wrong-result", NULL, RERUN);
	rl_findings_free(&fs);
}

static void test_missed(void)
{
	struct rl_outcome o = exited(0), o66 = exited(TSAN_EXIT);
	struct rl_findings fs = { 0 };
	struct rl_evidence e;
	struct rl_finding *f;
	struct rl_stack *s;

	e = evidence("tsan", &fs, &o);
	expect_verdict("nothing reported", &e, RL_MISSED, "nothing",
		       "data-race", RERUN);

	/* the right category at a line with no mark */
	add_race(&fs, RL_CAT_DATA_RACE, unmarked_line);
	e = evidence("tsan", &fs, &o66);
	expect_verdict("race at an unmarked line", &e, RL_MISSED,
		       at(unmarked_line), NULL, RERUN);
	rl_findings_free(&fs);

	/* the wrong category at a marked line */
	add_race(&fs, RL_CAT_LOCK_ORDER, load_line);
	e = evidence("tsan", &fs, &o66);
	expect_verdict("lock-order at a marked line", &e, RL_MISSED,
		       "lock-order", at(load_line), "racelab:mark");
	rl_findings_free(&fs);

	/* a marked line deeper than the innermost frame in the source does
	 * not count: the finding points at the innermost one */
	f = rl_findings_add(&fs, "tsan", "data race", RL_CAT_DATA_RACE);
	s = rl_finding_add_stack(f, "Write by thread T1", 1);
	rl_stack_add_frame(s, "worker", FRAME_FILE, unmarked_line);
	rl_stack_add_frame(s, "add", FRAME_FILE, store_line);
	e = evidence("tsan", &fs, &o66);
	expect_verdict("mark below the innermost frame", &e, RL_MISSED,
		       at(unmarked_line), NULL, RERUN);
	rl_findings_free(&fs);

	/* a file that only ends like the source is another file */
	f = rl_findings_add(&fs, "tsan", "data race", RL_CAT_DATA_RACE);
	s = rl_finding_add_stack(f, "Write by thread T1", 1);
	rl_stack_add_frame(s, "add", "/x/mycases/race.c", store_line);
	e = evidence("tsan", &fs, &o66);
	expect_verdict("race in another file", &e, RL_MISSED, NULL, NULL,
		       RERUN);
	rl_findings_free(&fs);
}

/* ---- helgrind: blind; drd: clean; tsan-gcc: a known false positive */

static void test_blind(void)
{
	struct rl_outcome o = exited(0);
	struct rl_findings fs = { 0 };
	struct rl_evidence e = evidence("helgrind", &fs, &o);

	expect_verdict("blind, nothing said", &e, RL_BLIND,
		       "only to exercise the verdict", NULL, NULL);
	/* a blind tool that could not finish either (explore's search cut
	 * short): still blind, and it says why it stopped */
	e.tool_failed = "the search was partial: 2 schedules did not end";
	expect_verdict("blind, and could not finish", &e, RL_BLIND,
		       "only to exercise the verdict", "search was partial", NULL);
	/* a fix whose own header says the tool is blind to it
	 * (peterson_relaxed's spinning under explore): blind, and why */
	e.is_fix = 1;
	expect_verdict("a fix declared blind, the tool could not finish", &e,
		       RL_BLIND, "only to exercise the verdict",
		       "search was partial", NULL);
	/* a program that must be clean: that stays an error */
	e = evidence("drd", &fs, &o);
	e.is_fix = 1;
	e.tool_failed = "the search was partial: 2 schedules did not end";
	expect_verdict("a fix the tool could not finish", &e, RL_ERROR,
		       "search was partial", NULL, NULL);
	e = evidence("helgrind", &fs, &o);

	add_race(&fs, RL_CAT_DATA_RACE, load_line);
	e = evidence("helgrind", &fs, &o);
	expect_verdict("blind, yet a race", &e, RL_UNEXPECTED, "data-race",
		       at(load_line), "expect helgrind:");
	rl_findings_free(&fs);
}

static void test_clean(void)
{
	struct rl_outcome o = exited(0);
	struct rl_findings fs = { 0 };
	struct rl_evidence e = evidence("drd", &fs, &o);
	struct rl_finding *f;

	expect_verdict("clean, nothing said", &e, RL_CLEAN, "drd", NULL, NULL);
	/* a search that did less than asked says how much */
	e.scope = "in 6 of 1000 schedules: the search's time ran out first";
	expect_verdict("clean, in part of a search", &e, RL_CLEAN,
		       "drd reported nothing in 6 of 1000 schedules", NULL, NULL);
	e.scope = NULL;

	add_race(&fs, RL_CAT_DATA_RACE, store_line);
	e = evidence("drd", &fs, &o);
	expect_verdict("clean, yet a race", &e, RL_FLAGGED, at(store_line),
		       "not clean", RERUN);
	rl_findings_free(&fs);

	/* a stack-less finding flags a clean program too */
	f = rl_findings_add(&fs, "drd", "symptom", RL_CAT_WRONG_RESULT);
	f->headline = rl_xstrdup("the sum is off by one");
	e = evidence("drd", &fs, &o);
	expect_verdict("clean, yet a symptom", &e, RL_FLAGGED, "wrong-result",
		       "off by one", SUFFIX);
	rl_findings_free(&fs);
}

/* The fixture's contract with Helgrind and DRD expecting its race, for
 * a missed verdict of theirs. Lines keep their numbers: no line is added
 * or removed. */
static void load_valgrind_contract(struct rl_contract *c)
{
	static const char *const swaps[][2] = {
		{ "expect helgrind: blind - said here only to exercise the verdict",
		  "expect helgrind: data-race" },
		{ "expect drd: clean", "expect drd: data-race" },
	};
	char err[512], *src;
	size_t len;

	src = rl_test_slurp(FIXTURE, &len);
	for (size_t i = 0; i < 2; i++) {
		char *hit = strstr(src, swaps[i][0]), *edited;
		size_t at, from = strlen(swaps[i][0]), to = strlen(swaps[i][1]);

		if (!hit) {
			fprintf(stderr, "no `%s` in %s\n", swaps[i][0], FIXTURE);
			exit(2);
		}
		at = (size_t)(hit - src);
		edited = malloc(len - from + to + 1);
		if (!edited)
			abort();
		memcpy(edited, src, at);
		memcpy(edited + at, swaps[i][1], to);
		memcpy(edited + at + to, hit + from, len - at - from + 1);
		free(src);
		src = edited;
		len = len - from + to;
	}
	if (rl_contract_parse(FIXTURE, src, len, c, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		exit(2);
	}
	free(src);
}

/* Reports the user's suppressions hid are said beside a missed or clean
 * verdict: they may be why. The next step names where the detector takes
 * the user's options from. */
static void test_suppressed(void)
{
	struct rl_outcome o = exited(0);
	struct rl_findings fs = { 0 };
	struct rl_evidence e = evidence("tsan", &fs, &o);
	struct rl_contract fixture = contract;

	e.suppressed = 2;
	e.user_options = "TSAN_OPTIONS";
	expect_verdict("missed, 2 suppressed", &e, RL_MISSED,
		       "tsan matched 2 reports to your suppressions", "hides the bug",
		       "without the suppressions in your TSAN_OPTIONS: `" RERUN "`");
	/* a detector that names no options still gets a next step */
	e.user_options = NULL;
	expect_verdict("missed, nowhere named", &e, RL_MISSED, NULL, NULL,
		       "without the suppressions in your tool options");

	/* Valgrind's tools, where the contract expects the race of them */
	load_valgrind_contract(&contract);
	e = evidence("helgrind", &fs, &o);
	e.suppressed = 1000;
	e.user_options = "VALGRIND_OPTS or .valgrindrc";
	expect_verdict("helgrind missed, 1000 suppressed", &e, RL_MISSED,
		       "helgrind matched 1000 reports to your suppressions and did not show them",
		       "which may be what hides the bug",
		       "without the suppressions in your VALGRIND_OPTS or .valgrindrc: `" RERUN "`");
	e = evidence("drd", &fs, &o);
	e.suppressed = 1;
	e.user_options = "VALGRIND_OPTS or .valgrindrc";
	expect_verdict("drd missed, 1 suppressed", &e, RL_MISSED,
		       "drd matched 1 report to your suppressions and did not show it",
		       "hides the bug", "VALGRIND_OPTS or .valgrindrc");
	e.suppressed = 0;
	expect_verdict("drd missed, none suppressed", &e, RL_MISSED, NULL, NULL,
		       "racelab:mark");
	rl_contract_free(&contract);
	contract = fixture;

	/* the fixture's drd: clean */
	e.suppressed = 1;
	expect_verdict("clean, 1 suppressed", &e, RL_CLEAN,
		       "drd matched 1 report to your suppressions", "makes it clean",
		       NULL);
	e.suppressed = 0;
	expect_verdict("clean, none suppressed", &e, RL_CLEAN, NULL, NULL, NULL);
	{
		struct rl_judgement j;

		rl_judge(&contract, &e, &j);
		CHECK(!contains(j.why, "suppression"));
	}
}

static void test_false_positive(void)
{
	struct rl_outcome o = exited(0);
	struct rl_findings fs = { 0 };
	struct rl_evidence e = evidence("tsan-gcc", &fs, &o);

	expect_verdict("false positive not seen", &e, RL_CLEAN, NULL, NULL,
		       NULL);

	add_race(&fs, RL_CAT_DATA_RACE, load_line);
	add_race(&fs, RL_CAT_DATA_RACE, unmarked_line);
	e = evidence("tsan-gcc", &fs, &o);
	expect_verdict("only the declared false positive", &e,
		       RL_FALSE_POSITIVE, "data-race",
		       "the relaxed flag looks plain", NULL);

	/* the declared category and another one: flagged, for the other */
	add_race(&fs, RL_CAT_LOCK_ORDER, store_line);
	e = evidence("tsan-gcc", &fs, &o);
	expect_verdict("false positive and a lock-order", &e, RL_FLAGGED,
		       "lock-order", at(store_line), RERUN);
	rl_findings_free(&fs);
}

static void test_no_contract(void)
{
	struct rl_outcome o = exited(0);
	struct rl_findings fs = { 0 };
	struct rl_evidence e = evidence("watchdog", &fs, &o);

	expect_verdict("detector not in the header", &e, RL_NO_CONTRACT,
		       "watchdog", SUFFIX, "expect watchdog:");
	CHECK(!rl_verdict_passes(RL_NO_CONTRACT));
}

/* No contract (compare): a tool that says it cannot see the program is
 * blind, not clean; what it found still counts. */
static void test_open_blind(void)
{
	struct rl_outcome o = exited(0);
	struct rl_findings fs = { 0 }, race = { 0 };
	struct rl_evidence e = evidence("thread-safety", &fs, &o);
	struct rl_judgement j;

	rl_judge(NULL, &e, &j);
	CHECK_STR(rl_verdict_name(j.verdict), "clean");
	e.blind = "no annotations: nothing for clang to check";
	rl_judge(NULL, &e, &j);
	CHECK_STR(rl_verdict_name(j.verdict), "blind");
	CHECK_STR(j.why, "no annotations: nothing for clang to check");
	add_race(&race, RL_CAT_DATA_RACE, load_line);
	e.findings = &race;
	rl_judge(NULL, &e, &j);
	CHECK_STR(rl_verdict_name(j.verdict), "found");
	rl_findings_free(&race);
}

/* ---- the run itself went wrong */

static void test_errors(void)
{
	struct rl_findings fs = { 0 }, race = { 0 };
	struct rl_outcome o;
	struct rl_evidence e;

	add_race(&race, RL_CAT_DATA_RACE, load_line);

	memset(&o, 0, sizeof o);
	o.how = RL_SPAWN_FAILED;
	snprintf(o.error, sizeof o.error,
		 "cannot start bazel-bin/cases/race_tsan: No such file or directory");
	e = evidence("tsan", &fs, &o);
	expect_verdict("spawn failed", &e, RL_ERROR, "race_tsan",
		       "No such file", "bazel build");

	/* timed out with nothing found: an error, saying what it can */
	memset(&o, 0, sizeof o);
	o.how = RL_TIMED_OUT;
	o.duration_s = 20.2;
	e = evidence("tsan", &fs, &o);
	expect_verdict("timed out", &e, RL_ERROR, "did not finish",
		       "not all asleep", "rl_progress()");
	/* still waiting at the limit: said as what it is, never a hang */
	e.waiting = "thread 7 (main) in read() on fd 0 (/dev/null)";
	expect_verdict("timed out, waiting", &e, RL_ERROR, "still waiting, not hung",
		       "read() on fd 0", "waits by design");
	e.waiting = NULL;
	/* what a timeout can honestly conclude */
	e = evidence("tsan", &fs, &o);
	e.was_busy = 1;
	expect_verdict("timed out, busy", &e, RL_ERROR, "did not finish",
		       "cannot tell a livelock from long work", NULL);
	e.marks_progress = 1;
	e.progress_age_s = 0.2;
	expect_verdict("timed out, busy with progress", &e, RL_ERROR,
		       "last marked progress 0.2 s before the end",
		       "too recently to call it a livelock", NULL);

	memset(&o, 0, sizeof o);
	o.how = RL_STOPPED;
	o.signal = SIGKILL;
	o.output_capped = 1;
	e = evidence("tsan", &race, &o);
	expect_verdict("output capped", &e, RL_ERROR, "stdout or stderr", "cap", NULL);
	e.is_fix = 1;	/* a flood is not a hang */
	expect_verdict("output capped, fix", &e, RL_ERROR, "stdout or stderr", "cap",
		       NULL);

	/* past the memory limit: neither a hang nor a finding, also when the
	 * tool had found something before */
	memset(&o, 0, sizeof o);
	o.how = RL_STOPPED;
	o.signal = SIGKILL;
	o.memory_capped = 1;
	o.resident_kb = 600 * 1024;
	o.resident_limit_kb = 512 * 1024;
	e = evidence("helgrind", &race, &o);
	expect_verdict("memory capped", &e, RL_ERROR,
		       "held 600 MiB of resident memory together under helgrind",
		       "limit of 512 MiB (--memory)", NULL);
	e.is_fix = 1;
	expect_verdict("memory capped, fix", &e, RL_ERROR, "limit of 512 MiB",
		       NULL, NULL);

	memset(&o, 0, sizeof o);
	o.how = RL_SIGNALED;
	o.signal = SIGXFSZ;
	o.file_capped = 1;
	e = evidence("tsan", &fs, &o);
	expect_verdict("file capped", &e, RL_ERROR, "file larger", "SIGXFSZ", NULL);

	o = exited(0);
	e = evidence("tsan", &race, &o);
	e.parse_failed = 1;
	e.parse_error = "the report ended in the middle of a stack";
	expect_verdict("parse failure", &e, RL_ERROR, "tsan",
		       "ended in the middle of a stack", "raw output");

	o = exited(1);
	e = evidence("tsan", &race, &o);
	expect_verdict("exit 1", &e, RL_ERROR, "status 1", NULL, "stderr");

	/* TSan's "found something" status, yet no finding was read */
	o = exited(TSAN_EXIT);
	e = evidence("tsan", &fs, &o);
	expect_verdict("exit 66, no finding", &e, RL_ERROR, "66", "no finding",
		       "stderr");

	/* 66 with a finding is just TSan saying it found something */
	e = evidence("tsan", &race, &o);
	expect_verdict("exit 66 with the race", &e, RL_DETECTED,
		       at(load_line), NULL, NULL);

	/* 66 means nothing special to a detector without that status */
	e = evidence("native", &race, &o);
	expect_verdict("native exit 66", &e, RL_ERROR, "status 66", NULL, NULL);

	rl_findings_free(&race);
}

/* The watchdog ending the run (RL_STOPPED) is how a hang is caught, not a
 * failed run: the verdict is on the findings, with the watchdog's words. */
static void test_stopped_is_not_error(void)
{
	struct rl_findings fs = { 0 }, live = { 0 };
	struct rl_outcome o;
	struct rl_evidence e;
	struct rl_finding *l;

	memset(&o, 0, sizeof o);
	o.how = RL_STOPPED;
	o.duration_s = 2.5;

	l = rl_findings_add(&live, "watchdog", "deadlock", RL_CAT_DEADLOCK);
	l->headline = rl_xstrdup("2 threads wait on each other's locks");

	add_race(&fs, RL_CAT_DATA_RACE, store_line);
	e = evidence("tsan", &fs, &o);
	e.liveness = &live.v[0];
	expect_verdict("stopped, race found", &e, RL_DETECTED, at(store_line),
		       "each other's locks", NULL);
	rl_findings_free(&fs);

	e = evidence("helgrind", &fs, &o);
	e.liveness = &live.v[0];
	expect_verdict("stopped, blind tool", &e, RL_BLIND,
		       "only to exercise the verdict", "watchdog", NULL);

	e = evidence("tsan", &fs, &o);
	expect_verdict("stopped, nothing found", &e, RL_MISSED, "nothing",
		       NULL, RERUN);

	/* judged on the watchdog's own findings: said once, not twice */
	{
		struct rl_judgement j;
		const char *first;

		e = evidence("native", &live, &o);
		e.liveness = &live.v[0];
		rl_judge(&contract, &e, &j);
		CHECK_INT(j.verdict, RL_MISSED);
		first = strstr(j.why, "each other's locks");
		CHECK(first != NULL);
		CHECK(first == NULL || strstr(first + 1, "each other's locks") == NULL);
	}
	rl_findings_free(&live);
}

/* A run cut short is never clean: a fix (or a program expected clean)
 * the watchdog stopped is `hung` under every detector, whatever the tool
 * said before; a broken program keeps what the tool said before the stop
 * or the time limit. */
static void test_cut_short(void)
{
	struct rl_findings none = { 0 }, race = { 0 }, live = { 0 };
	struct rl_outcome o;
	struct rl_evidence e;
	struct rl_finding *l;

	memset(&o, 0, sizeof o);
	o.how = RL_STOPPED;
	o.signal = SIGKILL;
	o.duration_s = 0.9;
	l = rl_findings_add(&live, "watchdog", "deadlock", RL_CAT_DEADLOCK);
	l->headline = rl_xstrdup("deadlock: thread 5 waits for mutex held by thread 6");

	e = evidence("tsan", &none, &o);
	e.is_fix = 1;
	e.liveness = &live.v[0];
	expect_verdict("fix stopped", &e, RL_HUNG, "stopped before its end",
		       "thread 5 waits", RERUN);
	e = evidence("drd", &none, &o);	/* expects clean, not a fix */
	e.liveness = &live.v[0];
	expect_verdict("clean stopped", &e, RL_HUNG, "not clean", NULL, NULL);
	/* the watchdog's own verdict is on its findings */
	e = evidence("drd", &live, &o);
	e.on_liveness = 1;
	e.liveness = &live.v[0];
	expect_verdict("watchdog on a stopped clean program", &e, RL_FLAGGED,
		       "deadlock", NULL, NULL);

	/* broken, stopped: what the tool said before counts */
	add_race(&race, RL_CAT_DATA_RACE, load_line);
	e = evidence("tsan", &race, &o);
	e.liveness = &live.v[0];
	expect_verdict("broken stopped, race written", &e, RL_DETECTED,
		       at(load_line), "watchdog", NULL);
	/* a tool that reports at exit says it could not */
	e = evidence("helgrind", &none, &o);
	e.reports_at_exit = 1;
	expect_verdict("helgrind stopped", &e, RL_BLIND, "checks at exit did not run",
		       NULL, NULL);

	/* broken, timed out: the race written before the limit counts */
	o.how = RL_TIMED_OUT;
	o.signal = SIGTERM;
	o.duration_s = 20.1;
	e = evidence("tsan", &race, &o);
	expect_verdict("broken timed out, race written", &e, RL_DETECTED,
		       at(load_line), "time limit", NULL);
	/* ...but not for a fix */
	e.is_fix = 1;
	expect_verdict("fix timed out", &e, RL_ERROR, "did not finish", NULL, NULL);

	/* a tool that failed is said, not taken for the program hanging */
	o.how = RL_STOPPED;
	e = evidence("tsan", &none, &o);
	e.is_fix = 1;
	e.liveness = &live.v[0];
	e.tool_failed = "ThreadSanitizer: CHECK failed: sanitizer_deadlock_detector.h:67";
	expect_verdict("tool failed", &e, RL_ERROR, "tsan itself failed",
		       "CHECK failed", "tool's limit");

	CHECK_STR(rl_verdict_name(RL_HUNG), "hung");
	CHECK(!rl_verdict_passes(RL_HUNG));
	rl_findings_free(&race);
	rl_findings_free(&live);
}

/* A tool's output read, but not to its end (broken or cut XML), in a run
 * the program ended itself: its silence is no verdict, whatever the
 * contract says (issue 19.1); what it did say still counts. */
static void test_unreadable_output(void)
{
	struct rl_outcome o = exited(0);
	struct rl_findings none = { 0 }, race = { 0 };
	struct rl_evidence e;
	struct rl_judgement j;
	const char *why = "broken XML: line 88, column 19: not well-formed (invalid token); kept the 0 errors read before it";

	e = evidence("drd", &none, &o);	/* expects clean */
	e.output_incomplete = 1;
	e.parse_error = why;
	expect_verdict("clean, output unreadable", &e, RL_ERROR,
		       "could not be read to its end", "invalid token",
		       "raw output");
	e = evidence("helgrind", &none, &o);	/* expects blind */
	e.output_incomplete = 1;
	e.parse_error = why;
	expect_verdict("blind, output unreadable", &e, RL_ERROR,
		       "helgrind's output could not be read", NULL, NULL);
	e = evidence("tsan", &none, &o);	/* expects a race */
	e.output_incomplete = 1;
	expect_verdict("missed, output cut", &e, RL_ERROR,
		       "ends before the tool ended it", NULL, NULL);
	rl_judge(NULL, &e, &j);
	CHECK_STR(rl_verdict_name(j.verdict), "error");
	/* the race read before the break stands */
	add_race(&race, RL_CAT_DATA_RACE, load_line);
	o = exited(TSAN_EXIT);
	e = evidence("tsan", &race, &o);
	e.output_incomplete = 1;
	expect_verdict("detected, output cut after it", &e, RL_DETECTED,
		       at(load_line), NULL, NULL);
	/* a run racelab stopped cuts the output itself: the cut is no error,
	 * and the run is still never clean (hung) */
	memset(&o, 0, sizeof o);
	o.how = RL_STOPPED;
	o.signal = SIGKILL;
	e = evidence("drd", &none, &o);
	e.output_incomplete = 1;
	expect_verdict("clean, stopped, XML cut", &e, RL_HUNG, "not clean",
		       NULL, NULL);
	rl_judge(NULL, &e, &j);
	CHECK_STR(rl_verdict_name(j.verdict), "hung");
	rl_findings_free(&race);
}

/* What Helgrind reported after racelab's SIGTERM at the time limit was
 * set aside by the session (after_stop); the verdict says the run was
 * stopped, and never counts it (issue 19.3). */
static void test_after_stop(void)
{
	struct rl_outcome o = { 0 };
	struct rl_findings none = { 0 }, race = { 0 };
	struct rl_evidence e;
	struct rl_judgement j;

	o.how = RL_TIMED_OUT;
	o.signal = SIGTERM;
	o.duration_s = 30.0;
	e = evidence("drd", &none, &o);
	e.is_fix = 1;
	e.after_stop = 1;
	e.waiting = "thread 2 (stopped) in nanosleep()";
	expect_verdict("fix at the time limit", &e, RL_ERROR, "did not finish",
		       "1 report drd made after that signal", NULL);
	e = evidence("drd", &none, &o);
	e.after_stop = 2;
	rl_judge(NULL, &e, &j);
	CHECK_STR(rl_verdict_name(j.verdict), "error");
	CHECK(contains(j.why, "the 2 reports drd made after that signal"));
	CHECK(contains(j.why, "racelab's doing, not the program's"));
	/* a race reported before the signal still counts */
	add_race(&race, RL_CAT_DATA_RACE, load_line);
	e = evidence("tsan", &race, &o);
	e.after_stop = 1;
	expect_verdict("broken at the time limit", &e, RL_DETECTED,
		       at(load_line), "before the run reached its time limit",
		       NULL);
	rl_findings_free(&race);
}

/* A bug that shows only by chance: detected when it showed, not-shown
 * (a pass) when it did not, never missed. */
static void test_by_chance(void)
{
	struct rl_outcome o = exited(0);
	struct rl_findings fs = { 0 };
	struct rl_evidence e;

	e = evidence("thread-safety", &fs, &o);
	expect_verdict("by chance, not this run", &e, RL_NOT_SHOWN,
		       "only when the two run at once", NULL, NULL);
	add_race(&fs, RL_CAT_DATA_RACE, store_line);
	e = evidence("thread-safety", &fs, &o);
	expect_verdict("by chance, this run", &e, RL_DETECTED, at(store_line),
		       NULL, NULL);
	rl_findings_free(&fs);
	CHECK(rl_verdict_passes(RL_NOT_SHOWN));
	CHECK_STR(rl_verdict_name(RL_NOT_SHOWN), "not-shown");
}

/* A fix whose header expects the bug (the broken file copied over its
 * fix, header and all) is an error, never a pass. */
static void test_fix_expecting_bug(void)
{
	struct rl_outcome o = exited(TSAN_EXIT), o0 = exited(0);
	struct rl_findings fs = { 0 };
	struct rl_evidence e;

	add_race(&fs, RL_CAT_DATA_RACE, store_line);
	e = evidence("tsan", &fs, &o);
	e.is_fix = 1;
	expect_verdict("fix expecting a race", &e, RL_ERROR, "is a fix",
		       "`data-race`", "must be `clean`");
	e = evidence("tsan-gcc", &fs, &o0);	/* clean, false-positive */
	e.is_fix = 1;
	expect_verdict("fix with its false positive", &e, RL_FALSE_POSITIVE,
		       NULL, NULL, NULL);
	rl_findings_free(&fs);
}

static void test_names(void)
{
	CHECK_STR(rl_verdict_name(RL_DETECTED), "detected");
	CHECK_STR(rl_verdict_name(RL_FALSE_POSITIVE), "false-positive");
	CHECK_STR(rl_verdict_name(RL_NO_CONTRACT), "no-contract");
	CHECK_STR(rl_verdict_name(RL_ERROR), "error");
	CHECK(rl_verdict_passes(RL_DETECTED) && rl_verdict_passes(RL_BLIND) &&
	      rl_verdict_passes(RL_CLEAN) && rl_verdict_passes(RL_FALSE_POSITIVE));
	CHECK(!rl_verdict_passes(RL_MISSED) && !rl_verdict_passes(RL_UNEXPECTED) &&
	      !rl_verdict_passes(RL_FLAGGED) && !rl_verdict_passes(RL_ERROR));
}

/* the contract the tests judge by: the lines they use are apart */
static void test_marks(void)
{
	CHECK(rl_contract_mark_at(&contract, unmarked_line) == NULL);
	CHECK(load_line != store_line);
}

int main(void)
{
	static const struct rl_test tests[] = {
		RL_TEST(test_marks),
		RL_TEST(test_detected),
		RL_TEST(test_detected_without_stack),
		RL_TEST(test_missed),
		RL_TEST(test_blind),
		RL_TEST(test_clean),
		RL_TEST(test_false_positive),
		RL_TEST(test_suppressed),
		RL_TEST(test_no_contract),
		RL_TEST(test_open_blind),
		RL_TEST(test_errors),
		RL_TEST(test_stopped_is_not_error),
		RL_TEST(test_cut_short),
		RL_TEST(test_unreadable_output),
		RL_TEST(test_after_stop),
		RL_TEST(test_by_chance),
		RL_TEST(test_fix_expecting_bug),
		RL_TEST(test_names),
	};
	int rc;

	load_contract();
	rc = RL_RUN_TESTS(tests);
	rl_contract_free(&contract);
	return rc;
}
