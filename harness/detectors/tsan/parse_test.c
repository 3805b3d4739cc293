/* tsan/parse_test.c - rl_parse_tsan on real ThreadSanitizer captures
 * (testdata/NAME.txt, written by testdata/regenerate.sh from the
 * programs in testdata/programs/) and on text TSan never wrote.
 *
 * Expected source lines are not written down here: each racy line in the
 * programs carries a marker comment (counter = 2; / * RACE1-CUR * /) and
 * the test looks it up, so editing a program only needs a regenerate.
 * Run from the repository root (Bazel's runfiles root is laid out alike).
 */
#include "parse.h"
#include "../../testutil.h"

#define DATA "harness/detectors/tsan/testdata/"
#define PROGRAMS DATA "programs/"
#define SPACED "/tmp/racelab testdata/my code/race 2.c"
#define NEWLINED "/tmp/racelab testdata/my\ncode/race 2.c"

/* ---- helpers */

/* The line of prog (a file under programs/) that holds the comment
 * marker; exits when there is none, as every later check would fail. */
static int marker_line(const char *prog, const char *marker)
{
	char path[256], want[64], *text, *hit;
	size_t len;
	int line = 1;

	snprintf(path, sizeof path, PROGRAMS "%s", prog);
	snprintf(want, sizeof want, "/* %s */", marker);
	text = rl_test_slurp(path, &len);
	hit = strstr(text, want);
	if (hit) {
		for (char *p = text; p < hit; p++)
			line += *p == '\n';
		free(text);
		return line;
	}
	fprintf(stderr, "no marker %s in %s\n", want, path);
	exit(2);
}

static int starts_with(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t ls = s ? strlen(s) : 0, lx = strlen(suffix);

	return s && ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

/* Failures inside a helper print the helper's line; this says which
 * call it was. */
static void context(int failed_before, const char *what)
{
	if (rl_test_failed > failed_before)
		fprintf(stderr, "  (checking %s)\n", what);
}

/* One frame: function and file may be NULL to say "unknown". */
static void check_frame(const struct rl_frame *fr, const char *function,
			const char *file, int line, const char *what)
{
	int failed = rl_test_failed;

	CHECK(fr != NULL);
	if (fr) {
		if (function)
			CHECK_STR(fr->function, function);
		else
			CHECK(fr->function == NULL);
		if (file)
			CHECK_STR(fr->file, file);
		else
			CHECK(fr->file == NULL);
		CHECK_INT(fr->line, line);
	}
	context(failed, what);
}

/* The path a capture's frames give a program built elsewhere than
 * programs/ (race2.c copied to a folder with blanks), or NULL. */
static const char *built_as;
/* clang's SUMMARY keeps only a file name's first line (llvm-symbolizer
 * answers a line at a time): no location in the headline to check; and
 * the runtime, which ends a stack at "main", did not know main's frame
 * (named by the file's second line), so libc's frame below it stays. */
static int summary_cut;

/* The path the capture names prog by, into file. */
static void prog_path(char *file, size_t size, const char *prog)
{
	if (built_as)
		snprintf(file, size, "%s", built_as);
	else
		snprintf(file, size, PROGRAMS "%s", prog);
}

/* The frame of stack s in program prog: function at the marker's line,
 * and it must be the innermost frame in that file. */
static void check_frame_in(const struct rl_stack *s, const char *prog,
			   const char *function, const char *marker)
{
	char file[256];

	prog_path(file, sizeof file, prog);
	check_frame(rl_stack_frame_in(s, file), function, file,
		    marker_line(prog, marker), marker);
}

/* A stack's label (prefix and suffix, since addresses and tids change
 * from run to run), thread and frame count. */
static void check_stack(const struct rl_stack *s, const char *prefix,
			const char *suffix, int thread, size_t nframes)
{
	int failed = rl_test_failed;

	CHECK(starts_with(s->label, prefix));
	CHECK(ends_with(s->label, suffix));
	CHECK_INT(s->thread, thread);
	CHECK_INT(s->nframes, nframes);
	context(failed, prefix);
	if (rl_test_failed > failed)
		fprintf(stderr, "  label was \"%s\"\n", s->label);
}

static int parse_file(const char *name, struct rl_findings *fs,
		      struct rl_parse_info *info)
{
	char path[256], *text;
	size_t len;
	int rc;

	snprintf(path, sizeof path, DATA "%s", name);
	text = rl_test_slurp(path, &len);
	rc = rl_parse_tsan(text, len, fs, info);
	free(text);
	return rc;
}

static int parse_str(const char *text, struct rl_findings *fs,
		     struct rl_parse_info *info)
{
	return rl_parse_tsan(text, strlen(text), fs, info);
}

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static int same_stack(const struct rl_stack *a, const struct rl_stack *b)
{
	if (!same_str(a->label, b->label) || a->thread != b->thread ||
	    a->nframes != b->nframes)
		return 0;
	for (size_t k = 0; k < a->nframes; k++)
		if (!same_str(a->frames[k].function, b->frames[k].function) ||
		    !same_str(a->frames[k].file, b->frames[k].file) ||
		    a->frames[k].line != b->frames[k].line)
			return 0;
	return 1;
}

static int same_finding(const struct rl_finding *a, const struct rl_finding *b)
{
	if (!same_str(a->tool, b->tool) || !same_str(a->kind, b->kind) ||
	    a->category != b->category || !same_str(a->headline, b->headline) ||
	    a->count != b->count || a->nstacks != b->nstacks)
		return 0;
	for (size_t j = 0; j < a->nstacks; j++)
		if (!same_stack(&a->stacks[j], &b->stacks[j]))
			return 0;
	return 1;
}

static int same_findings(const struct rl_findings *a,
			 const struct rl_findings *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (!same_finding(&a->v[i], &b->v[i]))
			return 0;
	return 1;
}

/* What every finding must look like, whatever the input. */
static int well_formed(const struct rl_findings *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		const struct rl_finding *f = &fs->v[i];
		if (!same_str(f->tool, "tsan") || !f->kind || !f->kind[0] ||
		    !f->headline || f->count < 1 ||
		    (int)f->category < 0 || f->category >= RL_CAT_COUNT)
			return 0;
		for (size_t j = 0; j < f->nstacks; j++) {
			const struct rl_stack *s = &f->stacks[j];
			if (!s->label || s->thread < -1)
				return 0;
			for (size_t k = 0; k < s->nframes; k++)
				if (s->frames[k].line < 0)
					return 0;
		}
	}
	return 1;
}

/* ---- the captures */

/* "data race harness/.../race2.c:49:10 in writer2" from clang, the same
 * without ":10" from gcc. */
static void check_race_headline(const char *headline, const char *prog,
				const char *marker, const char *function)
{
	char want[256], path[256], tail[64];
	size_t n;

	if (summary_cut) {
		CHECK(starts_with(headline, "data race "));
		return;
	}
	prog_path(path, sizeof path, prog);
	n = snprintf(want, sizeof want, "data race %s:%d", path,
		     marker_line(prog, marker));
	snprintf(tail, sizeof tail, " in %s", function);
	CHECK(starts_with(headline, want));
	CHECK(headline && strlen(headline) > n &&
	      (headline[n] == ':' || headline[n] == ' '));
	CHECK(ends_with(headline, tail));
}

