/* helgrind/parse_test.c - rl_parse_helgrind_xml() on XML that Helgrind
 * really wrote (testdata/, made by its regenerate.sh from the
 * programs beside it), on small hand-made documents for the rules, and on
 * garbage. Lines in the programs are found by their marker comments
 * ("@race-read"), so recapturing after an edit needs no change here.
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse.h"
#include "../valgrind/log.h"
#include "../valgrind/supp.h"
#include "../../testutil.h"

#define DATA "harness/detectors/helgrind/testdata/"
#define PROGS DATA "programs/"

/* ---- helpers ---- */

/* Does s match pattern, where '*' stands for any run of characters?
 * Addresses in Helgrind's texts move when a program is rebuilt. */
static int glob_match(const char *pat, const char *s)
{
	if (!s)
		return 0;
	if (*pat == '*')
		return glob_match(pat + 1, s) || (*s && glob_match(pat, s + 1));
	if (!*pat)
		return !*s;
	return *pat == *s && glob_match(pat + 1, s + 1);
}

#define CHECK_GLOB(got, pat)                                               \
	do {                                                               \
		const char *g_ = (got);                                    \
		if (glob_match((pat), g_)) {                               \
			rl_test_passed++;                                  \
		} else {                                                   \
			rl_test_failed++;                                  \
			fprintf(stderr, "%s:%d: %s is \"%s\", want \"%s\"\n", \
				__FILE__, __LINE__, #got,                  \
				g_ ? g_ : "(null)", (pat));                \
		}                                                          \
	} while (0)

/* The line of programs/PROG.c that carries the comment marker MARK. */
static int marker_line(const char *prog, const char *mark)
{
	char path[256], *src, *p, *hit;
	size_t len, mlen = strlen(mark);
	int line = 1;

	snprintf(path, sizeof path, PROGS "%s.c", prog);
	src = rl_test_slurp(path, &len);
	for (p = src; (hit = strstr(p, mark)); p = hit + mlen) {
		char after = hit[mlen];

		if (hit > src && hit[-1] == '@' &&
		    (after == ' ' || after == '*'))
			break;
	}
	if (!hit) {
		fprintf(stderr, "no marker @%s in %s\n", mark, path);
		exit(2);
	}
	for (p = src; p < hit; p++)
		line += *p == '\n';
	free(src);
	return line;
}

static int parse_file(const char *name, struct rl_findings *fs,
		      struct rl_parse_info *info)
{
	char path[256], *xml;
	size_t len;
	int ret;

	snprintf(path, sizeof path, DATA "%s", name);
	xml = rl_test_slurp(path, &len);
	ret = rl_parse_helgrind_xml(xml, len, fs, info);
	free(xml);
	return ret;
}

static int parse_str(const char *xml, struct rl_findings *fs,
		     struct rl_parse_info *info)
{
	return rl_parse_helgrind_xml(xml, strlen(xml), fs, info);
}

/* The stack's innermost frame in programs/PROG.c is FN at marker MARK. */
static void check_frame(const struct rl_stack *s, const char *prog,
			const char *fn, const char *mark, const char *where)
{
	char suffix[256];
	const struct rl_frame *fr;
	int failed = rl_test_failed;

	snprintf(suffix, sizeof suffix, PROGS "%s.c", prog);
	fr = rl_stack_frame_in(s, suffix);
	CHECK(fr != NULL);
	if (fr) {
		CHECK_STR(fr->function, fn);
		CHECK_INT(fr->line, marker_line(prog, mark));
		/* relative, thanks to -fdebug-prefix-map in regenerate.sh */
		CHECK_GLOB(fr->file, "./" PROGS "*.c");
	}
	if (rl_test_failed > failed)
		fprintf(stderr, "  (in %s)\n", where);
}

/* The stack's top frame is in the program itself (the access, not a
 * Valgrind wrapper around it). */
static void check_top_frame(const struct rl_stack *s, const char *prog,
			    const char *fn, const char *mark)
{
	CHECK(s->nframes > 0);
	if (s->nframes == 0)
		return;
	CHECK_STR(s->frames[0].function, fn);
	CHECK_INT(s->frames[0].line, marker_line(prog, mark));
	check_frame(s, prog, fn, mark, fn);
}

static const char *cat(const struct rl_finding *f)
{
	return rl_category_name(f->category);
}

/* Every stack of every finding is an error's, not a thread
 * announcement's: those start at clone() inside glibc. */
static void check_no_announcements(const struct rl_findings *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		for (size_t j = 0; j < fs->v[i].nstacks; j++) {
			const struct rl_stack *s = &fs->v[i].stacks[j];

			CHECK(s->nframes == 0 || !s->frames[0].function ||
			      strcmp(s->frames[0].function, "clone") != 0);
		}
}

/* ---- real captures ---- */

