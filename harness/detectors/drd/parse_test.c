/* drd/parse_test.c - rl_parse_drd_xml() on XML that DRD really wrote
 * (testdata/, made by its regenerate.sh from the programs beside it): the
 * table of kinds, the stacks DRD nests in <first_observed_at>, a cut-off
 * file, and Helgrind's XML refused. Lines in the programs are found by
 * their marker comments ("@race-read"), so recapturing after an edit needs
 * no change here. The reader itself is tested at length by
 * helgrind/parse_test.c.
 */
#include "parse.h"
#include "../valgrind/supp.h"
#include "../../testutil.h"

#define DATA "harness/detectors/drd/testdata/"
#define PROGS DATA "programs/"
/* Helgrind's programs, where DRD's captures are of the same program */
#define HELGRIND_PROGS "harness/detectors/helgrind/testdata/programs/"

/* The folder of PROG.c: DRD's own, else Helgrind's. */
static const char *dir_of(const char *prog)
{
	static const char *const shared[] = { "clean", "control_name",
					      "race_loop", "stopped", NULL };

	for (int i = 0; shared[i]; i++)
		if (!strcmp(prog, shared[i]))
			return HELGRIND_PROGS;
	return PROGS;
}

/* The line of programs/PROG.c that carries the comment marker @MARK. */
static int marker_line(const char *prog, const char *mark)
{
	char path[256], want[64], *src, *hit;
	size_t len;
	int line = 1;

	snprintf(path, sizeof path, "%s%s.c", dir_of(prog), prog);
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

static int parse_file(const char *name, struct rl_findings *fs,
		      struct rl_parse_info *info)
{
	char path[256], *xml;
	size_t len;
	int ret;

	snprintf(path, sizeof path, DATA "%s", name);
	xml = rl_test_slurp(path, &len);
	memset(info, 0, sizeof *info);
	ret = rl_parse_drd_xml(xml, len, fs, info);
	free(xml);
	return ret;
}

/* Finding f's innermost frame in programs/PROG.c, in stack k, is FN at
 * marker MARK. */
static void check_at(const struct rl_finding *f, size_t k, const char *prog,
		     const char *fn, const char *mark)
{
	char suffix[256];
	const struct rl_frame *fr = NULL;

	snprintf(suffix, sizeof suffix, "%s%s.c", dir_of(prog), prog);
	CHECK(k < f->nstacks);
	if (k < f->nstacks)
		fr = rl_stack_frame_in(&f->stacks[k], suffix);
	CHECK(fr != NULL);
	if (!fr)
		return;
	CHECK_STR(fr->function, fn);
	CHECK_INT(fr->line, marker_line(prog, mark));
}

/* Every finding is DRD's, of the category its kind says. */
static void check_kind(const struct rl_finding *f, const char *kind,
		       enum rl_category cat)
{
	CHECK_STR(f->tool, "drd");
	CHECK_STR(f->kind, kind);
	CHECK_STR(rl_category_name(f->category), rl_category_name(cat));
}

static void test_race_loop(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	CHECK_INT(parse_file("race_loop.xml", &fs, &info), 0);
	CHECK_INT(info.complete, 1);
	CHECK_INT(fs.n, 2);
	for (size_t i = 0; i < fs.n; i++) {
		const struct rl_frame *fr = rl_stack_frame_in(
			&fs.v[i].stacks[0], HELGRIND_PROGS "race_loop.c");

		check_kind(&fs.v[i], "ConflictingAccess", RL_CAT_DATA_RACE);
		/* at -O1 one store is put on the loop's own line */
		CHECK(fr && (fr->line == marker_line("race_loop", "loop-race") ||
			     fr->line == marker_line("race_loop", "loop-head")));
		CHECK(fr && strcmp(fr->function, "refill") == 0);
		/* "Conflicting store by thread 3 at 0x... size 4" */
		CHECK(strncmp(fs.v[i].headline, "Conflicting store by thread 3 ",
			      30) == 0);
		/* DRD's thread 3 is the second thread main created */
		CHECK_INT(fs.v[i].stacks[0].thread, 2);
		CHECK_INT(fs.v[i].stacks[0].role, RL_ROLE_ACCESS);
		CHECK_INT(fs.v[i].stacks[0].access, 'w');
		CHECK_INT(fs.v[i].stacks[0].size, 4);
	}
	/* DRD counts every occurrence; <errorcounts> says how many */
	CHECK(info.tool_error_count >= 2);
	rl_findings_free(&fs);
}

static void test_mixed(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;
	const struct rl_finding *f;

	CHECK_INT(parse_file("mixed.xml", &fs, &info), 0);
	CHECK_INT(info.complete, 1);
	CHECK_INT(fs.n, 5);
	if (fs.n != 5)
		goto out;
	check_kind(&fs.v[0], "ConflictingAccess", RL_CAT_DATA_RACE);
	check_at(&fs.v[0], 0, "mixed", "reader", "race-read");
	/* no lock-order check: a then b, then b then a, says nothing */
	check_kind(&fs.v[1], "MutexErr", RL_CAT_MUTEX_MISUSE);
	check_at(&fs.v[1], 0, "mixed", "main", "unlock-unlocked");
	CHECK(strstr(fs.v[1].headline, "Mutex not locked by calling thread"));

	/* Said at the join, with where the mutex was first seen: the
	 * keeper's lock, in a stack of its own. */
	f = &fs.v[2];
	check_kind(f, "MutexErr", RL_CAT_MUTEX_MISUSE);
	CHECK(strstr(f->headline, "Mutex still locked at thread exit"));
	CHECK_INT(f->nstacks, 2);
	if (f->nstacks == 2) {
		CHECK_STR(f->stacks[1].label, "first observed at");
		check_at(f, 1, "mixed", "keeper", "keeper-lock");
	}

	check_kind(&fs.v[3], "CondRaceErr", RL_CAT_CONDVAR_MISUSE);
	check_at(&fs.v[3], 0, "mixed", "main", "dubious-signal");
	check_kind(&fs.v[4], "MutexErr", RL_CAT_MUTEX_MISUSE);
	check_at(&fs.v[4], 0, "mixed", "main", "destroy-locked");
	CHECK(strstr(fs.v[4].headline, "Destroying locked mutex"));
	for (size_t i = 0; i < fs.n; i++)
		CHECK(fs.v[i].category != RL_CAT_LOCK_ORDER);
out:
	rl_findings_free(&fs);
}

/* suppressed.xml: mixed.c with its race hidden by the user's
 * programs/mixed.supp (in VALGRIND_OPTS). DRD's own drd-ld hid more
 * beside it: only the user's one error counts as theirs. */
static void test_suppressed(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;
	struct vg_suppressions s;
	char err[256], *xml;
	size_t len, mine = 0, theirs = 0;

	xml = rl_test_slurp(DATA "suppressed.xml", &len);
	CHECK_INT(rl_parse_drd_xml_supps(xml, len, &fs, &info, &s), 0);
	CHECK_INT(info.complete, 1);
	CHECK_INT(fs.n, 4);	/* mixed.xml's 5 but the race */
	for (size_t i = 0; i < fs.n; i++)
		CHECK(fs.v[i].category != RL_CAT_DATA_RACE);
	CHECK_INT(s.nfiles, 1);
	if (s.nfiles == 1)
		CHECK_STR(s.files[0], PROGS "mixed.supp");
	for (size_t i = 0; i < s.nused; i++) {
		if (strcmp(s.used[i].name, "mixed-race-in-reader") == 0)
			mine += (size_t)s.used[i].count;
		if (strcmp(s.used[i].name, "drd-ld") == 0)
			theirs += (size_t)s.used[i].count;
	}
	CHECK_INT(mine, 1);
	CHECK(theirs > 1);
	CHECK_INT(rl_vg_user_suppressed(&s, err, sizeof err), 1);
	CHECK_STR(err, "");
	rl_vg_suppressions_free(&s);
	rl_findings_free(&fs);
	free(xml);
}

static void test_misuse(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	CHECK_INT(parse_file("misuse.xml", &fs, &info), 0);
	CHECK_INT(fs.n, 5);
	if (fs.n != 5)
		goto out;
	for (int i = 0; i < 4; i++)
		check_kind(&fs.v[i], "MutexErr", RL_CAT_MUTEX_MISUSE);
	check_at(&fs.v[0], 0, "misuse", "main", "unlock-foreign");
	CHECK(strstr(fs.v[2].headline, "is not a mutex"));
	check_at(&fs.v[2], 0, "misuse", "main", "unlock-bogus");
	/* a barrier of count zero: `other`, as Helgrind's is */
	check_kind(&fs.v[4], "BarrierErr", RL_CAT_OTHER);
	check_at(&fs.v[4], 0, "misuse", "main", "barrier-zero");
out:
	rl_findings_free(&fs);
}

static void test_rwlock(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	CHECK_INT(parse_file("rwlock.xml", &fs, &info), 0);
	CHECK_INT(fs.n, 1);
	if (fs.n == 1) {
		check_kind(&fs.v[0], "RwlockErr", RL_CAT_MUTEX_MISUSE);
		check_at(&fs.v[0], 0, "rwlock", "main", "rwlock-unlocked");
	}
	rl_findings_free(&fs);
}

static void test_clean_truncated_foreign(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	CHECK_INT(parse_file("clean.xml", &fs, &info), 0);
	CHECK_INT(fs.n, 0);
	CHECK_INT(info.complete, 1);
	CHECK_INT(info.tool_error_count, 0);
	rl_findings_free(&fs);

	/* cut inside the third error: the two before it stand */
	CHECK_INT(parse_file("mixed_truncated.xml", &fs, &info), 0);
	CHECK_INT(fs.n, 2);
	CHECK_INT(info.complete, 0);
	rl_findings_free(&fs);

	CHECK_INT(parse_file("helgrind_race_loop.xml", &fs, &info), -1);
	CHECK_INT(fs.n, 0);
	CHECK(strstr(info.error, "helgrind"));
	rl_findings_free(&fs);
}

/* control_name.c: its file is named "control\033name.c" (#line), and DRD
 * copies the ESC into every <file>, which expat refuses; written out as
 * "\x1b", the whole report reads. */
static void test_control_name(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	CHECK_INT(parse_file("control_name.xml", &fs, &info), 0);
	CHECK_INT(info.complete, 1);
	CHECK_STR(info.error, "");
	CHECK(fs.n >= 1);
	for (size_t i = 0; i < fs.n; i++) {
		const struct rl_frame *fr = rl_stack_frame_in(
			&fs.v[i].stacks[0], "control\\x1bname.c");

		check_kind(&fs.v[i], "ConflictingAccess", RL_CAT_DATA_RACE);
		CHECK(fr && strcmp(fr->function, "second") == 0);
	}
	rl_findings_free(&fs);
}

/* stopped.c stopped by SIGTERM, as at racelab's time limit: the races
 * before the signal stay the program's, and the signal is named. */
static void test_stopped(void)
{
	struct rl_findings fs = { 0 };
	struct rl_parse_info info;

	CHECK_INT(parse_file("stopped.xml", &fs, &info), 0);
	CHECK_INT(info.complete, 1);
	CHECK_INT(info.fatal_signal, 15);
	CHECK_INT(fs.n, 2);
	for (size_t i = 0; i < fs.n; i++) {
		check_kind(&fs.v[i], "ConflictingAccess", RL_CAT_DATA_RACE);
		CHECK_INT(fs.v[i].after_signal, 0);
		check_at(&fs.v[i], 0, "stopped", "main", "stopped-race-main");
	}
	CHECK_INT(rl_findings_drop_after_signal(&fs), 0);
	CHECK_INT(fs.n, 2);
	rl_findings_free(&fs);
}

int main(void)
{
	static const struct rl_test tests[] = {
		RL_TEST(test_race_loop),
		RL_TEST(test_mixed),
		RL_TEST(test_suppressed),
		RL_TEST(test_misuse),
		RL_TEST(test_rwlock),
		RL_TEST(test_clean_truncated_foreign),
		RL_TEST(test_control_name),
		RL_TEST(test_stopped),
	};

	return RL_RUN_TESTS(tests);
}