/* "Thread T2 (tid=4163, running) created by main thread at", its #0 in
 * pthread_create (in TSan's runtime: no file from clang, libsanitizer's
 * file from gcc) and #1 in main at the marker. */
static void check_creation(const struct rl_stack *s, const char *prog,
			   const char *thread, const char *marker, int gcc)
{
	char path[256];

	check_stack(s, thread, "created by main thread at", 0,
		    summary_cut ? 3 : 2);
	if (s->nframes < 2)
		return;
	CHECK_STR(s->frames[0].function, "pthread_create");
	if (gcc)
		CHECK(ends_with(s->frames[0].file,
				"tsan_interceptors_posix.cpp"));
	else
		check_frame(&s->frames[0], "pthread_create", NULL, 0,
			    "pthread_create");
	check_frame_in(s, prog, "main", marker);
	prog_path(path, sizeof path, prog);
	CHECK(s->nframes >= 2 && rl_stack_frame_in(s, path) == &s->frames[1]);
}

/* race2.c: two reports, the second's accesses in the other threads'
 * roles; program output before, between and after them. path is where
 * it was built when not in programs/. */
static void test_race2(const char *name, int gcc, const char *path)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;
	const struct rl_stack *s;
	const char *race2 = path ? path : PROGRAMS "race2.c";

	built_as = path;
	fprintf(stderr, "-- %s\n", name);
	CHECK_INT(parse_file(name, &fs, &info), 0);
	CHECK_INT(fs.n, 2);
	CHECK_INT(info.complete, 1);
	CHECK_INT(info.crashed, 0);
	CHECK_INT(info.tool_error_count, 2);
	CHECK_STR(info.error, "");
	if (fs.n != 2)
		goto out;
	for (int i = 0; i < 2; i++) {
		CHECK_STR(fs.v[i].tool, "tsan");
		CHECK_STR(fs.v[i].kind, "data race");
		CHECK_INT(fs.v[i].category, RL_CAT_DATA_RACE);
		CHECK_INT(fs.v[i].count, 1);
		CHECK_INT(fs.v[i].nstacks, 4);
	}
	if (fs.v[0].nstacks != 4 || fs.v[1].nstacks != 4)
		goto out;

	/* Race 1: writer2's write after writer1's, on `counter`. */
	check_race_headline(fs.v[0].headline, "race2.c", "RACE1-CUR", "writer2");
	s = &fs.v[0].stacks[0];
	check_stack(s, "Write of size 4 at 0x", " by thread T2", 2, 1);
	check_frame_in(s, "race2.c", "writer2", "RACE1-CUR");
	CHECK(rl_stack_frame_in(s, race2) == &s->frames[0]);
	if (!path) {
		CHECK(rl_stack_frame_in(s, "programs/race2.c") == &s->frames[0]);
		CHECK(rl_stack_frame_in(s, "race2.c") == &s->frames[0]);
	}
	CHECK(rl_stack_frame_in(s, "ace2.c") == NULL);
	CHECK(rl_stack_frame_in(s, "harness/detectors/tsan/testdata/programs/crash.c") == NULL);
	s = &fs.v[0].stacks[1];
	check_stack(s, "Previous write of size 4 at 0x", " by thread T1", 1, 1);
	check_frame_in(s, "race2.c", "writer1", "RACE1-PREV");
	check_creation(&fs.v[0].stacks[2], "race2.c", "Thread T2 (tid=",
		       "CREATE-T2", gcc);
	check_creation(&fs.v[0].stacks[3], "race2.c", "Thread T1 (tid=",
		       "CREATE-T1", gcc);
	/* the normalised access: what, how wide, on what */
	CHECK_STR(fs.v[0].variable, "counter");
	CHECK_INT(fs.v[0].stacks[0].role, RL_ROLE_ACCESS);
	CHECK_INT(fs.v[0].stacks[0].access, 'w');
	CHECK_INT(fs.v[0].stacks[0].size, 4);
	CHECK_INT(fs.v[0].stacks[1].access, 'w');
	CHECK_INT(fs.v[0].stacks[2].role, RL_ROLE_THREAD);
	CHECK_INT(fs.v[0].stacks[2].access, 0);

	/* Race 2: writer1's write after writer2's read, on `status`. */
	check_race_headline(fs.v[1].headline, "race2.c", "RACE2-CUR", "writer1");
	s = &fs.v[1].stacks[0];
	check_stack(s, "Write of size 4 at 0x", " by thread T1", 1, 1);
	check_frame_in(s, "race2.c", "writer1", "RACE2-CUR");
	s = &fs.v[1].stacks[1];
	check_stack(s, "Previous read of size 4 at 0x", " by thread T2", 2, 1);
	check_frame_in(s, "race2.c", "writer2", "RACE2-PREV");
	check_creation(&fs.v[1].stacks[2], "race2.c", "Thread T1 (tid=",
		       "CREATE-T1", gcc);
	check_creation(&fs.v[1].stacks[3], "race2.c", "Thread T2 (tid=",
		       "CREATE-T2", gcc);
	CHECK_STR(fs.v[1].variable, "status");
	CHECK_INT(fs.v[1].stacks[1].role, RL_ROLE_ACCESS);
	CHECK_INT(fs.v[1].stacks[1].access, 'r');
	CHECK_INT(fs.v[1].stacks[1].size, 4);
out:
	CHECK(well_formed(&fs));
	rl_findings_free(&fs);
	built_as = NULL;
}

/* Two "lock X while holding Y" stacks per thread, their "previously
 * acquired by the same thread" partners, then the thread creations. */
static void test_lockorder(void)
{
	static const struct {
		const char *label;
		int thread;
		const char *function, *marker;
	} want[] = {
		{ "Mutex M1 acquired here while holding mutex M0 in thread T1",
		  1, "a_then_b", "ORDER-B1" },
		{ "Mutex M0 previously acquired by the same thread here",
		  1, "a_then_b", "ORDER-A1" },
		{ "Mutex M0 acquired here while holding mutex M1 in thread T2",
		  2, "b_then_a", "ORDER-A2" },
		{ "Mutex M1 previously acquired by the same thread here",
		  2, "b_then_a", "ORDER-B2" },
	};
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;
	const struct rl_finding *f;

	fprintf(stderr, "-- lockorder.txt\n");
	CHECK_INT(parse_file("lockorder.txt", &fs, &info), 0);
	CHECK_INT(fs.n, 1);
	CHECK_INT(info.complete, 1);
	CHECK_INT(info.crashed, 0);
	CHECK_INT(info.tool_error_count, 1);
	if (fs.n != 1)
		goto out;
	f = &fs.v[0];
	CHECK_STR(f->kind, "lock-order-inversion (potential deadlock)");
	CHECK_INT(f->category, RL_CAT_LOCK_ORDER);
	/* No source line: TSan summarises at its own interceptor. */
	CHECK(starts_with(f->headline,
			  "lock-order-inversion (potential deadlock) ("));
	CHECK(ends_with(f->headline, " in __interceptor_pthread_mutex_lock"));
	CHECK_INT(f->nstacks, 6);
	if (f->nstacks != 6)
		goto out;
	for (int i = 0; i < 4; i++) {
		const struct rl_stack *s = &f->stacks[i];
		check_stack(s, want[i].label, want[i].label, want[i].thread, 2);
		CHECK_STR(s->label, want[i].label);
		check_frame(&s->frames[0], "pthread_mutex_lock", NULL, 0,
			    want[i].label);
		check_frame_in(s, "lockorder.c", want[i].function,
			       want[i].marker);
		CHECK(rl_stack_frame_in(s, PROGRAMS "lockorder.c") ==
		      &s->frames[1]);
	}
	check_creation(&f->stacks[4], "lockorder.c", "Thread T1 (tid=",
		       "CREATE-T1", 0);
	check_creation(&f->stacks[5], "lockorder.c", "Thread T2 (tid=",
		       "CREATE-T2", 0);
out:
	CHECK(well_formed(&fs));
	rl_findings_free(&fs);
}