static void test_mixed(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;
	const struct rl_finding *f;

	CHECK_INT(parse_file("mixed.xml", &fs, &info), 0);
	CHECK_INT(info.complete, 1);
	CHECK_INT(info.crashed, 0);
	CHECK_INT(info.tool_error_count, 7);	/* not the suppcounts' 9 */
	CHECK_STR(info.error, "");
	CHECK_INT(fs.n, 7);
	if (fs.n != 7)
		goto out;
	check_no_announcements(&fs);

	f = &fs.v[0];	/* thread #3 reads what thread #2 wrote */
	CHECK_STR(f->tool, "helgrind");
	CHECK_STR(f->kind, "Race");
	CHECK_STR(cat(f), "data-race");
	CHECK_GLOB(f->headline, "Possible data race during read of size 4 "
				"at 0x* by thread #3");
	CHECK_INT(f->count, 1);
	CHECK_INT(f->nstacks, 2);
	if (f->nstacks == 2) {
		CHECK_STR(f->stacks[0].label, f->headline);
		CHECK_STR(f->variable, "shared");
		CHECK_INT(f->stacks[0].thread, 2);	/* #3: creation order 2 */
		CHECK_INT(f->stacks[0].role, RL_ROLE_ACCESS);
		CHECK_INT(f->stacks[0].access, 'r');
		CHECK_INT(f->stacks[0].size, 4);
		check_top_frame(&f->stacks[0], "mixed", "reader", "race-read");
		CHECK_STR(f->stacks[1].label, "This conflicts with a previous "
					      "write of size 4 by thread #2");
		CHECK_INT(f->stacks[1].thread, 1);
		CHECK_INT(f->stacks[1].access, 'w');
		CHECK_INT(f->stacks[1].size, 4);
		check_top_frame(&f->stacks[1], "mixed", "writer",
				"race-write");
	}
	if (f->nstacks == 2 && f->stacks[1].nframes) {
		const struct rl_stack *s = &f->stacks[1];

		/* the bottom frame is glibc's, with its own dir + file */
		CHECK_STR(s->frames[s->nframes - 1].function, "clone");
		CHECK_GLOB(s->frames[s->nframes - 1].file, "*/x86_64/clone.S");
	}

	f = &fs.v[1];	/* a then b, later b then a */
	CHECK_STR(f->kind, "LockOrder");
	CHECK_STR(cat(f), "lock-order");
	CHECK_GLOB(f->headline, "Thread #1: lock order \"0x* before 0x*\" "
				"violated");
	CHECK_INT(f->nstacks, 5);
	if (f->nstacks == 5 && f->stacks[0].nframes) {
		CHECK_STR(f->stacks[0].label, f->headline);
		CHECK_INT(f->stacks[0].thread, 0);
		/* the top frame is Helgrind's wrapper: no fn, file or line */
		CHECK(f->stacks[0].frames[0].function == NULL);
		CHECK(f->stacks[0].frames[0].file == NULL);
		CHECK_INT(f->stacks[0].frames[0].line, 0);
		check_frame(&f->stacks[0], "mixed", "main", "lock-order",
			    "lock order, observed");
		CHECK_GLOB(f->stacks[1].label, "Required order was established "
					       "by acquisition of lock at 0x*");
		CHECK_INT(f->stacks[1].thread, -1);
		check_frame(&f->stacks[1], "mixed", "main", "order-a",
			    "lock order, first");
		CHECK_GLOB(f->stacks[2].label, "followed by a later "
					       "acquisition of lock at 0x*");
		check_frame(&f->stacks[2], "mixed", "main", "order-b",
			    "lock order, second");
		for (int i = 3; i < 5; i++)
			CHECK_GLOB(f->stacks[i].label,
				   "Lock at 0x* was first observed");
	}

	f = &fs.v[2];
	CHECK_STR(f->kind, "UnlockUnlocked");
	CHECK_STR(cat(f), "mutex-misuse");
	CHECK_GLOB(f->headline, "Thread #1 unlocked a not-locked lock at 0x*");
	CHECK_INT(f->nstacks, 2);
	if (f->nstacks == 2) {
		check_frame(&f->stacks[0], "mixed", "main", "unlock-unlocked",
			    "unlock-unlocked");
		check_frame(&f->stacks[1], "mixed", "main", "order-a",
			    "unlock-unlocked, lock first seen");
	}

	f = &fs.v[3];
	CHECK_STR(f->kind, "Misc");
	CHECK_STR(cat(f), "mutex-misuse");
	CHECK_STR(f->headline, "Thread #4: Exiting thread still holds 1 lock");
	CHECK_INT(f->nstacks, 1);
	if (f->nstacks == 1 && f->stacks[0].nframes) {
		CHECK_INT(f->stacks[0].thread, 3);
		/* Helgrind shows where the thread ended (in glibc), never the
		 * program's line: the marked return is not in the stack. */
		CHECK_STR(f->stacks[0].frames[0].function, "start_thread");
		CHECK(rl_stack_frame_in(&f->stacks[0],
					PROGS "mixed.c") == NULL);
	}

	f = &fs.v[4];
	CHECK_STR(f->kind, "Misc");
	CHECK_STR(cat(f), "condvar-misuse");
	CHECK_STR(f->headline, "Thread #1: pthread_cond_{signal,broadcast}: "
			       "dubious: associated lock is not held by any "
			       "thread");
	if (f->nstacks == 1)
		check_frame(&f->stacks[0], "mixed", "main", "dubious-signal",
			    "dubious signal");

	f = &fs.v[5];
	CHECK_STR(f->kind, "Misc");
	CHECK_STR(cat(f), "mutex-misuse");
	CHECK_STR(f->headline,
		  "Thread #1: pthread_mutex_destroy of a locked mutex");
	if (f->nstacks == 1)
		check_frame(&f->stacks[0], "mixed", "main", "destroy-locked",
			    "destroy locked");

	/* PthAPIerror splits its sentence over an <xwhat> and a <what> */
	f = &fs.v[6];
	CHECK_STR(f->kind, "PthAPIerror");
	CHECK_STR(cat(f), "mutex-misuse");
	CHECK_STR(f->headline, "Thread #1's call to pthread_mutex_destroy "
			       "failed with error code 16 (EBUSY: Device or "
			       "resource busy)");
	CHECK_INT(f->nstacks, 1);
	if (f->nstacks == 1) {
		CHECK_STR(f->stacks[0].label, f->headline);
		CHECK_INT(f->stacks[0].thread, 0);
		check_frame(&f->stacks[0], "mixed", "main", "destroy-locked",
			    "destroy failed");
	}
out:
	rl_findings_free(&fs);
}

/* One racy store in a loop: 1000 occurrences. Valgrind's JIT unrolls the
 * loop and attributes part of them to the loop's header line, so Helgrind
 * reports two contexts (two <unique>s) that share the 1000 between them. */
static void test_race_loop(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	CHECK_INT(parse_file("race_loop.xml", &fs, &info), 0);
	CHECK_INT(info.complete, 1);
	CHECK_INT(info.tool_error_count, 1000);
	CHECK_INT(fs.n, 2);
	if (fs.n != 2)
		goto out;
	check_no_announcements(&fs);
	for (size_t i = 0; i < 2; i++) {
		CHECK_STR(fs.v[i].kind, "Race");
		CHECK_STR(cat(&fs.v[i]), "data-race");
		CHECK_GLOB(fs.v[i].headline, "Possible data race during write "
					     "of size 4 at 0x* by thread #3");
		CHECK(fs.v[i].count > 1);
		CHECK_INT(fs.v[i].nstacks, 2);
	}
	CHECK_INT(fs.v[0].count + fs.v[1].count, 1000);
	/* the counts pair with their own <unique>, not by position */
	CHECK_INT(fs.v[0].count, 251);
	CHECK_INT(fs.v[1].count, 749);
	if (fs.v[0].nstacks == 2 && fs.v[1].nstacks == 2) {
		check_top_frame(&fs.v[0].stacks[0], "race_loop", "refill",
				"loop-race");
		check_top_frame(&fs.v[0].stacks[1], "race_loop", "fill",
				"loop-fill");
		CHECK_INT(fs.v[0].stacks[1].thread, 1);
		check_top_frame(&fs.v[1].stacks[0], "race_loop", "refill",
				"loop-head");
	}
out:
	rl_findings_free(&fs);
}

static void test_clean(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	CHECK_INT(parse_file("clean.xml", &fs, &info), 0);
	CHECK_INT(fs.n, 0);
	CHECK_INT(info.complete, 1);
	CHECK_INT(info.crashed, 0);
	CHECK_INT(info.tool_error_count, 0);	/* an empty <errorcounts> */
	CHECK_STR(info.error, "");
	rl_findings_free(&fs);
}