/* A race report, then the program's SEGV: two findings, crashed, no
 * "reported N warnings" (the process died before its atexit). */
static void test_crash(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;
	const struct rl_finding *f;
	const struct rl_stack *s;
	char want[256];

	fprintf(stderr, "-- crash.txt\n");
	CHECK_INT(parse_file("crash.txt", &fs, &info), 0);
	CHECK_INT(fs.n, 2);
	CHECK_INT(info.complete, 1);
	CHECK_INT(info.crashed, 1);
	CHECK_INT(info.tool_error_count, -1);
	if (fs.n != 2)
		goto out;
	f = &fs.v[0];
	CHECK_STR(f->kind, "data race");
	CHECK_INT(f->category, RL_CAT_DATA_RACE);
	check_race_headline(f->headline, "crash.c", "CRASH-RACE-CUR", "second");
	CHECK_INT(f->nstacks, 4);
	if (f->nstacks == 4) {
		check_stack(&f->stacks[0], "Write of size 8", "by thread T2", 2, 1);
		check_frame_in(&f->stacks[0], "crash.c", "second", "CRASH-RACE-CUR");
		check_stack(&f->stacks[1], "Previous write of size 8",
			    "by thread T1", 1, 1);
		check_frame_in(&f->stacks[1], "crash.c", "first", "CRASH-RACE-PREV");
	}

	f = &fs.v[1];
	CHECK_STR(f->tool, "tsan");
	CHECK_STR(f->kind, "SEGV");
	CHECK_INT(f->category, RL_CAT_CRASH);
	snprintf(want, sizeof want, "SEGV " PROGRAMS "crash.c:%d",
		 marker_line("crash.c", "CRASH-SEGV"));
	CHECK(starts_with(f->headline, want));
	CHECK(ends_with(f->headline, " in main"));
	CHECK_INT(f->nstacks, 1);
	if (f->nstacks != 1)
		goto out;
	s = &f->stacks[0];
	/* Main thread: the "T<tid>" at the end is the pid. */
	check_stack(s, "SEGV on unknown address 0x000000000000 (pc 0x", ")", 0, 4);
	check_frame_in(s, "crash.c", "main", "CRASH-SEGV");
	CHECK(rl_stack_frame_in(s, PROGRAMS "crash.c") == &s->frames[0]);
	if (s->nframes == 4) {
		CHECK_STR(s->frames[1].function, "__libc_start_call_main");
		CHECK(ends_with(s->frames[1].file, "libc_start_call_main.h"));
		CHECK(s->frames[1].line > 0);
		check_frame(&s->frames[3], "_start", NULL, 0, "_start");
	}
out:
	CHECK(well_formed(&fs));
	rl_findings_free(&fs);
}

/* Three unjoined threads from one call site: one report, count 3. */
static void test_leak(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;
	const struct rl_finding *f;

	fprintf(stderr, "-- leak.txt\n");
	CHECK_INT(parse_file("leak.txt", &fs, &info), 0);
	CHECK_INT(fs.n, 1);
	CHECK_INT(info.complete, 1);
	CHECK_INT(info.crashed, 0);
	CHECK_INT(info.tool_error_count, 1);
	if (fs.n != 1)
		goto out;
	f = &fs.v[0];
	CHECK_STR(f->kind, "thread leak");
	CHECK_INT(f->category, RL_CAT_THREAD_LEAK);
	CHECK_INT(f->count, 3);
	CHECK(starts_with(f->headline, "thread leak ("));
	CHECK(ends_with(f->headline, " in pthread_create"));
	CHECK_INT(f->nstacks, 1);
	if (f->nstacks == 1) {
		check_stack(&f->stacks[0], "Thread T", "created by main thread at",
			    0, 2);
		check_frame_in(&f->stacks[0], "leak.c", "main", "LEAK-CREATE");
	}
out:
	CHECK(well_formed(&fs));
	rl_findings_free(&fs);
}

static void test_clean(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	fprintf(stderr, "-- clean.txt\n");
	CHECK_INT(parse_file("clean.txt", &fs, &info), 0);
	CHECK_INT(fs.n, 0);
	CHECK_INT(info.complete, 1);
	CHECK_INT(info.crashed, 0);
	CHECK_INT(info.tool_error_count, -1);
	CHECK_STR(info.error, "");
	CHECK_STR(info.tool_failed, "");
	rl_findings_free(&fs);
}

/* race2 with its race on `status` suppressed by the user's file: one
 * report shown, and the one hidden counted. */
static void test_suppressed(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	fprintf(stderr, "-- suppressed.txt\n");
	CHECK_INT(parse_file("suppressed.txt", &fs, &info), 0);
	CHECK_INT(fs.n, 1);
	CHECK_INT(info.tool_error_count, 1);
	CHECK_INT(info.suppressed, 1);
	CHECK_INT(info.complete, 1);
	rl_findings_free(&fs);
	/* no suppression matched: none counted */
	CHECK_INT(parse_file("race2.txt", &fs, &info), 0);
	CHECK_INT(info.suppressed, 0);
	rl_findings_free(&fs);
}

/* TSan's runtime failing a CHECK (70 locks held at once, past its
 * deadlock detector's 64): no finding, and the failure in its own words. */
static void test_tool_failed(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	fprintf(stderr, "-- too_many_locks.txt\n");
	CHECK_INT(parse_file("too_many_locks.txt", &fs, &info), 0);
	CHECK_INT(fs.n, 0);
	CHECK_INT(info.complete, 0);
	CHECK(strncmp(info.tool_failed, "ThreadSanitizer: CHECK failed: sanitizer_deadlock_detector.h:67", 63) == 0);
	rl_findings_free(&fs);
	/* FATAL too; a program's own line with those words is not TSan's */
	CHECK_INT(parse_str("FATAL: ThreadSanitizer: unexpected memory mapping 0x7f00-0x7f01\n",
			    &fs, &info), 0);
	CHECK_STR(info.tool_failed, "FATAL: ThreadSanitizer: unexpected memory mapping 0x7f00-0x7f01");
	rl_findings_free(&fs);
}

/* Mutex and signal reports print their first stack with no description:
 * it is labelled with the kind; later ones follow a bare "and:". */
static void check_bare_stack(const struct rl_finding *f, size_t i,
			     const char *label, const char *top,
			     size_t nframes, const char *function,
			     const char *marker)
{
	const struct rl_stack *s = &f->stacks[i];

	check_stack(s, label, label, -1, nframes);
	CHECK_STR(s->label, label);
	if (s->nframes)
		check_frame(&s->frames[0], top, NULL, 0, top);
	check_frame_in(s, "misuse.c", function, marker);
}

static void test_misuse_mutex(const struct rl_findings *fs)
{
	const struct rl_finding *f = &fs->v[0];

	CHECK_STR(f->kind, "unlock of an unlocked mutex (or by a wrong thread)");
	CHECK_INT(f->category, RL_CAT_MUTEX_MISUSE);
	CHECK(ends_with(f->headline, " in pthread_mutex_unlock"));
	CHECK_INT(f->nstacks, 2);
	if (f->nstacks == 2) {
		check_bare_stack(f, 0, f->kind, "pthread_mutex_unlock", 2,
				 "main", "MISUSE-UNLOCK");
		check_stack(&f->stacks[1], "Mutex M0 (0x", ") created at", -1, 2);
		check_frame_in(&f->stacks[1], "misuse.c", "main", "INIT-M");
	}

	f = &fs->v[1];
	CHECK_STR(f->kind, "destroy of a locked mutex");
	CHECK_INT(f->category, RL_CAT_MUTEX_MISUSE);
	CHECK_INT(f->nstacks, 3);
	if (f->nstacks == 3) {
		check_bare_stack(f, 0, f->kind, "pthread_mutex_destroy", 2,
				 "main", "MISUSE-DESTROY");
		check_bare_stack(f, 1, "and", "pthread_mutex_lock", 2, "main",
				 "LOCK-D");
		check_stack(&f->stacks[2], "Mutex M0 (0x", ") created at", -1, 2);
		check_frame_in(&f->stacks[2], "misuse.c", "main", "INIT-D");
	}
}

static void test_misuse_signal(const struct rl_finding *f, const char *top,
			       int line_offset)
{
	const struct rl_stack *s;
	const struct rl_frame *fr;
	int line = marker_line("misuse.c", "MISUSE-SIGNAL") + line_offset;

	CHECK_STR(f->kind, "signal-unsafe call inside of a signal");
	CHECK_INT(f->category, RL_CAT_SIGNAL_MISUSE);
	CHECK_INT(f->nstacks, 1);
	if (f->nstacks != 1 || f->stacks[0].nframes != 4) {
		CHECK_INT(f->nstacks ? f->stacks[0].nframes : 0, 4);
		return;
	}
	s = &f->stacks[0];
	check_stack(s, f->kind, f->kind, -1, 4);
	check_frame(&s->frames[0], top, NULL, 0, top);
	check_frame(&s->frames[1], "on_usr1", PROGRAMS "misuse.c", line,
		    "on_usr1");
	/* A C++ name with spaces, and an object file for a location. */
	fr = &s->frames[2];
	CHECK(starts_with(fr->function, "__tsan::CallUserSignalHandler("));
	CHECK(ends_with(fr->function, ", void*)"));
	CHECK_STR(fr->file, "tsan_interceptors_posix.cpp.o");
	CHECK_INT(fr->line, 0);
	check_frame(&s->frames[3], "main", PROGRAMS "misuse.c",
		    marker_line("misuse.c", "RAISE"), "raise");
}

static void test_misuse(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;
	const struct rl_finding *f;

	fprintf(stderr, "-- misuse.txt\n");
	CHECK_INT(parse_file("misuse.txt", &fs, &info), 0);
	CHECK_INT(fs.n, 5);
	CHECK_INT(info.complete, 1);
	CHECK_INT(info.tool_error_count, 5);
	if (fs.n != 5)
		goto out;
	test_misuse_mutex(&fs);

	f = &fs.v[2];
	CHECK_STR(f->kind, "heap-use-after-free");
	CHECK_INT(f->category, RL_CAT_MEMORY_ERROR);
	CHECK_INT(f->nstacks, 4);
	if (f->nstacks == 4) {
		check_stack(&f->stacks[0], "Read of size 4 at 0x", "by thread T2",
			    2, 1);
		check_frame_in(&f->stacks[0], "misuse.c", "reader", "MISUSE-UAF");
		/* The free is the "previous write". */
		check_stack(&f->stacks[1], "Previous write of size 8 at 0x",
			    "by thread T1", 1, 2);
		check_frame(&f->stacks[1].frames[0], "free", NULL, 0, "free");
		check_frame_in(&f->stacks[1], "misuse.c", "freer", "MISUSE-FREE");
	}
	test_misuse_signal(&fs.v[3], "malloc", 0);
	test_misuse_signal(&fs.v[4], "free", 1);
out:
	CHECK(well_formed(&fs));
	rl_findings_free(&fs);
}

/* race2.txt cut halfway through the second report's third stack. */
static void test_truncated(void)
{
	struct rl_findings fs = { 0 }, full = { 0 };
	struct rl_parse_info info;
	const struct rl_finding *f;

	fprintf(stderr, "-- race2-truncated.txt\n");
	CHECK_INT(parse_file("race2-truncated.txt", &fs, &info), 0);
	parse_file("race2.txt", &full, &info);
	parse_file("race2-truncated.txt", &fs, &info);	/* info of this one */
	CHECK_INT(fs.n, 4);	/* parsed twice into the same list */
	CHECK_INT(info.complete, 0);
	CHECK_INT(info.crashed, 0);
	CHECK_INT(info.tool_error_count, -1);
	CHECK(info.error[0] != '\0');
	if (fs.n != 4 || full.n != 2)
		goto out;
	/* Appending: the second parse left the first's findings alone. */
	CHECK(same_finding(&fs.v[0], &fs.v[2]));
	CHECK(same_finding(&fs.v[1], &fs.v[3]));
	CHECK(same_finding(&fs.v[0], &full.v[0]));
	f = &fs.v[1];
	CHECK_STR(f->kind, "data race");
	CHECK_STR(f->headline, "data race");	/* no SUMMARY came */
	CHECK_INT(f->nstacks, 3);
	if (f->nstacks == 3) {
		CHECK(same_stack(&f->stacks[0], &full.v[1].stacks[0]));
		CHECK(same_stack(&f->stacks[1], &full.v[1].stacks[1]));
		/* "#1 main harness/te" was cut: dropped, not half-read. */
		check_stack(&f->stacks[2], "Thread T1 (tid=",
			    "created by main thread at", 0, 1);
		check_frame(&f->stacks[2].frames[0], "pthread_create", NULL, 0,
			    "cut stack");
	}
out:
	CHECK(well_formed(&fs));
	rl_findings_free(&fs);
	rl_findings_free(&full);
}

/* ---- program output anywhere, other line ends, cuts at every byte */