static void test_misuse(void)
{
	static const struct {
		const char *kind, *category, *headline, *mark;
	} want[] = {
		{ "UnlockForeign", "mutex-misuse", "Thread #1 unlocked lock at "
		  "0x* currently held by thread #2", "unlock-foreign" },
		{ "Misc", "mutex-misuse",
		  "Thread #2: Exiting thread still holds 1 lock", NULL },
		{ "UnlockBogus", "mutex-misuse",
		  "Thread #1 unlocked an invalid lock at 0x*", "unlock-bogus" },
		{ "Misc", "condvar-misuse", "Thread #1: "
		  "pthread_cond_{timed}wait called with un-held mutex",
		  "cond-unheld" },
		{ "Misc", "other", "Thread #1: pthread_barrier_init: 'count' "
		  "argument is zero", "barrier-zero" },
		{ "PthAPIerror", "other", "Thread #1's call to "
		  "pthread_barrier_init failed with error code 22 (EINVAL: "
		  "Invalid argument)", "barrier-zero" },
		{ "PthAPIerror", "other", "Thread #1's call to sem_init failed "
		  "with error code 22 (EINVAL: Invalid argument)",
		  "sem-too-big" },
	};
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;
	size_t n = sizeof want / sizeof want[0];

	CHECK_INT(parse_file("misuse.xml", &fs, &info), 0);
	CHECK_INT(info.complete, 1);
	CHECK_INT(info.tool_error_count, 7);
	CHECK_INT(fs.n, n);
	for (size_t i = 0; i < n && i < fs.n; i++) {
		const struct rl_finding *f = &fs.v[i];

		CHECK_STR(f->kind, want[i].kind);
		CHECK_STR(cat(f), want[i].category);
		CHECK_GLOB(f->headline, want[i].headline);
		CHECK_INT(f->count, 1);
		CHECK(f->nstacks >= 1);
		if (f->nstacks >= 1 && want[i].mark)
			check_frame(&f->stacks[0], "misuse", "main",
				    want[i].mark, want[i].kind);
	}
	/* the foreign unlock names two threads; the unlocker comes first,
	 * and its second stack is where the owner took the lock */
	if (fs.n == n && fs.v[0].nstacks == 2) {
		CHECK_INT(fs.v[0].stacks[0].thread, 0);
		CHECK_GLOB(fs.v[0].stacks[1].label,
			   "Lock at 0x* was first observed");
		check_frame(&fs.v[0].stacks[1], "misuse", "holder",
			    "foreign-lock", "foreign unlock, lock first seen");
	}
	rl_findings_free(&fs);
}

static void test_crash(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	CHECK_INT(parse_file("crash.xml", &fs, &info), 0);
	CHECK_INT(info.crashed, 1);
	CHECK_INT(info.complete, 1);	/* Valgrind still closes its XML */
	CHECK_INT(info.tool_error_count, 1);
	CHECK_INT(fs.n, 1);
	if (fs.n == 1 && fs.v[0].nstacks == 2) {
		CHECK_STR(fs.v[0].kind, "Race");
		CHECK_INT(fs.v[0].stacks[0].thread, 0);
		check_top_frame(&fs.v[0].stacks[0], "crash", "main",
				"crash-race");
		check_top_frame(&fs.v[0].stacks[1], "crash", "writer",
				"crash-first");
	} else {
		/* the <fatal_signal> stack is no error's */
		CHECK(!"crash.xml: one Race with two stacks");
	}
	rl_findings_free(&fs);
}

/* control_name.c: a race on a global named "counter\001", in a file
 * named "control\033name.c" (#line). Helgrind copies both bytes into its
 * XML, which expat refuses; the reader writes them out as "\x01" and
 * "\x1b" first, so the whole report still reads. */
static void test_control_name(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;
	const struct rl_frame *fr;

	CHECK_INT(parse_file("control_name.xml", &fs, &info), 0);
	CHECK_INT(info.complete, 1);
	CHECK_STR(info.error, "");
	CHECK_INT(info.tool_error_count, 2);
	CHECK_INT(fs.n, 2);
	for (size_t i = 0; i < fs.n; i++) {
		CHECK_STR(fs.v[i].kind, "Race");
		CHECK_STR(cat(&fs.v[i]), "data-race");
		CHECK_STR(fs.v[i].variable, "counter\\x01");
		CHECK_INT(fs.v[i].nstacks, 2);
		if (fs.v[i].nstacks < 2)
			continue;
		fr = rl_stack_frame_in(&fs.v[i].stacks[0], "control\\x1bname.c");
		CHECK(fr != NULL);
		CHECK(fr && strcmp(fr->function, "second") == 0);
		fr = rl_stack_frame_in(&fs.v[i].stacks[1], "control\\x1bname.c");
		CHECK(fr && strcmp(fr->function, "first") == 0);
	}
	rl_findings_free(&fs);
}

/* What else expat refuses, in a hand-made document: a NUL, a byte that
 * is no UTF-8, a surrogate, U+FFFF, a sequence cut by the next tag. Each
 * is written out, and the error still reads. */
static void test_unreadable_bytes(void)
{
	static const char xml[] =
		"<valgrindoutput><protocolversion>4</protocolversion>"
		"<protocoltool>helgrind</protocoltool>"
		"<error><kind>Race</kind><what>race \xff on \xed\xa0\x80 x"
		"\xef\xbf\xbf\xe2\x82</what><stack><frame><fn>f\x1b[2J</fn>"
		"<file>a.c</file><line>3</line></frame></stack>"
		"<auxwhat>Address 0x1 is 0 bytes inside data symbol \"v\x00w\""
		"</auxwhat></error></valgrindoutput>";
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	CHECK_INT(rl_parse_helgrind_xml(xml, sizeof xml - 1, &fs, &info), 0);
	CHECK_INT(info.complete, 1);
	CHECK_STR(info.error, "");
	CHECK_INT(fs.n, 1);
	if (fs.n == 1) {
		CHECK_STR(fs.v[0].headline, "race \xef\xbf\xbd on "
			  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd x"
			  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
			  "\xef\xbf\xbd");
		CHECK_STR(fs.v[0].variable, "v\\x00w");
		if (fs.v[0].nstacks == 1 && fs.v[0].stacks[0].nframes == 1)
			CHECK_STR(fs.v[0].stacks[0].frames[0].function,
				  "f\\x1b[2J");
		else
			CHECK(!"one stack of one frame");
	}
	rl_findings_free(&fs);
}

/* stopped.c stopped as racelab stops it at its time limit (SIGTERM):
 * the two races before the signal are the program's; the lock still
 * held at exit, reported after <fatal_signal>, is marked as such. */
static void test_stopped(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	CHECK_INT(parse_file("stopped.xml", &fs, &info), 0);
	CHECK_INT(info.complete, 1);
	CHECK_INT(info.crashed, 1);
	CHECK_INT(info.fatal_signal, 15);
	CHECK_INT(fs.n, 3);
	if (fs.n != 3)
		goto out;
	for (size_t i = 0; i < 2; i++) {
		CHECK_STR(fs.v[i].kind, "Race");
		CHECK_INT(fs.v[i].after_signal, 0);
		check_frame(&fs.v[i].stacks[0], "stopped", "main",
			    "stopped-race-main", "a race before the signal");
	}
	CHECK_STR(fs.v[2].kind, "Misc");
	CHECK_STR(cat(&fs.v[2]), "mutex-misuse");
	CHECK_STR(fs.v[2].headline,
		  "Thread #2: Exiting thread still holds 1 lock");
	CHECK_INT(fs.v[2].after_signal, 1);
	CHECK_INT(rl_findings_drop_after_signal(&fs), 1);
	CHECK_INT(fs.n, 2);
	CHECK_STR(fs.v[1].kind, "Race");
out:
	rl_findings_free(&fs);
}

/* mixed.xml cut inside its LockOrder error: the race before it stays. */
static void test_truncated(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	CHECK_INT(parse_file("mixed_truncated.xml", &fs, &info), 0);
	CHECK_INT(info.complete, 0);
	CHECK_INT(info.tool_error_count, -1);
	CHECK_GLOB(info.error, "broken XML: line *; kept the 1 error read "
			       "before it");
	CHECK_INT(fs.n, 1);
	if (fs.n == 1) {
		CHECK_STR(fs.v[0].kind, "Race");
		CHECK_INT(fs.v[0].count, 1);
		CHECK_INT(fs.v[0].nstacks, 2);
		if (fs.v[0].nstacks == 2)
			check_top_frame(&fs.v[0].stacks[0], "mixed", "reader",
					"race-read");
	}
	rl_findings_free(&fs);
}