/* Lines of the kinds a program prints; none has TSan's shapes. */
static const char *const junk[] = {
	"worker 3: step 12 done",
	"",
	"WARNING: disk almost full",
	"ERROR: could not open racelab.conf",
	"SUMMARY: 12 tests, 0 failures",
	"   three spaces then a colon:",
	"\tresults:",
	"#0 is not a frame",
	"    #x is not a frame either",
	"    #12 out-of-sequence frame x.c:1:1 (x+0x1)",
	"ThreadSanitizer is a tool",
	"=================",
	"  Totals 3",
	"\033[31mred program text\033[0m",
	"progress: 50% ==========",
};

#define NJUNK (sizeof junk / sizeof junk[0])

/* text with a junk line after every line. */
static char *interleave(const char *text, size_t len, size_t *outlen)
{
	char *out = malloc(2 * len + 64 * (len + 1));
	size_t n = 0, j = 0;

	for (size_t i = 0; i < len; i++) {
		out[n++] = text[i];
		if (text[i] == '\n') {
			const char *l = junk[j++ % NJUNK];
			memcpy(out + n, l, strlen(l));
			n += strlen(l);
			out[n++] = '\n';
		}
	}
	*outlen = n;
	return out;
}

/* text with "\r\n" line ends. */
static char *crlf(const char *text, size_t len, size_t *outlen)
{
	char *out = malloc(2 * len + 1);
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n')
			out[n++] = '\r';
		out[n++] = text[i];
	}
	*outlen = n;
	return out;
}

/* Parses the variant and checks it gives what text gives. */
static void check_variant(const char *text, size_t len, char *variant,
			  size_t vlen, const char *what)
{
	struct rl_findings a = { 0 }, b = { 0 };
	struct rl_parse_info ia, ib;
	int failed = rl_test_failed;

	CHECK_INT(rl_parse_tsan(text, len, &a, &ia), 0);
	CHECK_INT(rl_parse_tsan(variant, vlen, &b, &ib), 0);
	CHECK(a.n > 0);
	CHECK(same_findings(&a, &b));
	CHECK_INT(ib.complete, ia.complete);
	CHECK_INT(ib.crashed, ia.crashed);
	CHECK_INT(ib.tool_error_count, ia.tool_error_count);
	context(failed, what);
	rl_findings_free(&a);
	rl_findings_free(&b);
	free(variant);
}

static void test_variants(const char *name)
{
	char path[256], *text;
	size_t len, vlen;
	char *v;

	fprintf(stderr, "-- variants of %s\n", name);
	snprintf(path, sizeof path, DATA "%s", name);
	text = rl_test_slurp(path, &len);
	v = interleave(text, len, &vlen);
	check_variant(text, len, v, vlen, "junk after every line");
	v = crlf(text, len, &vlen);
	check_variant(text, len, v, vlen, "CRLF line ends");
	/* Without its final newline: the last line is still whole. */
	v = malloc(len);
	memcpy(v, text, len);
	CHECK(len > 0 && text[len - 1] == '\n');
	check_variant(text, len, v, len - 1, "no final newline");
	free(text);
}

/* Where a cut leaves a report open: from the first byte of a header
 * (after the rule) or of DEADLYSIGNAL's full word, to the last '=' of the
 * closing rule or the end of "==ABORTING". */
static int cut_inside(const char *text, size_t cut)
{
	const char *p = text;

	while ((p = strstr(p, "WARNING: ThreadSanitizer:"))) {
		const char *end = strstr(p, "\n==================");
		size_t from = (size_t)(p - text);
		size_t to = end ? (size_t)(end - text) + 19 : (size_t)-1;
		if (cut > from && cut < to)
			return 1;
		p++;
	}
	p = strstr(text, "ThreadSanitizer:DEADLYSIGNAL");
	if (p) {
		const char *end = strstr(p, "==ABORTING");
		size_t from = (size_t)(p - text) +
			      strlen("ThreadSanitizer:DEADLYSIGNAL");
		size_t to = end ? (size_t)(end - text) + strlen("==ABORTING")
				: (size_t)-1;
		if (cut >= from && cut < to)
			return 1;
	}
	return 0;
}

/* Every prefix of a capture: never a crash or -1, complete exactly when
 * no report is open at the cut, and findings a prefix of the full list. */
static void test_every_cut(const char *name)
{
	struct rl_findings full = { 0 };
	struct rl_parse_info info;
	char path[256], *text;
	size_t len;
	int wrong_complete = 0, wrong_rc = 0, wrong_kinds = 0, bad_form = 0;

	fprintf(stderr, "-- every cut of %s\n", name);
	snprintf(path, sizeof path, DATA "%s", name);
	text = rl_test_slurp(path, &len);
	rl_parse_tsan(text, len, &full, &info);
	for (size_t cut = 0; cut <= len; cut++) {
		struct rl_findings fs = { 0 };
		/* A copy of exactly cut bytes, so ASan sees any overread. */
		char *piece = malloc(cut ? cut : 1);

		memcpy(piece, text, cut);
		wrong_rc += rl_parse_tsan(piece, cut, &fs, &info) != 0;
		if (info.complete != !cut_inside(text, cut)) {
			if (!wrong_complete)
				fprintf(stderr, "cut at %zu: complete %d\n",
					cut, info.complete);
			wrong_complete++;
		}
		if (fs.n > full.n)
			wrong_kinds++;
		for (size_t i = 0; i < fs.n && i < full.n; i++)
			wrong_kinds += !same_str(fs.v[i].kind, full.v[i].kind);
		bad_form += !well_formed(&fs);
		rl_findings_free(&fs);
		free(piece);
	}
	CHECK_INT(wrong_rc, 0);
	CHECK_INT(wrong_complete, 0);
	CHECK_INT(wrong_kinds, 0);
	CHECK_INT(bad_form, 0);
	rl_findings_free(&full);
	free(text);
}

/* ---- text TSan never wrote */

static void test_empty_and_plain(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	CHECK_INT(rl_parse_tsan("", 0, &fs, &info), 0);
	CHECK_INT(fs.n, 0);
	CHECK_INT(info.complete, 1);
	CHECK_INT(info.crashed, 0);
	CHECK_INT(info.tool_error_count, -1);
	CHECK_STR(info.error, "");
	CHECK_INT(rl_parse_tsan(NULL, 0, &fs, &info), 0);
	CHECK_INT(fs.n, 0);
	CHECK_INT(rl_parse_tsan("no newline, no marker", 21, &fs, NULL), 0);
	CHECK_INT(parse_str("hello\nworld", &fs, &info), 0);
	CHECK_INT(fs.n, 0);
	CHECK_INT(info.complete, 1);
	/* len, not the NUL, ends the text. */
	CHECK_INT(rl_parse_tsan("WARNING: ThreadSanitizer: data race (pid=1)\n",
				10, &fs, &info), 0);
	CHECK_INT(fs.n, 0);
	rl_findings_free(&fs);
}

static void test_bad_headers(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	/* A whole header line with no headline: not TSan's. */
	CHECK_INT(parse_str("WARNING: ThreadSanitizer:\n", &fs, &info), -1);
	CHECK_INT(fs.n, 0);
	CHECK_INT(info.complete, 0);
	CHECK(info.error[0] != '\0');
	CHECK_INT(parse_str("WARNING: ThreadSanitizer: (pid=12)\n", &fs, &info), -1);
	CHECK_INT(fs.n, 0);
	/* Parsing goes on after it. */
	CHECK_INT(parse_str("WARNING: ThreadSanitizer: \n"
			    "WARNING: ThreadSanitizer: data race (pid=2)\n"
			    "==================\n", &fs, &info), -1);
	CHECK_INT(fs.n, 1);
	rl_findings_free(&fs);

	/* The same at the very end with no newline: a cut, not an error. */
	CHECK_INT(parse_str("WARNING: ThreadSanitizer:", &fs, &info), 0);
	CHECK_INT(fs.n, 0);
	CHECK_INT(info.complete, 0);
	CHECK_INT(parse_str("==================\nWARNING: ThreadSanitizer: da",
			    &fs, &info), 0);
	CHECK_INT(fs.n, 0);
	CHECK_INT(info.complete, 0);
	CHECK_INT(parse_str("==================\nWARN", &fs, &info), 0);
	CHECK_INT(info.complete, 0);
	/* A header alone: a report that never ended. */
	CHECK_INT(parse_str("WARNING: ThreadSanitizer: data race (pid=1)\n",
			    &fs, &info), 0);
	CHECK_INT(fs.n, 1);
	CHECK_INT(info.complete, 0);
	CHECK_STR(fs.v[0].kind, "data race");
	CHECK_STR(fs.v[0].headline, "data race");
	CHECK_INT(fs.v[0].nstacks, 0);
	rl_findings_free(&fs);
}

static void test_categories(void)
{
	static const struct {
		const char *kind;
		enum rl_category cat;
	} want[] = {
		{ "data race", RL_CAT_DATA_RACE },
		{ "lock-order-inversion (potential deadlock)", RL_CAT_LOCK_ORDER },
		{ "thread leak", RL_CAT_THREAD_LEAK },
		{ "heap-use-after-free", RL_CAT_MEMORY_ERROR },
		{ "destroy of a locked mutex", RL_CAT_MUTEX_MISUSE },
		{ "double lock of a mutex", RL_CAT_MUTEX_MISUSE },
		{ "use of an invalid mutex (e.g. uninitialized or destroyed)",
		  RL_CAT_MUTEX_MISUSE },
		{ "unlock of an unlocked mutex (or by a wrong thread)",
		  RL_CAT_MUTEX_MISUSE },
		{ "read lock of a write locked mutex", RL_CAT_MUTEX_MISUSE },
		{ "read unlock of a write locked mutex", RL_CAT_MUTEX_MISUSE },
		{ "signal-unsafe call inside of a signal", RL_CAT_SIGNAL_MISUSE },
		{ "signal handler spoils errno", RL_CAT_SIGNAL_MISUSE },
		{ "data race on vptr (ctor/dtor vs virtual call)",
		  RL_CAT_DATA_RACE },
		{ "something brand new", RL_CAT_OTHER },
	};
	char text[256];

	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		struct rl_findings fs = { 0 };
		struct rl_parse_info info;

		snprintf(text, sizeof text,
			 "==================\n"
			 "WARNING: ThreadSanitizer: %s (pid=41)\n"
			 "    #0 f x.c:3:1 (b+0x1)\n"
			 "==================\n", want[i].kind);
		CHECK_INT(parse_str(text, &fs, &info), 0);
		CHECK_INT(info.complete, 1);
		CHECK_INT(fs.n, 1);
		if (fs.n == 1) {
			CHECK_STR(fs.v[0].kind, want[i].kind);
			CHECK_INT(fs.v[0].category, want[i].cat);
			CHECK_INT(fs.v[0].nstacks, 1);
		}
		rl_findings_free(&fs);
	}
}

/* Frame shapes: unknowns, no column, no line, a C++ signature, an
 * ASan-style "0x... in", a frame out of sequence, a thread number too
 * big, a stack TSan could not restore. */
static void test_frames(void)
{
	static const char text[] =
		"WARNING: ThreadSanitizer: data race (pid=9)\n"
		"  Read of size 1 at 0x1 by main thread:\n"
		"    #0 <null> <null> (libc.so.6+0x1234)\n"
		"    #1 pthread_mutex_lock ??:? (bin+0x1)\n"
		"    #2 f a.c:7 (bin+0x2)\n"
		"    #3 g b.c (bin+0x3)\n"
		"    #4 h c.c:99999999999999999999:1 (bin+0x4)\n"
		"    #5 operator new(unsigned long) d.cc:5:3 (bin+0x5) (BuildId: ab)\n"
		"    #6 k\n"
		"    #7 0x4a5b3c in m e.c:8\n"
		"    #8 0x4a5b3c (bin+0x6)\n"
		"    #9 __tsan::Foo(int) f.cpp.o (bin+0x7)\n"
		"    #3 out_of_order x.c:1 (bin+0x8)\n"
		"    #10 n /abs/g.c:10:2 (bin+0x9)\n"
		"    #11 A::f(int, long) const /my code/h h.cc:11:2 (bin+0xa)\n"
		"    #12 void t<int>(std::map<int, int>&) my code/i.cc:12 (bin+0xb)\n"
		"    #13 B::g() const && [clone .cold] my code/j j.cc:13 (bin+0xc)\n"
		"    #14 operator<<(S&, int) k k.cc:14:1 (bin+0xd)\n"
		"    #15 0x4a5b3c in w my code/l l.c:15\n"
		"    #16 operator new(unsigned long) <null> (bin+0xe)\n"
		"\n"
		"  Previous write of size 1 at 0x1 by thread T99999999999999999999:\n"
		"    [failed to restore the stack]\n"
		"\n"
		"  Mutex M0 (0x1) created at:\n"
		"    #0 pthread_mutex_init <null> (bin+0xa)\n"
		"\n"
		"==================\n";
	static const struct {
		const char *function, *file;
		int line;
	} want[] = {
		{ NULL, NULL, 0 }, { "pthread_mutex_lock", NULL, 0 },
		{ "f", "a.c", 7 }, { "g", "b.c", 0 }, { "h", "c.c", 0 },
		{ "operator new(unsigned long)", "d.cc", 5 }, { "k", NULL, 0 },
		{ "m", "e.c", 8 }, { NULL, NULL, 0 },
		{ "__tsan::Foo(int)", "f.cpp.o", 0 }, { "n", "/abs/g.c", 10 },
		{ "A::f(int, long) const", "/my code/h h.cc", 11 },
		{ "void t<int>(std::map<int, int>&)", "my code/i.cc", 12 },
		{ "B::g() const && [clone .cold]", "my code/j j.cc", 13 },
		{ "operator<<(S&, int)", "k k.cc", 14 },
		{ "w", "my code/l l.c", 15 },
		{ "operator new(unsigned long)", NULL, 0 },
	};
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;
	const struct rl_finding *f;

	CHECK_INT(parse_str(text, &fs, &info), 0);
	CHECK_INT(info.complete, 1);
	CHECK_INT(info.tool_error_count, -1);
	CHECK_INT(fs.n, 1);
	if (fs.n != 1)
		goto out;
	f = &fs.v[0];
	CHECK_STR(f->headline, "data race");
	CHECK_INT(f->nstacks, 3);
	if (f->nstacks != 3)
		goto out;
	check_stack(&f->stacks[0], "Read of size 1 at 0x1 by main thread",
		    "main thread", 0, 17);
	for (size_t k = 0; k < 17 && k < f->stacks[0].nframes; k++)
		check_frame(&f->stacks[0].frames[k], want[k].function,
			    want[k].file, want[k].line, "synthetic frame");
	CHECK(rl_stack_frame_in(&f->stacks[0], "g.c") == &f->stacks[0].frames[10]);
	check_stack(&f->stacks[1], "Previous write", "T99999999999999999999",
		    -1, 0);
	check_stack(&f->stacks[2], "Mutex M0 (0x1) created at",
		    "created at", -1, 1);
out:
	rl_findings_free(&fs);
}