/* DRD writes the same protocol with other kinds: refused, not misread,
 * and what the caller already had stays as it was. */
static void test_drd_refused(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	rl_findings_add(&fs, "tsan", "data race", RL_CAT_DATA_RACE);
	CHECK_INT(parse_file("drd_race_loop.xml", &fs, &info), -1);
	CHECK_STR(info.error, "this is the XML of valgrind --tool=drd, "
			      "not helgrind");
	CHECK_INT(fs.n, 1);
	CHECK_STR(fs.v[0].kind, "data race");
	rl_findings_free(&fs);
}

/* Findings are appended after what the list held. */
static void test_appends(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	rl_findings_add(&fs, "tsan", "data race", RL_CAT_DATA_RACE);
	CHECK_INT(parse_file("mixed.xml", &fs, &info), 0);
	CHECK_INT(fs.n, 8);
	CHECK_STR(fs.v[0].tool, "tsan");
	if (fs.n == 8)
		CHECK_STR(fs.v[1].kind, "Race");
	rl_findings_free(&fs);
}

/* ---- hand-made documents: the rules one at a time ---- */

#define HEAD "<?xml version=\"1.0\"?>\n<valgrindoutput>\n" \
	"<protocolversion>4</protocolversion>\n"            \
	"<protocoltool>helgrind</protocoltool>\n<tool>helgrind</tool>\n"
#define TAIL "</valgrindoutput>\n"
#define FRAME "<frame><ip>0x1</ip><fn>f</fn><dir>d</dir><file>x.c</file>" \
	"<line>7</line></frame>"

/* Misc and PthAPIerror are sorted by their text, by a table. */
static void test_categories(void)
{
	static const struct {
		const char *kind, *text, *more, *category;
	} rows[] = {
		{ "Race", "Possible data race", NULL, "data-race" },
		{ "LockOrder", "lock order violated", NULL, "lock-order" },
		{ "UnlockUnlocked", "x", NULL, "mutex-misuse" },
		{ "UnlockForeign", "x", NULL, "mutex-misuse" },
		{ "UnlockBogus", "x", NULL, "mutex-misuse" },
		{ "Misc", "Thread #1: Attempt to re-lock a non-recursive lock "
		  "I already hold", NULL, "mutex-misuse" },
		{ "Misc", "Thread #2: Exiting thread still holds 2 locks",
		  NULL, "mutex-misuse" },
		{ "Misc", "Thread #1: pthread_rwlock_destroy of a locked mutex",
		  NULL, "mutex-misuse" },
		{ "Misc", "Thread #1: pthread_rwlock_unlock with a "
		  "pthread_mutex_t* argument", NULL, "mutex-misuse" },
		{ "Misc", "Thread #1: Bug in libpthread: write lock granted on "
		  "rwlock which is currently rd-held", NULL, "mutex-misuse" },
		{ "Misc", "Thread #1: pthread_cond_{timed}wait called with "
		  "mutex of type pthread_rwlock_t*", NULL, "condvar-misuse" },
		{ "Misc", "Thread #1: pthread_cond_destroy: destruction of "
		  "condition variable being waited upon", NULL,
		  "condvar-misuse" },
		{ "Misc", "Thread #1: Bug in libpthread: pthread_cond_wait "
		  "succeeded without prior pthread_cond_post", NULL,
		  "condvar-misuse" },
		{ "Misc", "Thread #1: Bug in libpthread: sem_wait succeeded on "
		  "semaphore without prior sem_post", NULL, "other" },
		{ "Misc", "Thread #1: pthread_barrier_wait: barrier is "
		  "uninitialised", NULL, "other" },
		{ "Misc", "Thread #1: something new in Valgrind 9", NULL,
		  "other" },
		{ "PthAPIerror",
		  "Thread #1's call to pthread_mutex_lock failed",
		  "with error code 35 (EDEADLK: Resource deadlock avoided)",
		  "mutex-misuse" },
		{ "PthAPIerror",
		  "Thread #1's call to pthread_spin_unlock failed",
		  "with error code 1 (EPERM)", "mutex-misuse" },
		/* "deadlock" must not read as a lock word */
		{ "PthAPIerror", "Thread #1's call to pthread_join failed",
		  "with error code 35 (EDEADLK: Resource deadlock avoided)",
		  "other" },
		{ "PthAPIerror", "Thread #1's call to pthread_cond_wait failed",
		  "with error code 22 (EINVAL: Invalid argument)",
		  "condvar-misuse" },
		{ "NewKind", "pthread_mutex_lock said so", NULL, "other" },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct rl_findings fs = { 0 };
		struct rl_parse_info info;
		char xml[2048];

		snprintf(xml, sizeof xml,
			 HEAD "<error><unique>0x0</unique><kind>%s</kind>"
			 "<xwhat><text>%s</text><hthreadid>1</hthreadid>"
			 "</xwhat>%s%s%s<stack>" FRAME "</stack></error>" TAIL,
			 rows[i].kind, rows[i].text,
			 rows[i].more ? "<what>" : "",
			 rows[i].more ? rows[i].more : "",
			 rows[i].more ? "</what>" : "");
		CHECK_INT(parse_str(xml, &fs, &info), 0);
		CHECK_INT(fs.n, 1);
		if (fs.n == 1) {
			CHECK_STR(cat(&fs.v[0]), rows[i].category);
			if (strcmp(cat(&fs.v[0]), rows[i].category) != 0)
				fprintf(stderr, "  (row %zu: %s)\n", i,
					rows[i].text);
		}
		rl_findings_free(&fs);
	}
}

/* Labels, threads, frames and counts where the captures do not reach. */
static void test_structure(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;
	const struct rl_stack *s;

	CHECK_INT(parse_str(HEAD
		"<announcethread><hthreadid>2</hthreadid><stack>" FRAME
		"</stack></announcethread>"
		"<error><unique>0xa</unique><kind>Race</kind>"
		"<what>  Possible race by thread #5\n  </what>"
		"<stack><frame><ip>0x2</ip><fn>g</fn><file>y.c</file></frame>"
		"<frame><ip>0x3</ip></frame></stack>"
		"<auxwhat>Conflicts with thread #6</auxwhat>"
		"<stack>" FRAME "</stack>"
		"<stack>" FRAME "</stack>"
		"<xauxwhat><text>Location</text><file>z.c</file>"
		"<line>99</line></xauxwhat>"
		"<suppression><sname>s</sname><sframe><fun>f</fun></sframe>"
		"</suppression></error>"
		"<error><unique>0xb</unique><kind>Misc</kind>"
		"<what>no stack at all</what></error>"
		"<errorcounts><pair><count>3</count><unique>0xa</unique></pair>"
		"</errorcounts>"
		"<errorcounts><pair><count>4</count><unique>0xa</unique></pair>"
		"<pair><count>2</count><unique>0xb</unique></pair>"
		"<pair><count>5</count><unique>0xc</unique></pair>"
		"</errorcounts>"
		"<suppcounts><pair><count>9</count><name>n</name></pair>"
		"</suppcounts>" TAIL, &fs, &info), 0);
	CHECK_INT(info.complete, 1);
	/* the last block stands; 0xc's error is not in the XML but counts */
	CHECK_INT(info.tool_error_count, 11);
	CHECK_INT(fs.n, 2);
	if (fs.n != 2 || fs.v[0].nstacks != 3 ||
	    fs.v[0].stacks[0].nframes != 2 || fs.v[0].stacks[1].nframes != 1) {
		CHECK(!"the hand-made error has stacks of 2, 1 and 1 frames");
		goto out;
	}
	CHECK_STR(fs.v[0].headline, "Possible race by thread #5");
	CHECK_INT(fs.v[0].count, 4);
	CHECK_INT(fs.v[1].count, 2);
	s = &fs.v[0].stacks[0];
	CHECK_INT(s->thread, 4);	/* from the text: no <hthreadid> */
	CHECK_INT(s->nframes, 2);
	CHECK_STR(s->frames[0].file, "y.c");	/* no <dir> */
	CHECK_INT(s->frames[0].line, 0);
	CHECK(s->frames[1].function == NULL && s->frames[1].file == NULL);
	s = &fs.v[0].stacks[1];
	CHECK_STR(s->label, "Conflicts with thread #6");
	CHECK_INT(s->thread, 5);
	CHECK_STR(s->frames[0].file, "d/x.c");
	CHECK_INT(s->frames[0].line, 7);
	/* a stack after a stack keeps the nearest description */
	CHECK_STR(fs.v[0].stacks[2].label, "Conflicts with thread #6");
	/* the xauxwhat's <file> is not a frame's, and nothing follows it */
	CHECK_INT(fs.v[0].stacks[2].nframes, 1);
	CHECK_STR(fs.v[1].headline, "no stack at all");
	CHECK_INT(fs.v[1].nstacks, 0);
out:
	rl_findings_free(&fs);
}

/* What the parser refuses (-1) and what it keeps reading past (0). */
static void test_refusals(void)
{
	static const struct {
		const char *xml, *error;
	} rows[] = {
		{ "", "not XML: line 1, column 0: no element found" },
		{ "racelab: not XML at all\n", "not XML: *syntax error" },
		{ "<?xml version=\"1.0\"?><html><body/></html>",
		  "the XML's root is <html>, not <valgrindoutput>*" },
		{ "<valgrindoutput><protocolversion>4</protocolversion>"
		  "<protocoltool>memcheck</protocoltool></valgrindoutput>",
		  "this is the XML of valgrind --tool=memcheck, not helgrind" },
		{ "<valgrindoutput><protocolversion>5</protocolversion>"
		  "</valgrindoutput>",
		  "Valgrind XML protocol version \"5\"*" },
		{ "<valgrindoutput><error><kind>Race</kind></error>"
		  "</valgrindoutput>", "an <error> before the XML names *" },
		{ "<valgrindoutput><protocolversion>4</protocolversion>",
		  "the XML ends before it names its tool: *" },
		{ "<valgrindoutput></valgrindoutput>",
		  "the XML never names its tool" },
		{ "<?xml version=\"1.0\"?><!DOCTYPE v [<!ENTITY a \"aaaa\">"
		  "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
		  "<valgrindoutput>&b;</valgrindoutput>",
		  "the XML has a DOCTYPE*" },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct rl_findings fs = { 0 };
		struct rl_parse_info info;

		CHECK_INT(parse_str(rows[i].xml, &fs, &info), -1);
		CHECK_INT(fs.n, 0);
		CHECK_GLOB(info.error, rows[i].error);
		rl_findings_free(&fs);
	}
}

/* ---- garbage ---- */

static char *repeat(const char *head, const char *unit, size_t times,
		    const char *tail)
{
	size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
	char *s = malloc(hl + ul * times + tl + 1), *p = s;

	if (!s)
		abort();
	memcpy(p, head, hl);
	p += hl;
	for (size_t i = 0; i < times; i++, p += ul)
		memcpy(p, unit, ul);
	memcpy(p, tail, tl + 1);
	return s;
}

static void test_garbage(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;
	char *s;
	unsigned char junk[4096];
	uint32_t seed = 12345;

	CHECK_INT(rl_parse_helgrind_xml(NULL, 0, &fs, &info), -1);

	s = repeat("<valgrindoutput>", "<a>", 100000, "");
	CHECK_INT(parse_str(s, &fs, &info), -1);
	CHECK_GLOB(info.error, "XML nested deeper than 32 at line 1");
	free(s);

	/* deep junk after the tool is named: read up to it, not refused */
	s = repeat(HEAD "<error><kind>Race</kind><what>r</what></error>",
		   "<a>", 100000, "");
	CHECK_INT(parse_str(s, &fs, &info), 0);
	CHECK_INT(info.complete, 0);
	CHECK_INT(fs.n, 1);
	free(s);
	rl_findings_free(&fs);

	/* 8 MiB of headline, 10000 frames, 100 stacks: all capped */
	s = repeat(HEAD "<error><kind>Race</kind><what>", "AAAAAAAA",
		   1 << 20, "</what><stack>");
	{
		char *t = repeat(s, FRAME, 10000, "</stack>");
		char *u = repeat(t, "<stack>" FRAME "</stack>", 100,
				 "</error>" TAIL);

		CHECK_INT(parse_str(u, &fs, &info), 0);
		CHECK_INT(info.complete, 1);
		CHECK_INT(fs.n, 1);
		if (fs.n == 1) {
			CHECK_INT(strlen(fs.v[0].headline), 4096);
			CHECK_INT(fs.v[0].nstacks, 64);
			if (fs.v[0].nstacks)
				CHECK_INT(fs.v[0].stacks[0].nframes, 500);
		}
		free(t);
		free(u);
	}
	free(s);
	rl_findings_free(&fs);

	/* a cut text ends on a whole UTF-8 character: 1365 euro signs */
	s = repeat(HEAD "<error><kind>Race</kind><what>", "\xe2\x82\xac", 5000,
		   "</what></error>" TAIL);
	CHECK_INT(parse_str(s, &fs, &info), 0);
	if (fs.n == 1) {
		CHECK_INT(strlen(fs.v[0].headline), 4095);
		CHECK_STR(fs.v[0].headline + 4092, "\xe2\x82\xac");
	}
	free(s);
	rl_findings_free(&fs);

	for (size_t i = 0; i < sizeof junk; i++) {
		seed = seed * 1103515245 + 12345;
		junk[i] = (unsigned char)(seed >> 16);
	}
	CHECK_INT(rl_parse_helgrind_xml((char *)junk, sizeof junk, &fs, &info),
		  -1);
	CHECK_INT(fs.n, 0);
	rl_findings_free(&fs);

	/* something written after Valgrind closed its XML: what it said
	 * stands, but the output is not as the tool ends it */
	CHECK_INT(parse_str(HEAD "<error><kind>Race</kind><what>r</what>"
			    "</error>" TAIL "==123== stray text\n", &fs, &info),
		  0);
	CHECK_INT(fs.n, 1);
	CHECK_INT(info.complete, 0);
	CHECK_GLOB(info.error, "broken XML: line 7, column 0: *; kept the 1 "
			       "error read before it");
	rl_findings_free(&fs);
}

/* ---- suppressions ---- */

static int parse_supps(const char *xml, size_t len, struct rl_findings *fs,
		       struct rl_parse_info *info, struct vg_suppressions *s)
{
	return rl_parse_helgrind_xml_supps(xml, len, fs, info, s);
}