/* Other crash reports: the kind comes from SUMMARY; a tid that is not
 * the pid is some thread we cannot name. */
static void test_other_crashes(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	CHECK_INT(parse_str(
		"==77==ERROR: ThreadSanitizer: requested allocation size "
		"0xffffffffff exceeds maximum supported size of 0x10000000000\n"
		"    #0 malloc <null> (b+0x1)\n"
		"    #1 main x.c:3:5 (b+0x2)\n"
		"\n"
		"SUMMARY: ThreadSanitizer: allocation-size-too-big x.c:3:5 in main\n"
		"==77==ABORTING\n", &fs, &info), 0);
	CHECK_INT(info.complete, 1);
	CHECK_INT(info.crashed, 1);
	CHECK_INT(fs.n, 1);
	if (fs.n == 1) {
		CHECK_STR(fs.v[0].kind, "allocation-size-too-big");
		CHECK_INT(fs.v[0].category, RL_CAT_CRASH);
		CHECK_STR(fs.v[0].headline,
			  "allocation-size-too-big x.c:3:5 in main");
		CHECK_INT(fs.v[0].nstacks, 1);
		if (fs.v[0].nstacks == 1) {
			CHECK(starts_with(fs.v[0].stacks[0].label,
					  "requested allocation size"));
			CHECK_INT(fs.v[0].stacks[0].thread, -1);
			check_frame(rl_stack_frame_in(&fs.v[0].stacks[0], "x.c"),
				    "main", "x.c", 3, "allocation");
		}
	}
	rl_findings_free(&fs);

	CHECK_INT(parse_str("ThreadSanitizer:DEADLYSIGNAL\n"
			    "==5==ERROR: ThreadSanitizer: SEGV on unknown address "
			    "0x000000000010 (pc 0x1 bp 0x2 sp 0x3 T6)\n"
			    "    #0 worker w.c:9:3 (b+0x1)\n", &fs, &info), 0);
	CHECK_INT(fs.n, 1);
	CHECK_INT(info.crashed, 1);
	CHECK_INT(info.complete, 0);	/* no ==5==ABORTING */
	if (fs.n == 1 && fs.v[0].nstacks == 1) {
		CHECK_STR(fs.v[0].kind, "SEGV");
		CHECK_STR(fs.v[0].headline, "SEGV");
		CHECK_INT(fs.v[0].stacks[0].thread, -1);	/* T6 is not pid 5 */
	}

	/* Two threads crash; only the first gets a report. */
	CHECK_INT(parse_str("ThreadSanitizer:DEADLYSIGNAL\n"
			    "==5==ERROR: ThreadSanitizer: SEGV on unknown address "
			    "0x000000000010 (pc 0x1 bp 0x2 sp 0x3 T5)\n"
			    "    #0 main m.c:9:3 (b+0x1)\n"
			    "ThreadSanitizer:DEADLYSIGNAL\n"
			    "==5==ABORTING\n", &fs, &info), 0);
	CHECK_INT(fs.n, 2);	/* with the one above */
	CHECK_INT(info.complete, 1);
	if (fs.n == 2 && fs.v[1].nstacks == 1)
		CHECK_INT(fs.v[1].stacks[0].thread, 0);
	rl_findings_free(&fs);

	/* The program died before TSan could say how. */
	CHECK_INT(parse_str("ThreadSanitizer:DEADLYSIGNAL\n", &fs, &info), 0);
	CHECK_INT(fs.n, 0);
	CHECK_INT(info.crashed, 1);
	CHECK_INT(info.complete, 0);
	CHECK_INT(parse_str("FATAL: ThreadSanitizer: unexpected memory mapping "
			    "0x7f0000000000-0x7f0000001000\n", &fs, &info), 0);
	CHECK_INT(fs.n, 0);
	CHECK_INT(info.complete, 0);
	CHECK(info.error[0] != '\0');
	rl_findings_free(&fs);
}

/* Program output with no newline before TSan's lines; a report that
 * starts before the last one ended; "And N more" too big to count. */
static void test_glued_and_nested(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	CHECK_INT(parse_str(
		"progress...==================\n"
		"WARNING: ThreadSanitizer: data race (pid=3)\n"
		"  Write of size 4 at 0x1 by thread T1:\n"
		"    #0 w x.c:1:1 (b+0x1)\n"
		"\n"
		"SUMMARY: ThreadSanitizer: data race x.c:1:1 in w\n"
		"done==================\n"
		"ThreadSanitizer: reported 1 warnings\n", &fs, &info), 0);
	CHECK_INT(fs.n, 1);
	CHECK_INT(info.complete, 1);
	CHECK_INT(info.tool_error_count, 1);
	if (fs.n == 1) {
		CHECK_STR(fs.v[0].headline, "data race x.c:1:1 in w");
		CHECK_INT(fs.v[0].nstacks, 1);
	}
	rl_findings_free(&fs);

	CHECK_INT(parse_str(
		"WARNING: ThreadSanitizer: data race (pid=3)\n"
		"  Write of size 4 at 0x1 by thread T1:\n"
		"    #0 w x.c:1:1 (b+0x1)\n"
		"WARNING: ThreadSanitizer: thread leak (pid=3)\n"
		"  Thread T1 (tid=4, finished) created by main thread at:\n"
		"    #0 pthread_create <null> (b+0x2)\n"
		"  And 99999999999 more similar thread leaks.\n"
		"==================\n", &fs, &info), 0);
	CHECK_INT(fs.n, 2);
	CHECK_INT(info.complete, 0);
	if (fs.n == 2) {
		CHECK_INT(fs.v[0].nstacks, 1);
		CHECK_INT(fs.v[1].category, RL_CAT_THREAD_LEAK);
		CHECK_INT(fs.v[1].count, 1);
	}
	rl_findings_free(&fs);
}

/* Long lines, NUL bytes, random bytes, and random soups of TSan's own
 * line shapes: no crash (this test runs under ASan/UBSan when built as
 * the README says), only well-formed findings. */
static unsigned long rng = 12345;

static unsigned rnd(unsigned n)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rng >> 33) % n;
}