/* The count of the suppression NAME in s->used, -1 if not there. */
static long long used(const struct vg_suppressions *s, const char *name)
{
	for (size_t i = 0; i < s->nused; i++)
		if (strcmp(s->used[i].name, name) == 0)
			return s->used[i].count;
	return -1;
}

/* suppressed.xml: mixed.c with its race hidden by the user's
 * programs/mixed.supp, given in VALGRIND_OPTS. Valgrind's own
 * helgrind-glibc2X-005 hid 9 errors beside it: only the user's 1 counts. */
static void test_suppressed(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;
	struct vg_suppressions s;
	char err[256], *xml;
	size_t len;

	xml = rl_test_slurp(DATA "suppressed.xml", &len);
	CHECK_INT(parse_supps(xml, len, &fs, &info, &s), 0);
	CHECK_INT(info.complete, 1);
	CHECK_INT(info.suppressed, 0);	/* the reader cannot tell whose */
	CHECK_INT(fs.n, 6);		/* mixed.xml's 7 but the race */
	for (size_t i = 0; i < fs.n; i++)
		CHECK(fs.v[i].category != RL_CAT_DATA_RACE);
	CHECK_INT(s.nfiles, 1);
	if (s.nfiles == 1)
		CHECK_STR(s.files[0], PROGS "mixed.supp");
	CHECK_INT(s.nused, 2);
	CHECK_INT(s.cut, 0);
	CHECK_INT(used(&s, "helgrind-glibc2X-005"), 9);
	CHECK_INT(used(&s, "mixed-race-in-reader"), 1);
	/* read from the runfiles root, as Valgrind did from the repository's */
	CHECK_INT(rl_vg_user_suppressed(&s, err, sizeof err), 1);
	CHECK_STR(err, "");
	rl_vg_suppressions_free(&s);
	rl_findings_free(&fs);
	free(xml);

	/* no user's file: Valgrind's own suppressions count for nothing,
	 * and no file is opened */
	xml = rl_test_slurp(DATA "mixed.xml", &len);
	CHECK_INT(parse_supps(xml, len, &fs, &info, &s), 0);
	CHECK_INT(s.nfiles, 0);
	CHECK_INT(used(&s, "helgrind-glibc2X-005"), 9);
	CHECK_INT(rl_vg_user_suppressed(&s, err, sizeof err), 0);
	CHECK_STR(err, "");
	rl_vg_suppressions_free(&s);
	rl_findings_free(&fs);
	free(xml);

	/* the plain reader asks for none of it */
	CHECK_INT(parse_file("suppressed.xml", &fs, &info), 0);
	CHECK_INT(info.suppressed, 0);
	CHECK_INT(fs.n, 6);
	rl_findings_free(&fs);
}

/* Which arguments name suppression files, and where <suppcounts> counts,
 * in hand-made documents. */
static void test_suppressions_read(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;
	struct vg_suppressions s;
	const char *xml =
		HEAD "<args><vargv><exe>/usr/bin/valgrind.bin</exe>"
		"<arg>--suppressions=a.supp</arg>"
		"<arg>  --helgrind:suppressions=b:c.supp </arg>"
		"<arg>--drd:suppressions=drd-only.supp</arg>"
		"<arg>--suppressions=</arg>"
		"<arg>--gen-suppressions=yes</arg>"
		"<arg>--suppressions-x=no.supp</arg>"
		"<arg>suppressions=no.supp</arg>"
		"<arg>--helgrindx:suppressions=no.supp</arg>"
		"<arg>--suppressions=&lt;odd&gt; name.supp</arg>"
		"</vargv><argv><exe>./p</exe>"
		"<arg>--suppressions=the-program's.supp</arg></argv></args>"
		"<error><kind>Race</kind><what>r</what>"
		"<suppcounts><pair><count>5</count><name>in-error</name></pair>"
		"</suppcounts></error>"
		"<suppcounts><pair><count>1</count><name>stale</name></pair>"
		"</suppcounts>"
		"<suppcounts>"
		"<pair><count>3</count><name>mine</name></pair>"
		"<pair><count>2</count><name>mine</name></pair>"
		"<pair><count>x</count><name>bad-count</name></pair>"
		"<pair><count>4</count></pair>"
		"<pair><name>no-count</name></pair>"
		"<pair><count>7</count><name> spaced </name></pair>"
		"</suppcounts>" TAIL;

	CHECK_INT(parse_supps(xml, strlen(xml), &fs, &info, &s), 0);
	CHECK_INT(fs.n, 1);
	CHECK_INT(s.nfiles, 3);
	if (s.nfiles == 3) {
		CHECK_STR(s.files[0], "a.supp");
		CHECK_STR(s.files[1], "b:c.supp");	/* ':' in the value */
		CHECK_STR(s.files[2], "<odd> name.supp");
	}
	/* the last block stands, and only the root's */
	CHECK_INT(s.nused, 3);
	CHECK_INT(used(&s, "stale"), -1);
	CHECK_INT(used(&s, "in-error"), -1);
	CHECK_INT(used(&s, "mine"), 3);
	CHECK_INT(used(&s, "spaced"), 7);
	CHECK_INT(s.cut, 0);
	rl_vg_suppressions_free(&s);
	CHECK_INT(s.nfiles + s.nused, 0);
	rl_findings_free(&fs);

	/* refused, or cut: whatever was kept is freed the same way */
	CHECK_INT(parse_supps("<nope/>", 7, &fs, &info, &s), -1);
	rl_vg_suppressions_free(&s);
	xml = HEAD "<args><vargv><arg>--suppressions=a.supp</arg></vargv>"
		   "</args><suppcounts><pair><count>1</count><name>x</name>";
	CHECK_INT(parse_supps(xml, strlen(xml), &fs, &info, &s), 0);
	CHECK_INT(info.complete, 0);
	CHECK_INT(s.nfiles, 1);
	CHECK_INT(s.nused, 0);	/* the pair never closed */
	rl_vg_suppressions_free(&s);
	rl_findings_free(&fs);
}

/* Bounds: files, pairs, and a name longer than the reader keeps. */
static void test_suppressions_bounded(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;
	struct vg_suppressions s;
	char *xml, *name;

	xml = repeat(HEAD "<args><vargv>", "<arg>--suppressions=f</arg>",
		     VG_MAX_SUPP_FILES + 5, "</vargv></args>" TAIL);
	CHECK_INT(parse_supps(xml, strlen(xml), &fs, &info, &s), 0);
	CHECK_INT(s.nfiles, VG_MAX_SUPP_FILES);
	CHECK_INT(s.cut, 1);
	rl_vg_suppressions_free(&s);
	free(xml);

	xml = repeat(HEAD "<suppcounts>",
		     "<pair><count>1</count><name>n</name></pair>",
		     VG_MAX_SUPP_USED + 5, "</suppcounts>" TAIL);
	CHECK_INT(parse_supps(xml, strlen(xml), &fs, &info, &s), 0);
	CHECK_INT(s.nused, VG_MAX_SUPP_USED);
	CHECK_INT(s.cut, 1);
	rl_vg_suppressions_free(&s);
	free(xml);

	name = repeat("", "n", 5000, "");
	xml = repeat(HEAD "<suppcounts><pair><count>1</count><name>", name, 1,
		     "</name></pair></suppcounts>" TAIL);
	CHECK_INT(parse_supps(xml, strlen(xml), &fs, &info, &s), 0);
	CHECK_INT(s.nused, 0);	/* a cut name could match by mistake */
	CHECK_INT(s.cut, 1);
	rl_vg_suppressions_free(&s);
	free(xml);
	free(name);
	rl_findings_free(&fs);
}

static void collect_name(void *arg, const char *name, size_t n)
{
	char *all = arg;

	strncat(all, name, n);
	strcat(all, "|");
}

/* A suppressions file's names, as Valgrind reads them. */
static void test_supp_names(void)
{
	static const struct {
		const char *text, *names;
	} rows[] = {
		{ "{\n  a\n  Helgrind:Race\n  fun:f\n}\n", "a|" },
		/* blanks, comments (also inside, before the name), CRLF,
		 * tabs, no newline at the end */
		{ "\n# c\n\t{\r\n\n  # not a name\n\t name with  spaces \r\n"
		  "drd:ConflictingAccess\n...\n}\n{\nlast\nx:y\nfun:f\n}",
		  "name with  spaces|last|" },
		/* a name is the line after `{` only; "{" and "}" alone */
		{ "junk\n{ a\nb\n}\n{\n}\n{\nreal\n}\n", "real|" },
		/* another tool's suppression still defines a name */
		{ "{\nleak\nMemcheck:Leak\nfun:malloc\n}\n", "leak|" },
		/* Valgrind reads a line as a C string */
		{ "{\nab\0cd\nx:y\n}\n", "ab|" },
		/* ... so a name line that starts with one names nothing (the
		 * fuzzer's find: it was handed on, empty) */
		{ "{\n\0x\nx:y\n}\n{\nok\nx:y\n}\n", "ok|" },
		{ "", "" },
		{ "{", "" },
		{ "{\n", "" },
		{ "{\nunfinished", "unfinished|" },
	};
	/* the rows with a NUL in them, by length; 0: strlen */
	static const size_t lens[] = { 0, 0, 0, 0, 14, 22, 0, 0, 0, 0 };

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char all[256] = "";
		size_t len = lens[i] ? lens[i] : strlen(rows[i].text);
		size_t n = rl_vg_supp_names(rows[i].text, len, collect_name, all);

		CHECK_STR(all, rows[i].names);
		if (strcmp(all, rows[i].names))
			fprintf(stderr, "  (row %zu)\n", i);
		size_t want = 0;

		for (const char *c = rows[i].names; *c; c++)
			want += *c == '|';
		CHECK_INT(n, want);
	}
}

/* Writes text to DIR/name; returns the path (static). */
static const char *write_file(const char *dir, const char *name,
			      const char *text)
{
	static char path[8][512];
	static int k;
	char *p = path[k++ % 8];
	FILE *f;

	snprintf(p, 512, "%s/%s", dir, name);
	f = fopen(p, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		fprintf(stderr, "cannot write %s\n", p);
		exit(2);
	}
	return p;
}

/* The user's files, read as racelab must read a file it did not write:
 * only a regular file, never waiting on a FIFO, at most 16 MiB. */
static void test_user_suppressed(void)
{
	const char *tmp = getenv("TEST_TMPDIR");
	char dir[512], fifo[600], big[600], err[1024];
	struct vg_supp_used use[] = {
		{ "mine", 3 },
		{ "helgrind-glibc2X-005", 9 },	/* Valgrind's own */
		{ "also-mine", 2 },
		{ "mine", 4 },	/* the same name in two files */
		{ "huge", 2000000000 },
		{ "huge2", 2000000000 },
	};
	char *files[4];
	struct vg_suppressions s = { .files = files, .used = use };
	int fd;

	snprintf(dir, sizeof dir, "%s/supp.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		fprintf(stderr, "cannot make a folder in %s\n", dir);
		exit(2);
	}
	files[0] = (char *)write_file(dir, "a.supp",
				      "{\n mine\n Helgrind:Race\n fun:f\n}\n");
	files[1] = (char *)write_file(dir, "b.supp",
				      "# b\n{\n also-mine\n Helgrind:Race\n fun:g\n}\n"
				      "{\n mine\n Helgrind:Race\n fun:h\n}\n");
	s.nfiles = 2;
	s.nused = 4;
	CHECK_INT(rl_vg_user_suppressed(&s, err, sizeof err), 3 + 2 + 4);
	CHECK_STR(err, "");
	/* none used, or no file given: nothing opened, nothing counted */
	s.nused = 0;
	CHECK_INT(rl_vg_user_suppressed(&s, err, sizeof err), 0);
	s.nused = 4;
	s.nfiles = 0;
	CHECK_INT(rl_vg_user_suppressed(&s, err, sizeof err), 0);
	CHECK_INT(rl_vg_user_suppressed(NULL, NULL, 0), 0);

	/* a FIFO no one writes to: refused at once, not waited on; the
	 * other file still counts */
	files[1] = (char *)write_file(dir, "c.supp",
				      "{\n also-mine\n Helgrind:Race\n fun:g\n}\n");
	snprintf(fifo, sizeof fifo, "%s/fifo.supp", dir);
	CHECK_INT(mkfifo(fifo, 0600), 0);
	files[0] = fifo;
	s.nfiles = 2;
	CHECK_INT(rl_vg_user_suppressed(&s, err, sizeof err), 2);
	CHECK_GLOB(err, "the suppressions file */fifo.supp was not read: "
			"it is not a regular file");
	/* a folder, a file that is gone */
	files[0] = dir;
	CHECK_INT(rl_vg_user_suppressed(&s, err, sizeof err), 2);
	CHECK_GLOB(err, "* was not read: it is not a regular file");
	files[0] = (char *)"/nonexistent/racelab.supp";
	CHECK_INT(rl_vg_user_suppressed(&s, err, sizeof err), 2);
	CHECK_GLOB(err, "* was not read: it cannot be read (No such file*");
	/* past 16 MiB (a sparse file): refused, never read */
	snprintf(big, sizeof big, "%s/big.supp", dir);
	fd = open(big, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0 && ftruncate(fd, (off_t)VG_MAX_SUPP_FILE + 1) == 0);
	if (fd >= 0)
		close(fd);
	files[0] = big;
	CHECK_INT(rl_vg_user_suppressed(&s, err, sizeof err), 2);
	CHECK_GLOB(err, "* was not read: it holds 16777217 bytes, more than "
			"the 16 MiB racelab reads");
	/* a symbolic link to a file of the user's is followed */
	{
		char link[600];

		snprintf(link, sizeof link, "%s/link.supp", dir);
		CHECK_INT(symlink(files[1], link), 0);
		files[0] = link;
		files[1] = (char *)write_file(dir, "a.supp",
					      "{\n mine\n Helgrind:Race\n fun:f\n}\n");
		CHECK_INT(rl_vg_user_suppressed(&s, err, sizeof err), 2 + 3 + 4);
		CHECK_STR(err, "");
		unlink(link);
	}
	/* the sum stops at INT_MAX */
	files[0] = (char *)write_file(dir, "h.supp",
				      "{\nhuge\nx:y\n}\n{\nhuge2\nx:y\n}\n");
	s.nfiles = 1;
	s.nused = 6;
	CHECK_INT(rl_vg_user_suppressed(&s, err, sizeof err), 2147483647);
	unlink(files[0]);
	unlink(files[1]);
	unlink(write_file(dir, "b.supp", ""));
	unlink(write_file(dir, "c.supp", ""));
	unlink(fifo);
	unlink(big);
	rmdir(dir);
}