static void test_long_and_binary(void)
{
	static const char head[] = "WARNING: ThreadSanitizer: data race (pid=1)\n"
				   "  Write of size 4 at 0x1 by thread T1:\n"
				   "    #0 ";
	static const char tail[] = " a.c:1:2 (m+0x1)\n==================\n";
	size_t big = 4 << 20, len = 0;
	char *text = malloc(2 * big + 1024);
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	memset(text, 'x', big);	/* one 4 MiB line of program output */
	len = big;
	text[len++] = '\n';
	memcpy(text + len, head, strlen(head));
	len += strlen(head);
	memset(text + len, 'f', big);	/* a 4 MiB function name */
	len += big;
	memcpy(text + len, tail, strlen(tail));
	len += strlen(tail);
	CHECK_INT(rl_parse_tsan(text, len, &fs, &info), 0);
	CHECK_INT(fs.n, 1);
	CHECK_INT(info.complete, 1);
	if (fs.n == 1 && fs.v[0].nstacks == 1 && fs.v[0].stacks[0].nframes == 1) {
		CHECK_INT(strlen(fs.v[0].stacks[0].frames[0].function), big);
		CHECK_STR(fs.v[0].stacks[0].frames[0].file, "a.c");
	}
	rl_findings_free(&fs);

	/* NUL bytes in program output do not end the text. */
	memcpy(text, "a\0b\n", 4);
	memcpy(text + 4, head, strlen(head));
	len = 4 + strlen(head);
	memcpy(text + len, "w\0x a.c:1 (m+0x1)\n==================\n", 37);
	len += 37;
	CHECK_INT(rl_parse_tsan(text, len, &fs, &info), 0);
	CHECK_INT(fs.n, 1);
	CHECK_INT(info.complete, 1);
	rl_findings_free(&fs);

	for (size_t i = 0; i < big; i++)
		text[i] = (char)rnd(256);
	CHECK_INT(rl_parse_tsan(text, big, &fs, &info), 0);
	CHECK(well_formed(&fs));
	rl_findings_free(&fs);
	free(text);
}

static void test_soup(void)
{
	static const char *const pieces[] = {
		"==================",
		"WARNING: ThreadSanitizer: data race (pid=12)",
		"WARNING: ThreadSanitizer: thread leak (pid=12)",
		"WARNING: ThreadSanitizer: ",
		"  Write of size 4 at 0x1 by thread T2:",
		"  Mutex M0 previously acquired by the same thread here:",
		"  and:",
		"    #0 f x.c:1:2 (b+0x1)",
		"    #1 <null> <null> (b+0x2)",
		"    #2 g ??:? (b+0x3) (BuildId: 12)",
		"    #",
		"    #1",
		"    [failed to restore the stack]",
		"  And 2 more similar thread leaks.",
		"SUMMARY: ThreadSanitizer: data race x.c:1:2 in f",
		"SUMMARY: ThreadSanitizer: ",
		"ThreadSanitizer:DEADLYSIGNAL",
		"==12==ERROR: ThreadSanitizer: SEGV on unknown address 0x0 (pc 0x1 T12)",
		"==12==ERROR: ThreadSanitizer: ",
		"==12==ABORTING",
		"ThreadSanitizer: reported 3 warnings",
		"ThreadSanitizer: reported 99999999999 warnings",
		"\033[1m\033[",
		"(pid=)",
		"  :",
		"",
	};
	char text[4096];
	int bad = 0;

	for (int iter = 0; iter < 20000; iter++) {
		struct rl_findings fs = { 0 };
		struct rl_parse_info info;
		size_t len = 0;
		int rc;

		for (int l = rnd(40); l > 0; l--) {
			const char *p = pieces[rnd(sizeof pieces / sizeof pieces[0])];
			size_t n = strlen(p);

			if (rnd(8) == 0)
				n = rnd(n + 1);		/* cut it short */
			if (len + n + 2 > sizeof text)
				break;
			memcpy(text + len, p, n);
			len += n;
			if (rnd(16) == 0)
				text[len++] = (char)rnd(256);
			if (rnd(10))
				text[len++] = '\n';
		}
		rc = rl_parse_tsan(text, len, &fs, &info);
		bad += (rc != 0 && rc != -1) || !well_formed(&fs) ||
		       (info.complete != 0 && info.complete != 1) ||
		       strnlen(info.error, sizeof info.error) == sizeof info.error;
		rl_findings_free(&fs);
	}
	CHECK_INT(bad, 0);
}

/* One report file each, under the name of what it holds. */
static void test_race2_clang(void) { test_race2("race2.txt", 0, NULL); }
static void test_race2_color(void) { test_race2("race2-color.txt", 0, NULL); }
static void test_race2_gcc(void) { test_race2("race2-gcc.txt", 1, NULL); }
/* race2.c built in "/tmp/racelab testdata/my code/race 2.c" */
static void test_race2_spaces(void) { test_race2("spaces.txt", 0, SPACED); }
static void test_race2_spaces_gcc(void) { test_race2("spaces-gcc.txt", 1, SPACED); }
static void test_race2_spaces_relative(void)
{
	test_race2("spaces-relative.txt", 0, "my code/race 2.c");
}
static void test_race2_newline_gcc(void) { test_race2("newline-gcc.txt", 1, NEWLINED); }
static void test_race2_newline(void)
{
	summary_cut = 1;
	test_race2("newline.txt", 0, NEWLINED);
	summary_cut = 0;
}
static void test_variants_race2(void) { test_variants("race2.txt"); }
static void test_variants_crash(void) { test_variants("crash.txt"); }
static void test_variants_misuse(void) { test_variants("misuse.txt"); }
static void test_every_cut_race2(void) { test_every_cut("race2.txt"); }
static void test_every_cut_crash(void) { test_every_cut("crash.txt"); }
static void test_every_cut_lockorder(void) { test_every_cut("lockorder.txt"); }
static void test_every_cut_leak(void) { test_every_cut("leak.txt"); }
static void test_every_cut_misuse(void) { test_every_cut("misuse.txt"); }

int main(void)
{
	static const struct rl_test tests[] = {
		RL_TEST(test_race2_clang),
		RL_TEST(test_race2_color),
		RL_TEST(test_race2_gcc),
		RL_TEST(test_race2_spaces),
		RL_TEST(test_race2_spaces_gcc),
		RL_TEST(test_race2_spaces_relative),
		RL_TEST(test_race2_newline_gcc),
		RL_TEST(test_race2_newline),
		RL_TEST(test_lockorder),
		RL_TEST(test_crash),
		RL_TEST(test_leak),
		RL_TEST(test_clean),
		RL_TEST(test_suppressed),
		RL_TEST(test_tool_failed),
		RL_TEST(test_misuse),
		RL_TEST(test_truncated),
		RL_TEST(test_variants_race2),
		RL_TEST(test_variants_crash),
		RL_TEST(test_variants_misuse),
		RL_TEST(test_every_cut_race2),
		RL_TEST(test_every_cut_crash),
		RL_TEST(test_every_cut_lockorder),
		RL_TEST(test_every_cut_leak),
		RL_TEST(test_every_cut_misuse),
		/* text TSan never wrote */
		RL_TEST(test_empty_and_plain),
		RL_TEST(test_bad_headers),
		RL_TEST(test_categories),
		RL_TEST(test_frames),
		RL_TEST(test_other_crashes),
		RL_TEST(test_glued_and_nested),
		RL_TEST(test_long_and_binary),
		RL_TEST(test_soup),
	};

	return RL_RUN_TESTS(tests);
}