/* Every finding is whole, whatever the input was. */
static int findings_sane(const struct rl_findings *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		const struct rl_finding *f = &fs->v[i];

		if (!f->kind || !f->headline || f->count < 1 ||
		    f->nstacks > 64 || (int)f->category < 0 ||
		    f->category >= RL_CAT_COUNT)
			return 0;
		for (size_t j = 0; j < f->nstacks; j++)
			if (f->stacks[j].nframes > 500)
				return 0;
	}
	return 1;
}

/* mixed.xml cut at every 7th byte, then mutated at random: never a
 * crash, never more than the whole, never a half-read error, complete
 * only once </valgrindoutput> is in. */
static void test_cuts_and_mutations(void)
{
	size_t len, last = 0, end;
	char *xml = rl_test_slurp(DATA "mixed.xml", &len);
	int bad = 0, errors = 0;
	uint32_t seed = 42;

	end = strstr(xml, "</valgrindoutput>") - xml + 17;
	for (size_t cut = 0; cut < len; cut += 7) {
		struct rl_findings fs = { 0 };
		struct rl_parse_info info;
		int ret = rl_parse_helgrind_xml(xml, cut, &fs, &info);

		if (ret == 0 && (info.complete != (cut >= end) || fs.n > 7 ||
				 fs.n < last || !findings_sane(&fs)))
			bad++;
		if (ret == -1 && fs.n)
			bad++;
		if (ret == 0)
			last = fs.n;
		/* a finding appears exactly when its </error> is in */
		if (ret == 0) {
			size_t closed = 0;
			const char *p = xml;

			while ((p = strstr(p, "</error>")) &&
			       (size_t)(p - xml) + 8 <= cut) {
				closed++;
				p += 8;
			}
			errors += fs.n != closed;
		}
		rl_findings_free(&fs);
	}
	CHECK_INT(bad, 0);
	CHECK_INT(errors, 0);
	CHECK_INT(last, 7);
	bad = 0;

	for (int round = 0; round < 2000; round++) {
		struct rl_findings fs = { 0 };
		struct rl_parse_info info;
		char *m = malloc(len);

		if (!m)
			abort();
		memcpy(m, xml, len);
		for (int k = 0; k < 4; k++) {
			seed = seed * 1103515245 + 12345;
			m[(seed >> 8) % len] = (char)(seed >> 24);
		}
		rl_parse_helgrind_xml(m, len, &fs, &info);
		if (!findings_sane(&fs) || fs.n > 7)
			bad++;
		rl_findings_free(&fs);
		free(m);
	}
	CHECK_INT(bad, 0);
	free(xml);
}

/* Valgrind's own log when it gave up (max_threads.log: a real capture,
 * 600 threads alive against a table of 500), and the other ways it says
 * so; a log that says no such thing is no failure. */
static void test_valgrind_log(void)
{
	static const struct {
		const char *log, *failed;	/* failed NULL: none */
	} rows[] = {
		{ "==7== VALGRIND INTERNAL ERROR: Valgrind received a signal 11 "
		  "(SIGSEGV) - exiting\n==7== Si code=1;  Faulting address: 0x0\n",
		  "internal error: Valgrind received a signal 11 (SIGSEGV) - exiting" },
		{ "\n==9== Valgrind's memory management: out of memory:\n"
		  "==9==    newSuperblock's request for 4194304 bytes failed.\n",
		  "out of memory: newSuperblock's request for 4194304 bytes failed." },
		{ "valgrind: the 'impossible' happened:\n", "Valgrind aborted" },
		/* a suppressions file it cannot use (VALGRIND_OPTS) */
		{ "==12209== FATAL: can't open suppressions file \"nonexist.supp\"\n",
		  "can't open suppressions file \"nonexist.supp\"" },
		{ "==12567== FATAL: in suppressions file \"bad.supp\" near line 3:\n"
		  "==12567==    unknown tool suppression type\n"
		  "==12567== exiting now.\n",
		  "in suppressions file \"bad.supp\" near line 3: unknown tool suppression type" },
		{ "==12573== FATAL: suppressions file \"/tmp\" is a directory\n",
		  "suppressions file \"/tmp\" is a directory" },
		/* the words elsewhere than where a line starts are no failure */
		{ "==4== Command: ./prog FATAL: not really\n", NULL },
		{ "==3== Helgrind, a thread error detector\n==3== Warning: set "
		  "address range perms: large range\n", NULL },
		{ "", NULL },
	};
	char failed[256], *text;
	size_t len;

	text = rl_test_slurp(DATA "max_threads.log", &len);
	failed[0] = '\0';
	CHECK_INT(rl_valgrind_log_failure(text, len, failed, sizeof failed), 1);
	CHECK_STR(failed, "Max number of threads is too low: raise --max-threads");
	free(text);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		failed[0] = '\0';
		CHECK_INT(rl_valgrind_log_failure(rows[i].log, strlen(rows[i].log),
						  failed, sizeof failed),
			  rows[i].failed != NULL);
		if (rows[i].failed)
			CHECK_STR(failed, rows[i].failed);
	}
}

/* Which process an output is of, and its parent: a forked child's XML,
 * unended where it exec'd, is told from the program's own by them
 * (detectors.c). The captures have their pids made 0: set them here. */
static void test_pids(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;
	char path[256], *xml, *at;
	size_t len;

	snprintf(path, sizeof path, DATA "%s", "mixed.xml");
	xml = rl_test_slurp(path, &len);
	CHECK((at = strstr(xml, "<pid>0</pid>")) != NULL);
	if (at)
		memcpy(at, "<pid>7</pid>", 12);
	CHECK((at = strstr(xml, "<ppid>0</ppid>")) != NULL);
	if (at)
		memcpy(at, "<ppid>5</ppid>", 14);
	CHECK_INT(rl_parse_helgrind_xml(xml, len, &fs, &info), 0);
	CHECK_INT(info.pid, 7);
	CHECK_INT(info.ppid, 5);
	free(xml);
	rl_findings_free(&fs);
}

int main(void)
{
	static const struct rl_test tests[] = {
		RL_TEST(test_pids),
		RL_TEST(test_valgrind_log),
		RL_TEST(test_mixed),
		RL_TEST(test_race_loop),
		RL_TEST(test_clean),
		RL_TEST(test_misuse),
		RL_TEST(test_crash),
		RL_TEST(test_truncated),
		RL_TEST(test_control_name),
		RL_TEST(test_unreadable_bytes),
		RL_TEST(test_stopped),
		RL_TEST(test_drd_refused),
		RL_TEST(test_appends),
		RL_TEST(test_categories),
		RL_TEST(test_structure),
		RL_TEST(test_refusals),
		RL_TEST(test_garbage),
		RL_TEST(test_cuts_and_mutations),
		RL_TEST(test_suppressed),
		RL_TEST(test_suppressions_read),
		RL_TEST(test_suppressions_bounded),
		RL_TEST(test_supp_names),
		RL_TEST(test_user_suppressed),
	};

	return RL_RUN_TESTS(tests);
}
