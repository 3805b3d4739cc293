/* exercise.c - see exercise.h. */
#define _GNU_SOURCE
#include "exercise.h"

#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <jansson.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "build.h"
#include "contract.h"
#include "jobs.h"
#include "detector.h"
#include "match.h"
#include "output.h"
#include "session.h"
#include "words.h"
#include "workshop/exercise_int.h"
#include "workshop/judge.h"
#include "workshop/work.h"

/* explore's part of a check: up to this many schedules, on every core,
 * for at most this long (a solved check's explore costs about that) */
#define EXPLORE_SCHEDULES 1000
#define EXPLORE_SECONDS 1.0
#define DEFAULT_RUNS 3
#define WORK_TIMEOUT_S 30	/* the work run (workshop/work.h), the copy's and the reference's */

const char rl_exercise_usage[] =
	"./racelab exercise list [--dir DIR]\n"
	"./racelab exercise start|hint|reset NAME [--dir DIR]\n"
	"./racelab exercise check|watch NAME [--all] [--runs N] [--dir DIR]\n"
	"./racelab exercise solution NAME [--give-up] [--dir DIR]\n"
	"./racelab exercise verify [NAME...]\n"
	"    The workshop. start copies a broken program of the course into\n"
	"    DIR (default: workshop/ in the workspace) without its answers;\n"
	"    check builds your copy and runs it under every detector (--runs N\n"
	"    of each fast one, default 3) and says what is still wrong: it stops\n"
	"    at the first failing line (--all: every detector all the same);\n"
	"    watch checks again on every save; hint gives the next hint; solution\n"
	"    shows the reference fix once solved; reset starts again; list\n"
	"    shows the course and your progress. verify proves each exercise\n"
	"    unsolved as shipped and solved by its reference fixes. Status: 0\n"
	"    done (check: solved), 1 not solved, 2 it could not run.\n";

static const char *const SUBS[] = { "list", "start", "check", "watch", "hint",
				    "solution", "reset", "verify", NULL };

/* ---- checking a copy */

static double since(double t0)
{
	return rl_now_s() - t0;
}

/* The line of a finding to show: the first stacks in the copy's own
 * code, normalised, else the tool's headline. */
static void finding_lines(const struct target *t, const struct rl_finding *f,
			  struct item *it)
{
	char dir[PATH_MAX], line[400], *slash;
	const char *dirs[1] = { dir };
	int shown = 0;

	snprintf(dir, sizeof dir, "%s", t->copy);
	if ((slash = strrchr(dir, '/')))
		*slash = '\0';
	for (size_t s = 0; s < f->nstacks && shown < 2; s++) {
		const struct rl_frame *fr =
			rl_match_frame(&f->stacks[s], dirs, 1);
		char text[360];

		if (!fr || f->stacks[s].role == RL_ROLE_THREAD ||
		    f->stacks[s].role == RL_ROLE_ALLOC)
			continue;
		if (f->stacks[s].label && strstr(f->stacks[s].label, " (it waits in")) {
			/* the oracle's: where it waits is said after @ */
			struct rl_stack st = f->stacks[s];
			char label[300];

			snprintf(label, sizeof label, "%.*s",
				 (int)(strstr(st.label, " (it waits in") - st.label), st.label);
			st.label = label;
			rl_stack_text(&st, fr, text, sizeof text);
		} else {
			rl_stack_text(&f->stacks[s], fr, text, sizeof text);
		}
		snprintf(line, sizeof line, "  %s", text);
		add_detail(it, line);
		it->located = 1;
		shown++;
	}
	if (!shown && f->headline) {
		snprintf(line, sizeof line, "  %s", f->headline);
		add_detail(it, line);
	}
}

/* explore's story of the schedule that breaks the copy, a row a line,
 * at the copy's own lines; and how to see it again. */
static void story_lines(const struct rl_finding *f, struct item *it)
{
	char line[400];

	if (!f->story)
		return;
	it->located = 1;
	add_detail(it, "  explore's schedule that breaks it (forcing off):");
	for (const char *p = f->story; *p;) {
		size_t n = strcspn(p, "\n");

		snprintf(line, sizeof line, "|%.*s", (int)n, p);
		add_detail(it, line);
		p += n + (p[n] == '\n');
	}
	if (f->schedule_file) {
		snprintf(line, sizeof line, "  again: ./racelab replay %s",
			 f->schedule_file);
		add_detail(it, line);
	}
}

/* Is a finding of category cat under d a known false positive: one that
 * a reference fix of this exercise (fixed/NAME.c or an alternative, such
 * as the one with C11 atomics) declares in its contract? */
static int allowed(const struct target *t, const struct rl_detector *d, int cat)
{
	for (int k = 0; k < t->nfixes; k++) {
		const struct rl_expect *e = rl_contract_expect(&t->fixes[k], d->name, 1);

		if (e && e->kind == RL_EXPECT_CLEAN && e->category >= 0 &&
		    e->category == cat)
			return 1;
	}
	return 0;
}

/* Runs the copy under d `runs` times and sums it up as one item. */
/* Returns 0, or 1 when a run did not finish by itself (hung, or could
 * not be judged), 2 when one reached its time limit: then other
 * detectors would only wait as long again, or longer; CERTAIN when the
 * liveness oracle stopped a run on a finding of its own (a deadlock, a
 * livelock): certain, and every other detector's run would only end the
 * same way, later (Helgrind's after its slower window). */
enum { CERTAIN = 3 };
int run_detector(struct target *t, const struct rl_detector *d,
		 int runs, struct check *ck, struct probe *probed)
{
	struct rl_program prog = {
		.name = t->name, .variant = "exercise", .source = t->copy,
		.suffix = t->copy, .stem = t->stem, .cflags = t->cflags,
		.raw_dir = t->state,
		.fairness = {
			t->fixed.max_wait_ms ? t->fixed.max_wait_ms : t->broken.max_wait_ms,
			t->fixed.min_jain ? t->fixed.min_jain : t->broken.min_jain,
		},
	};
	const struct rl_expect *blind = rl_contract_expect(&t->broken, d->name, 0);
	const char *label = d->judged_on == RL_ON_SYMPTOM ? "its own check" : d->name;
	int failed = 0, hung = 0, errors = 0, tolerated_cat = -1;
	int tolerated = 0, done = 0, timed_out = 0, certain = 0;
	struct item *it = NULL, hang = { .nlines = 0 };
	char first[400] = "", probe_file[PATH_MAX + 32], blind_here[400] = "";

	if (d->build == RL_BUILD_NONE)
		runs = 1;	/* static: the same every time */
	if (d->build == RL_BUILD_EXPLORE)
		progress_set(t, "explore: searching the schedules, forcing off");
	else
		progress_set(t, "%s: %d run%s", label, runs, runs == 1 ? "" : "s");
	for (int run = 1; run <= runs; run++) {
		struct rl_result r;
		struct rl_findings *fs;
		int bad = 0;

		done = run;
		if (probed) {
			snprintf(probe_file, sizeof probe_file, "%s/probe-%d", t->state, run);
			setenv("RACELAB_PROBE_FILE", probe_file, 1);
		}
		rl_session_program(&prog, d, run, &r);
		fs = rl_result_judged(&r);
		switch (r.judgement.verdict) {
		case RL_CLEAN:
			break;
		case RL_BLIND:	/* the tool cannot see this copy at all */
			snprintf(blind_here, sizeof blind_here, "%s", r.judgement.why);
			break;
		case RL_FOUND:
			for (size_t i = 0; i < fs->n; i++) {
				if (!allowed(t, d, (int)fs->v[i].category))
					bad = 1;
				else
					tolerated_cat = (int)fs->v[i].category;
			}
			if (!bad) {
				tolerated++;
				break;
			}
			if (!failed++) {
				const struct rl_finding *f = NULL;

				for (size_t i = 0; i < fs->n && !f; i++)
					if (!allowed(t, d, (int)fs->v[i].category))
						f = &fs->v[i];
				it = add_item(ck, label, ST_FAIL, "%s%s%s",
					      rl_category_name(f->category),
					      f->variable ? " on " : "",
					      f->variable ? f->variable : "");
				finding_lines(t, f, it);
				story_lines(f, it);
			}
			break;
		case RL_HUNG:
			if (!hung++) {
				snprintf(first, sizeof first, "%s", r.judgement.why);
				if (r.oracle.findings.n) {
					const struct rl_finding *f = &r.oracle.findings.v[0];

					snprintf(hang.line[0], sizeof hang.line[0],
						 "%s: %s",
						 f->category == RL_CAT_LIVELOCK ?
							 "it spins and gets nowhere" :
							 "it hangs",
						 rl_category_name(f->category));
					hang.nlines = 1;
					finding_lines(t, f, &hang);
				}
			}
			break;
		default: {
			/* the tool said itself it could not finish (explore's
			 * search cut short), where a reference fix declares it
			 * blind: it cannot judge the copy either */
			const struct rl_expect *fb = NULL;

			for (int k = 0; k < t->nfixes && !fb; k++) {
				fb = rl_contract_expect(&t->fixes[k], d->name, 1);
				if (fb && fb->kind != RL_EXPECT_BLIND)
					fb = NULL;
			}
			if (r.judgement.verdict == RL_ERROR && !fs->n &&
			    r.info.tool_failed[0] && fb) {
				snprintf(blind_here, sizeof blind_here, "%s (%s)",
					 fb->reason ? fb->reason : "", r.info.tool_failed);
				break;
			}
			if (!errors++ && !hung)
				snprintf(first, sizeof first, "%s", r.judgement.why);
			break;
		}
		}
		if (probed) {
			struct probe p;

			probe_read(probe_file, &p);
			for (int k = 0; k < PROBE_FIELDS && p.ok; k++)
				if (p.v[k] > probed->v[k] || !probed->ok)
					probed->v[k] = p.v[k];
			probed->ok |= p.ok;
		}
		timed_out |= r.outcome.how == RL_TIMED_OUT;
		certain |= r.oracle.stopped && r.oracle.findings.n > 0;
		rl_result_free(&r);
		if (hung || errors || (failed && t->stop_at_fail))
			break;
	}
	if (failed && !hung && !errors) {
		if (runs > 1 && done < runs) {
			size_t n = strlen(it->line[0]);

			snprintf(it->line[0] + n, sizeof it->line[0] - n,
				 " (in run %d of %d)", done, runs);
		} else if (runs > 1) {
			size_t n = strlen(it->line[0]);

			snprintf(it->line[0] + n, sizeof it->line[0] - n,
				 " (%d of %d runs)", failed, runs);
		}
		return certain ? CERTAIN : 0;
	}
	if (hung && hang.nlines && !failed) {
		it = add_item(ck, label, ST_FAIL, "%s%s", hang.line[0],
			      ck->hang_shown ? ", as above" : "");
		for (int k = 1; k < hang.nlines && !ck->hang_shown; k++)
			add_detail(it, hang.line[k]);
		it->located = hang.located || ck->hang_shown;
		ck->hang_shown = 1;
		if (hang.nlines == 1 && it->nlines == 1)
			add_detail(it, first);
		return certain ? CERTAIN : 1;
	}
	if (hung || errors) {
		if (!failed)
			it = add_item(ck, label, ST_FAIL, "%s", hung ? "it hangs" :
				      "the run did not end by itself");
		else
			snprintf(it->line[0], sizeof it->line[0], "%s",
				 hung ? "it hangs" : "the run did not end by itself");
		snprintf(it->line[it->nlines < ITEM_LINES ? it->nlines++ : ITEM_LINES - 1],
			 sizeof it->line[0],
			 "  run %d: %s", done, first);
		return timed_out ? 2 : certain ? CERTAIN : 1;
	}
	if (tolerated)
		it = add_item(ck, label, ST_OK, "clean but for a known false positive (%s), which a reference fix declares",
			      rl_category_name(tolerated_cat));
	else if (blind_here[0])	/* said of the participant's program */
		it = add_item(ck, label, ST_NOTE, "blind to your program: %s",
			      blind_here);
	else if (blind && blind->kind == RL_EXPECT_BLIND)
		it = add_item(ck, label, ST_NOTE, "clean, but blind to this bug: %s",
			      blind->reason ? blind->reason : "");
	else if (d->build == RL_BUILD_EXPLORE)
		it = add_item(ck, label, ST_OK, "no schedule of its search broke it (forcing off)");
	else
		it = add_item(ck, label, ST_OK, "clean in %d run%s", runs,
			      runs == 1 ? "" : "s");
	return 0;
}

/* Valgrind's: they take seconds where the others take a fraction */
static int is_slow(const struct rl_detector *d)
{
	return d->tool && !strcmp(d->tool, "valgrind");
}

const struct item *first_failure(const struct check *ck)
{
	for (int i = 0; i < ck->nitems; i++)
		if (ck->items[i].st == ST_FAIL)
			return &ck->items[i];
	return NULL;
}

/* Is "not solved" certain, and is there something on the screen to act
 * on? A failure of the program's own check names no line: the tools
 * after it show where the bug is, so a participant's check goes on until
 * a failure names one (verify, quiet, stops at the first). */
static int failed_yet(const struct target *t, const struct check *ck)
{
	if (!t->stop_at_fail || !first_failure(ck))
		return 0;
	for (int i = 0; i < ck->nitems && !t->quiet; i++)
		if (ck->items[i].st == ST_FAIL && !ck->items[i].located &&
		    !strcmp(ck->items[i].name, "its own check"))
			for (int j = i + 1;; j++) {
				if (j == ck->nitems)
					return 0;	/* no line named yet */
				if (ck->items[j].st == ST_FAIL && ck->items[j].located)
					break;
			}
	return 1;
}

/* Said when a check stops at its first failure: the verdict is certain. */
static void rest_not_run(struct target *t, struct check *ck)
{
	if (t->quiet)
		return;
	print_item(t, add_item(ck, "the rest", ST_NOTE,
			       "not run: one failing line is enough to say not solved (--all runs every detector)"));
}

/* Builds and runs the copy; fills ck. Prints each item as it is known,
 * unless quiet. */
void check_copy(struct target *t, int runs, struct check *ck)
{
	struct rl_build_spec b = { 0 };
	char err[768], so[PATH_MAX + 16], slow_file[PATH_MAX + 16];
	char build_dir[PATH_MAX + 16], gcc_file[PATH_MAX + 32];
	pid_t gcc = -1;
	int unbuilt[RL_BUILD_KINDS] = { 0 };
	size_t len;
	double t0 = rl_now_s(), t1;
	struct probe p = { 0 }, ref = { 0 };
	pid_t slow = -1;
	int have_probe, stuck, certain, tsan_built = 0, explore_built = 0;
	char runtime[PATH_MAX + 32];

	memset(ck, 0, sizeof *ck);
	snprintf(t->include, sizeof t->include, "%s/harness/case", t->o->root);
	snprintf(t->cflags, sizeof t->cflags, "-I%s", t->include);
	snprintf(t->stem, sizeof t->stem, "%s/build/%s", t->state, t->name);
	snprintf(runtime, sizeof runtime, "%s/harness/explore/rt.c", t->o->root);
	snprintf(build_dir, sizeof build_dir, "%s/build", t->state);
	rl_make_dirs(build_dir);
	b.sources[0] = t->copy;
	b.nsources = 1;
	b.include_dir = t->include;
	b.dir = build_dir;
	b.stem = t->name;
	progress_set(t, "building your copy");
	if (rl_build(&b, RL_BUILD_PLAIN, err, sizeof err) != 0) {
		print_item(t, add_item(ck, "compiles", ST_FAIL, "%s", err));
		ck->build_s = ck->total_s = since(t0);
		return;
	}
	ck->compiled = 1;
	rules(t, ck);
	print_item(t, &ck->items[ck->nitems - 1]);
	if (ck->items[ck->nitems - 1].st == ST_FAIL) {
		/* no tool's verdict on such a copy counts: say so at once,
		 * not after every tool has run */
		print_item(t, add_item(ck, "the rest", ST_NOTE,
				       "not run: no tool's verdict counts while the copy breaks the rules"));
		ck->build_s = ck->total_s = since(t0);
		return;
	}
	fflush(stdout);
	/* gcc's TSan build beside the first runs */
	snprintf(gcc_file, sizeof gcc_file, "%s/build/gcc.error", t->state);
	remove(gcc_file);
	if ((gcc = fork()) == 0) {
		FILE *f;

		rl_runner_init();
		if (rl_build(&b, RL_BUILD_TSAN_GCC, err, sizeof err) == 0)
			_exit(0);
		if ((f = rl_output_open(gcc_file)))
			fputs(err, f), fclose(f);
		_exit(1);
	}
	ck->build_s = since(t0);
	t1 = rl_now_s();
	have_probe = probe_build(t, so, sizeof so, err, sizeof err) == 0 &&
		     reference_probe(t, so, &ref) == 0;
	if (have_probe)
		probe_env(so, t->stem);
	certain = run_detector(t, rl_detector_find("native"), runs, ck,
			       have_probe ? &p : NULL);
	stuck = certain == 2;
	certain = certain == CERTAIN;
	unsetenv("LD_PRELOAD");
	print_item(t, &ck->items[ck->nitems - 1]);
	if (have_probe)
		judge_probe(ck, &p, &ref, stuck);
	else
		add_item(ck, "threads", ST_NOTE, "not counted: %s", err);
	print_item(t, &ck->items[ck->nitems - 1]);
	if (stuck || certain || failed_yet(t, ck)) {
		/* every other detector would wait as long, and longer */
		if (stuck)
			print_item(t, add_item(ck, "the rest", ST_NOTE,
					       "not run: the program does not end by itself"));
		else if (certain)
			print_item(t, add_item(ck, "the rest", ST_NOTE,
					       "not run: the watchdog's finding is certain, and each would end the same way"));
		else
			rest_not_run(t, ck);
		while (waitpid(gcc, NULL, 0) < 0 && errno == EINTR)
			;
		ck->fast_s = ck->slow_s = since(t1);
		ck->total_s = since(t0);
		return;
	}
	/* Helgrind and DRD beside the rest: they need only the plain build */
	snprintf(slow_file, sizeof slow_file, "%s/slow.json", t->state);
	remove(slow_file);
	fflush(stdout);
	ck->slow_started = 1;
	if (!t->slow_after && (slow = fork()) == 0) {
		struct check mine = { .hang_shown = ck->hang_shown };
		double t2 = rl_now_s();
		json_t *a;
		FILE *f;

		progress.on = 0;	/* the parent's line alone */
		rl_runner_on_tick(NULL);
		rl_runner_init();
		for (int d = 0; rl_detectors[d]; d++)
			if (is_slow(rl_detectors[d]))
				run_detector(t, rl_detectors[d], 1, &mine, NULL);
		a = json_pack("{s:o, s:f}", "items", items_json(&mine),
			      "seconds", since(t2));
		if ((f = rl_output_open(slow_file))) {
			json_dumpf(a, f, 0);
			fclose(f);
		}
		_exit(0);
	}
	for (int pass = 0; pass < 2; pass++)
		for (int d = 0; rl_detectors[d]; d++) {
			const struct rl_detector *det = rl_detectors[d];
			int n = ck->nitems;

			/* first what runs the plain build or none, then the TSan
			 * builds and explore's */
			if (is_slow(det) || det->judged_on == RL_ON_SYMPTOM ||
			    (det->build == RL_BUILD_TSAN || det->build == RL_BUILD_TSAN_GCC ||
			     det->build == RL_BUILD_EXPLORE) != pass)
				continue;
			if (det->build == RL_BUILD_EXPLORE && !explore_built) {
				explore_built = 1;
				b.runtime = runtime;
				progress_set(t, "building your copy for explore");
				if (rl_build(&b, RL_BUILD_EXPLORE, err, sizeof err) != 0) {
					print_item(t, add_item(ck, "compiles", ST_FAIL, "%s", err));
					unbuilt[RL_BUILD_EXPLORE] = 1;
				}
				if (!unbuilt[RL_BUILD_EXPLORE]) {
					progress_set(t, "work: counting your threads' writes");
					judge_work(t, ck, have_probe && p.ok ? p.v[0] : 0);
					if (failed_yet(t, ck)) {
						print_item(t, &ck->items[ck->nitems - 1]);
						goto out;
					}
				}
				/* a search on every core, over as many schedules as
				 * fit in its time: the forcing devices are off, so
				 * a fix right only under them is found out */
				rl_session_search(&(struct rl_search){
					.schedules = EXPLORE_SCHEDULES, .jobs = rl_cores(),
					.seconds = EXPLORE_SECONDS });
			}
			if (det->build == RL_BUILD_TSAN && !tsan_built) {
				tsan_built = 1;
				progress_set(t, "building your copy with ThreadSanitizer");
				if (rl_build(&b, RL_BUILD_TSAN, err, sizeof err) != 0) {
					print_item(t, add_item(ck, "compiles", ST_FAIL, "%s", err));
					unbuilt[RL_BUILD_TSAN] = 1;
				}
			}
			if (det->build == RL_BUILD_TSAN_GCC && gcc > 0) {
				int status;

				while (waitpid(gcc, &status, 0) < 0 && errno == EINTR)
					;
				gcc = -1;
				if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
					char *text = rl_read_file(gcc_file, &len);

					print_item(t, add_item(ck, "compiles", ST_FAIL, "%s",
							       text ? text : "gcc's build did not finish"));
					free(text);
					unbuilt[RL_BUILD_TSAN_GCC] = 1;
				}
			}
			if (det->build != RL_BUILD_NONE && unbuilt[det->build])
				continue;
			certain = run_detector(t, det, det->judged_on == RL_ON_LIVENESS ||
						   det->build == RL_BUILD_EXPLORE ? 1 : runs,
					       ck, NULL) == CERTAIN;
			for (; n < ck->nitems; n++)
				print_item(t, &ck->items[n]);
			if (failed_yet(t, ck))
				goto out;
			if (certain) {
				/* Helgrind and DRD beside would only be stopped
				 * the same way, later: they are ended unheard */
				if (slow > 0) {
					kill(slow, SIGTERM);
					while (waitpid(slow, NULL, 0) < 0 && errno == EINTR)
						;
					slow = -1;
				}
				print_item(t, add_item(ck, "the rest", ST_NOTE,
						       "not run: the watchdog's finding is certain, and each would end the same way"));
				goto out;
			}
		}
	for (int d = 0; t->slow_after && rl_detectors[d]; d++)
		if (is_slow(rl_detectors[d]) && !failed_yet(t, ck))
			run_detector(t, rl_detectors[d], 1, ck, NULL);
out:
	if (gcc > 0)
		while (waitpid(gcc, NULL, 0) < 0 && errno == EINTR)
			;
	ck->fast_s = since(t1);
	if (slow > 0 && failed_yet(t, ck)) {
		/* the verdict is certain: Helgrind and DRD are stopped (their
		 * process ends its runs and what they started, as on a kill) */
		kill(slow, SIGTERM);
		while (waitpid(slow, NULL, 0) < 0 && errno == EINTR)
			;
		slow = -1;
		ck->slow_stopped = 1;
	}
	if (failed_yet(t, ck) && ck->nitems &&
	    strcmp(ck->items[ck->nitems - 1].name, "the rest"))
		rest_not_run(t, ck);
	if (slow > 0) {
		int status, n = ck->nitems;
		json_error_t jerr;
		json_t *a;

		progress_set(t, "helgrind and drd, beside the others");
		/* the line's time goes on while the parent waits */
		for (;;) {
			struct timespec tick = { 0, 200 * 1000 * 1000 };
			pid_t r = waitpid(slow, &status, WNOHANG);

			if (r == slow || (r < 0 && errno != EINTR))
				break;
			nanosleep(&tick, NULL);
			if (progress.what[0])
				progress_draw();
		}
		progress_clear();
		a = json_load_file(slow_file, 0, &jerr);
		if (a && json_is_array(json_object_get(a, "items"))) {
			items_from_json(ck, json_object_get(a, "items"));
			ck->slow_s = json_real_value(json_object_get(a, "seconds"));
		} else
			add_item(ck, "helgrind, drd", ST_FAIL, "their runs gave no answer (%s)",
				 jerr.text);
		json_decref(a);
		for (; n < ck->nitems; n++)
			print_item(t, &ck->items[n]);
	}
	progress_clear();
	ck->total_s = since(t0);
}

int solved(const struct check *ck)
{
	return ck->compiled && !first_failure(ck);
}

int target_init(struct target *t, const struct options *o,
		const struct course *c, int idx, const char *copy,
		const char *state)
{
	char path[PATH_MAX], err[512];

	memset(t, 0, sizeof *t);
	t->o = o;
	t->c = c;
	t->idx = idx;
	t->name = c->names[idx];
	t->copy = copy;
	snprintf(t->state, sizeof t->state, "%s", state);
	if (rl_make_dirs(t->state) != 0)
		return rl_refuse("cannot create %s (%s).", t->state, strerror(errno));
	snprintf(path, sizeof path, "%s/cases/%s.c", o->root, t->name);
	if (rl_contract_load(path, &t->broken, err, sizeof err) != 0)
		return rl_refuse("%s", err);
	snprintf(path, sizeof path, "%s/fixed/%s.c", o->root, t->name);
	if (rl_contract_load(path, &t->fixed, err, sizeof err) != 0) {
		rl_contract_free(&t->broken);
		return rl_refuse("%s", err);
	}
	{
		glob_t g = { 0 };

		snprintf(path, sizeof path, "%s/fixed/%s.*.c", o->root, t->name);
		t->fixes[t->nfixes++] = t->fixed;	/* shared, freed once */
		if (glob(path, 0, NULL, &g) == 0)
			for (size_t k = 0; k < g.gl_pathc && t->nfixes < 8; k++)
				if (rl_contract_load(g.gl_pathv[k], &t->fixes[t->nfixes],
						     err, sizeof err) == 0)
					t->nfixes++;
		globfree(&g);
	}
	return 0;
}

void target_free(struct target *t)
{
	rl_contract_free(&t->broken);
	rl_contract_free(&t->fixed);
	for (int k = 1; k < t->nfixes; k++)
		rl_contract_free(&t->fixes[k]);
}

/* ---- the subcommands */

static int copy_path(const struct options *o, const char *name, char *buf,
		     size_t len)
{
	return snprintf(buf, len, "%s/%s.c", o->dir, name) >= (int)len ? -1 : 0;
}

static int need_copy(const struct options *o, const char *name, char *copy,
		     size_t len)
{
	struct stat st;

	copy_path(o, name, copy, len);
	if (stat(copy, &st) != 0)
		return rl_refuse("you have not started `%s` (there is no %s): `./racelab exercise start %s%s%s`.",
			      name, copy, name, o->dir_arg ? " --dir " : "",
			      o->dir_arg ? o->dir_arg : "");
	return 0;
}

static int cmd_list(const struct options *o, const struct course *c)
{
	json_t *p = progress_load(o);
	const char *part = NULL;
	int solved_n = 0;
	int colour = isatty(1) && !getenv("NO_COLOR");

	for (int i = 0; i < c->n; i++)
		if (course_check(o->root, c, i)) {
			json_decref(p);
			return 2;
		}
	for (int i = 0; i < c->n; i++) {
		const char *st = status_of(p, c->names[i]);
		struct rl_contract k;
		char path[PATH_MAX], err[256], concepts[128];
		/* solved once, and the last check of the copy failed */
		int fails_now = json_is_true(json_object_get(progress_of(p, c->names[i]),
							     "fails_now"));
		const char *box = !strcmp(st, "solved") ? fails_now ? "[!]" : "[x]" :
				  !strcmp(st, "not started") ? "[ ]" : "[~]";

		if (c->parts[i] != part && c->parts[i][0])
			printf("%s%s\n", part ? "\n" : "", c->parts[i]);
		part = c->parts[i];
		snprintf(path, sizeof path, "%s/cases/%s.c", o->root, c->names[i]);
		if (rl_contract_load(path, &k, err, sizeof err) != 0)
			k.concepts = NULL;
		clip_list(k.concepts ? k.concepts : "", 40, concepts, sizeof concepts);
		printf("  %s%s%s %2d %-29s %s\n",
		       colour && box[1] == 'x' ? "\033[32m" : "", box,
		       colour && box[1] == 'x' ? "\033[0m" : "", i + 1,
		       c->names[i], fails_now ? "solved once; your copy fails now" : concepts);
		if (k.path)
			rl_contract_free(&k);
		solved_n += box[1] == 'x' || box[1] == '!';
	}
	printf("\n%d of %d solved. ", solved_n, c->n);
	print_next(p, c, next_unsolved(p, c, -1), "The course is done.");
	json_decref(p);
	return 0;
}

static int cmd_start(const struct options *o, const struct course *c, int idx)
{
	char copy[PATH_MAX], from[PATH_MAX];
	struct stat st;
	json_t *p, *e;

	if (rl_make_dirs(o->dir) != 0)
		return rl_refuse("cannot create %s (%s).", o->dir, strerror(errno));
	copy_path(o, c->names[idx], copy, sizeof copy);
	if (stat(copy, &st) == 0)
		return rl_refuse("%s is there already, with your work: check it with `./racelab exercise check %s`, or start again with `./racelab exercise reset %s`.",
			      copy, c->names[idx], c->names[idx]);
	snprintf(from, sizeof from, "%s/cases/%s.c", o->root, c->names[idx]);
	if (write_copy(o, c, idx, from, copy))
		return 2;
	p = progress_load(o);
	e = progress_of(p, c->names[idx]);
	if (!strcmp(status_of(p, c->names[idx]), "not started"))
		json_object_set_new(e, "status", json_string("in progress"));
	progress_save(o, p);
	json_decref(p);
	printf("Exercise %d of %d: %s, in %s\n\n", idx + 1, c->n, c->names[idx], copy);
	printf("Edit it so that it is right every run, then:\n"
	       "  ./racelab exercise check %s      (or watch: it checks on every save)\n",
	       c->names[idx]);
	return 0;
}

static int cmd_hint(const struct options *o, const struct course *c, int idx)
{
	struct rl_contract k;
	char path[PATH_MAX], err[512];
	json_t *p = progress_load(o), *e = progress_of(p, c->names[idx]);
	int used = int_of(e, "hints");

	snprintf(path, sizeof path, "%s/cases/%s.c", o->root, c->names[idx]);
	if (rl_contract_load(path, &k, err, sizeof err) != 0) {
		json_decref(p);
		return rl_refuse("%s", err);
	}
	if ((size_t)used < k.nhints) {
		printf("Hint %d of %zu for %s:\n  %s\n", used + 1, k.nhints,
		       c->names[idx], k.hints[used]);
		used++;
	} else if ((size_t)used == k.nhints && k.fix) {
		printf("The last hint for %s, the fix in words:\n  %s\n", c->names[idx], k.fix);
		used++;
	} else {
		printf("No hints are left for %s: `./racelab exercise solution %s --give-up` shows the reference fix.\n",
		       c->names[idx], c->names[idx]);
	}
	json_object_set_new(e, "hints", json_integer(used));
	progress_save(o, p);
	json_decref(p);
	rl_contract_free(&k);
	return 0;
}

/* diff -u of the broken program against a fix, both without headers. */
static int show_diff(const struct options *o, const char *name,
		     const char *fix_path, const char *label)
{
	char broken[PATH_MAX], a[PATH_MAX + 16], b2[PATH_MAX + 16], *text, *body;
	char la[PATH_MAX], lb[PATH_MAX];
	size_t len;
	FILE *f;

	snprintf(broken, sizeof broken, "%s/cases/%s.c", o->root, name);
	snprintf(a, sizeof a, "%s/.racelab/diff-a.c", o->dir);
	snprintf(b2, sizeof b2, "%s/.racelab/diff-b.c", o->dir);
	snprintf(la, sizeof la, "%s/.racelab", o->dir);
	rl_make_dirs(la);
	for (int i = 0; i < 2; i++) {
		text = rl_read_file(i ? fix_path : broken, &len);
		body = text ? body_of(text) : NULL;
		if (!body || !(f = rl_output_open(i ? b2 : a))) {
			free(text);
			free(body);
			return rl_refuse("cannot read %s.", i ? fix_path : broken);
		}
		fputs(body, f);
		fclose(f);
		free(body);
		free(text);
	}
	printf("The reference fix%s%s, as a change to the broken program:\n\n",
	       label[0] ? " " : "", label);
	fflush(stdout);
	{
		pid_t pid;
		int status;

		snprintf(la, sizeof la, "cases/%s.c", name);
		snprintf(lb, sizeof lb, "%s", strstr(fix_path, "/fixed/") ?
			 strstr(fix_path, "/fixed/") + 1 : fix_path);
		if ((pid = fork()) == 0) {
			execlp("diff", "diff", "-u", "--label", la, "--label", lb, a,
			       b2, (char *)NULL);
			_exit(127);
		}
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
			return rl_refuse("diff could not show it (is diffutils installed?).");
	}
	return 0;
}

static int cmd_solution(const struct options *o, const struct course *c, int idx)
{
	const char *name = c->names[idx];
	json_t *p = progress_load(o), *e = progress_of(p, name);
	char pattern[PATH_MAX], fix[PATH_MAX];
	glob_t g;
	int rc;

	if (strcmp(status_of(p, name), "solved") && !o->give_up) {
		json_decref(p);
		return rl_refuse("`%s` is not solved yet: the reference fix is shown once it is, or with `--give-up`.",
			      name);
	}
	if (strcmp(status_of(p, name), "solved")) {
		json_object_set_new(e, "gave_up", json_true());
		progress_save(o, p);
	}
	json_decref(p);
	snprintf(fix, sizeof fix, "%s/fixed/%s.c", o->root, name);
	if ((rc = show_diff(o, name, fix, "")))
		return rc;
	snprintf(pattern, sizeof pattern, "%s/fixed/%s.*.c", o->root, name);
	if (glob(pattern, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc && !rc; i++) {
			char label[128];
			const char *alt = strrchr(g.gl_pathv[i], '/') + 1 + strlen(name) + 1;

			snprintf(label, sizeof label, "`%.*s`", (int)(strlen(alt) - 2), alt);
			printf("\n");
			rc = show_diff(o, name, g.gl_pathv[i], label);
		}
		globfree(&g);
	}
	return rc;
}

static int cmd_reset(const struct options *o, const struct course *c, int idx)
{
	char copy[PATH_MAX], keep[PATH_MAX + 8], from[PATH_MAX], state[PATH_MAX];
	json_t *p;

	if (need_copy(o, c->names[idx], copy, sizeof copy))
		return 2;
	snprintf(keep, sizeof keep, "%s~", copy);
	if (rename(copy, keep) != 0)
		return rl_refuse("cannot keep your copy as %s (%s).", keep, strerror(errno));
	snprintf(from, sizeof from, "%s/cases/%s.c", o->root, c->names[idx]);
	if (write_copy(o, c, idx, from, copy))
		return 2;
	snprintf(state, sizeof state, "%s/.racelab/%s/reference.probe", o->dir, c->names[idx]);
	remove(state);
	p = progress_load(o);
	if (strcmp(status_of(p, c->names[idx]), "solved"))
		json_object_set_new(progress_of(p, c->names[idx]), "status",
				    json_string("in progress"));
	progress_save(o, p);
	json_decref(p);
	printf("%s is as it was at the start; your version is kept as %s.\n", copy, keep);
	return 0;
}

/* One check of the participant's copy, with its screen and progress. */
static int check_once(const struct options *o, const struct course *c, int idx)
{
	const char *name = c->names[idx];
	char copy[PATH_MAX], state[PATH_MAX + 16], *abs;
	struct target t;
	struct check ck;
	json_t *p, *e;
	const struct item *bad;
	int ok;

	if (need_copy(o, name, copy, sizeof copy))
		return 2;
	if (!(abs = realpath(copy, NULL)))
		return rl_refuse("cannot resolve %s.", copy);
	snprintf(state, sizeof state, "%s/.racelab/%s", o->dir, name);
	if (target_init(&t, o, c, idx, abs, state)) {
		free(abs);
		return 2;
	}
	t.colour = isatty(1) && !getenv("NO_COLOR");
	t.stop_at_fail = !o->all;
	progress.on = isatty(2);
	printf("racelab exercise check %s: %s%s%s.c\n\n", name,
	       o->dir_arg ? o->dir_arg : "workshop", "/", name);
	fflush(stdout);
	check_copy(&t, o->runs, &ck);
	ok = solved(&ck);
	p = progress_load(o);
	e = progress_of(p, name);
	json_object_set_new(e, "checks", json_integer(int_of(e, "checks") + 1));
	printf("\n");
	if (ok) {
		int was = !strcmp(status_of(p, name), "solved"), done = 0;
		char when[32];

		if (!was) {
			now_text(when, sizeof when);
			json_object_set_new(e, "status", json_string("solved"));
			json_object_set_new(e, "solved_at", json_string(when));
		}
		json_object_del(e, "fails_now");
		for (int i = 0; i < c->n; i++)
			done += !strcmp(status_of(p, c->names[i]), "solved");
		printf("%sSolved%s: every detector is clean, and the threads still run at once.\n",
		       t.colour ? "\033[1;32m" : "", t.colour ? "\033[0m" : "");
		printf("%d of %d solved, %d hint%s used here. The reference fix:\n"
		       "  ./racelab exercise solution %s\n", done, c->n, int_of(e, "hints"),
		       int_of(e, "hints") == 1 ? "" : "s", name);
		print_next(p, c, next_unsolved(p, c, idx), "That was the whole course.");
	} else {
		bad = first_failure(&ck);
		if (!strcmp(status_of(p, name), "not started"))
			json_object_set_new(e, "status", json_string("in progress"));
		if (!strcmp(status_of(p, name), "solved"))
			json_object_set_new(e, "fails_now", json_true());
		char said[400];
		int room = 80 - 19 - (int)strlen(bad ? bad->name : "");

		/* the first failing line, cut at a word to fit 80 columns */
		if (!ck.compiled)
			snprintf(said, sizeof said, "it does not compile (the first error is above)");
		else
			snprintf(said, sizeof said, "%s", bad ? bad->line[0] : "");
		if ((int)strlen(said) > room) {
			int cut = room - 4;

			while (cut > 0 && said[cut] != ' ')
				cut--;
			snprintf(said + (cut > 0 ? cut : room - 4), 5, " ...");
		}
		printf("%sNot solved yet%s: %s%s%s.\n", t.colour ? "\033[1;31m" : "",
		       t.colour ? "\033[0m" : "", ck.compiled && bad ? bad->name : "",
		       ck.compiled && bad ? ": " : "", said);
		printf("Next: change your copy, then check again. A hint (%d used):\n"
		       "  ./racelab exercise hint %s\n", int_of(e, "hints"), name);
	}
	if (!ck.slow_started)
		printf("Checked in %.1f s: build %.1f s, runs %.1f s.\n",
		       ck.total_s, ck.build_s, ck.fast_s);
	else if (ck.slow_stopped)
		printf("Checked in %.1f s: build %.1f s, runs %.1f s; Helgrind and DRD, beside, stopped then.\n",
		       ck.total_s, ck.build_s, ck.fast_s);
	else
		printf("Checked in %.1f s: build %.1f s, runs %.1f s, Helgrind and DRD %.1f s beside.\n",
		       ck.total_s, ck.build_s, ck.fast_s, ck.slow_s);
	progress_save(o, p);
	json_decref(p);
	target_free(&t);
	free(abs);
	return ok ? 0 : 1;
}

/* Checks again whenever the copy is saved: editors write it in place or
 * write a new file and rename it over, so the folder is watched. */
static int cmd_watch(const struct options *o, const struct course *c, int idx)
{
	const char *name = c->names[idx];
	char copy[PATH_MAX], base[PATH_MAX], buf[4096]
		__attribute__((aligned(__alignof__(struct inotify_event))));
	int fd;

	if (need_copy(o, name, copy, sizeof copy))
		return 2;
	snprintf(base, sizeof base, "%s.c", name);
	if ((fd = inotify_init1(IN_CLOEXEC)) < 0 ||
	    inotify_add_watch(fd, o->dir, IN_CLOSE_WRITE | IN_MOVED_TO) < 0)
		return rl_refuse("cannot watch %s (%s).", o->dir, strerror(errno));
	for (;;) {
		pid_t pid;
		int status, changed = 0;

		if (isatty(1))
			fputs("\033[H\033[2J", stdout);
		fflush(stdout);
		if ((pid = fork()) == 0) {
			int rc = check_once(o, c, idx);

			fflush(stdout);
			_exit(rc);
		}
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		printf("\nWatching %s.c: each save checks it again; Ctrl-C stops.\n", name);
		fflush(stdout);
		while (!changed) {
			ssize_t n = read(fd, buf, sizeof buf);

			if (n <= 0 && errno != EINTR)
				return rl_refuse("stopped watching %s.", o->dir);
			for (char *at = buf; n > 0 && at < buf + n;) {
				struct inotify_event *ev = (struct inotify_event *)at;

				if (ev->len && !strcmp(ev->name, base))
					changed = 1;
				at += sizeof *ev + ev->len;
			}
		}
		/* an editor may write more than once per save */
		{
			struct pollfd pf = { fd, POLLIN, 0 };

			while (poll(&pf, 1, 150) > 0 && read(fd, buf, sizeof buf) > 0)
				;
		}
	}
}

/* The maintainers' check: each exercise unsolved as shipped, solved by
 * each reference fix. */
static int cmd_verify(struct options *o, struct course *c)
{
	int wrong = 0, n = o->nnames ? o->nnames : c->n;
	char tmpl[] = "/tmp/racelab-verify-XXXXXX";
	const char *base = getenv("TEST_TMPDIR");
	char root_dir[PATH_MAX];

	if (base && *base)
		snprintf(root_dir, sizeof root_dir, "%s/verify", base);
	else if (mkdtemp(tmpl))
		snprintf(root_dir, sizeof root_dir, "%s", tmpl);
	else
		return rl_refuse("cannot make a folder in /tmp (%s).", strerror(errno));
	o->dir = root_dir;
	for (int i = 0; i < n; i++) {
		int idx = o->nnames ? course_index(c, o->names[i]) : i;
		char pattern[PATH_MAX], fix[PATH_MAX];
		const char *progs[8];
		int nprogs = 0;
		glob_t g = { 0 };

		if (idx < 0) {
			/* a case the course leaves out is still verified */
			char src[PATH_MAX], fx[PATH_MAX];
			struct stat st;

			snprintf(src, sizeof src, "%s/cases/%s.c", o->root, o->names[i]);
			snprintf(fx, sizeof fx, "%s/fixed/%s.c", o->root, o->names[i]);
			if (strchr(o->names[i], '/') || stat(src, &st) || stat(fx, &st) ||
			    c->n == MAX_COURSE)
				return unknown_exercise(c, o->names[i]);
			c->names[c->n] = rl_xstrdup(o->names[i]);
			c->parts[c->n] = "";
			idx = c->n++;
		}
		snprintf(fix, sizeof fix, "%s/fixed/%s.c", o->root, c->names[idx]);
		snprintf(pattern, sizeof pattern, "%s/fixed/%s.*.c", o->root, c->names[idx]);
		progs[nprogs++] = NULL;	/* the untouched copy */
		progs[nprogs++] = fix;
		if (glob(pattern, 0, NULL, &g) == 0)
			for (size_t k = 0; k < g.gl_pathc && nprogs < 8; k++)
				progs[nprogs++] = g.gl_pathv[k];
		for (int k = 0; k < nprogs; k++) {
			char from[PATH_MAX], dir[PATH_MAX + 64], copy[PATH_MAX + 128];
			char state[PATH_MAX + 128];
			const char *what = k == 0 ? "as shipped" :
					   strrchr(progs[k], '/') + 1;
			struct target t;
			struct check ck;
			const struct item *bad;
			int ok;

			snprintf(from, sizeof from, "%s/cases/%s.c", o->root, c->names[idx]);
			snprintf(dir, sizeof dir, "%s/%s-%d", root_dir, c->names[idx], k);
			snprintf(copy, sizeof copy, "%s/%s.c", dir, c->names[idx]);
			snprintf(state, sizeof state, "%s/.racelab", dir);
			rl_make_dirs(dir);
			if (write_copy(o, c, idx, k ? progs[k] : from, copy) ||
			    target_init(&t, o, c, idx, copy, state)) {
				wrong++;
				continue;
			}
			t.quiet = 1;
			t.stop_at_fail = t.slow_after = k == 0;
			check_copy(&t, o->runs_given ? o->runs : 1, &ck);
			ok = solved(&ck);
			bad = first_failure(&ck);
			if (ok == (k > 0)) {
				printf("ok    %-26s %-30s %s%s%s%.40s\n", c->names[idx], what,
				       ok ? "solved" : "not solved: ", ok ? "" : bad->name,
				       ok ? "" : ": ", ok ? "" : bad->line[0]);
			} else {
				wrong++;
				printf("WRONG %-28s %-34s %s\n", c->names[idx], what,
				       ok ? "solved as shipped" : "the reference fix is not solved:");
				for (int m = 0; m < ck.nitems; m++)
					if (ck.items[m].st == ST_FAIL || ok)
						for (int l = 0; l < ck.items[m].nlines; l++)
							printf("        %s %s\n", l ? "  " : ck.items[m].name,
							       ck.items[m].line[l]);
			}
			fflush(stdout);
			target_free(&t);
		}
		globfree(&g);
	}
	printf("%d exercise%s verified, %d wrong.\n", n, n == 1 ? "" : "s", wrong);
	return wrong ? 1 : 0;
}

/* ---- main */

static int parse(struct options *o, int argc, char **argv)
{
	const char *const longs[] = { "dir", "runs", "give-up", "all", "root", "help", NULL };

	if (argc < 2)
		return rl_refuse("exercise needs a subcommand: list, start, check, watch, hint, solution, reset or verify (`./racelab help exercise`).");
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(rl_exercise_usage, stdout);
			return 0;
		}
	o->sub = argv[1];
	for (int k = 0; SUBS[k]; k++)
		if (!strcmp(o->sub, SUBS[k]))
			goto known;
	{
		const char *near = rl_closest(o->sub, SUBS);

		if (near)
			return rl_refuse("exercise has no subcommand `%s`: did you mean `%s`?", o->sub, near);
		return rl_refuse("exercise has no subcommand `%s`: it has list, start, check, watch, hint, solution, reset and verify.",
			      o->sub);
	}
known:
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *eq = strchr(a, '=');
		size_t len = eq ? (size_t)(eq - a) : strlen(a);
		const char *v = eq ? eq + 1 : NULL;

		if (a[0] != '-') {
			if (o->nnames == MAX_COURSE)
				return rl_refuse("too many names.");
			o->names[o->nnames++] = a;
			continue;
		}
		if (!strncmp(a, "--give-up", len) && len == 9 && !v) {
			o->give_up = 1;
			continue;
		}
		if (!strncmp(a, "--all", len) && len == 5 && !v) {
			o->all = 1;
			continue;
		}
		if ((len == 5 && !strncmp(a, "--dir", 5)) || (len == 6 && !strncmp(a, "--runs", 6)) ||
		    (len == 6 && !strncmp(a, "--root", 6))) {
			if (!v && (i + 1 >= argc || argv[i + 1][0] == '-'))
				return rl_refuse("`%.*s` needs a value.", (int)len, a);
			if (!v)
				v = argv[++i];
			if (a[2] == 'd') {
				o->dir = rl_user_path(v);
				o->dir_arg = v;
			}
			else if (a[3] == 'o')
				o->root = rl_user_path(v);
			else if (rl_parse_count("--runs", v, 1000, &o->runs))
				return 2;
			else
				o->runs_given = 1;
			continue;
		}
		{
			char stripped[64];
			const char *near;

			snprintf(stripped, sizeof stripped, "%.*s", (int)len, a + strspn(a, "-"));
			near = rl_closest(stripped, longs);
			if (near)
				return rl_refuse("exercise has no option `%.*s`: did you mean `--%s`?",
					      (int)len, a, near);
			return rl_refuse("exercise has no option `%.*s`: `./racelab help exercise` lists its options.",
				      (int)len, a);
		}
	}
	if (!strcmp(o->sub, "list") && o->nnames)
		return rl_refuse("exercise list takes no name, but was given `%s`.", o->names[0]);
	if (strcmp(o->sub, "list") && strcmp(o->sub, "verify") && o->nnames != 1)
		return rl_refuse(o->nnames ? "exercise %s takes one exercise name." :
			      "exercise %s needs an exercise name: `./racelab exercise list` shows the course.",
			      o->sub);
	if (o->give_up && strcmp(o->sub, "solution"))
		return rl_refuse("`--give-up` goes with `exercise solution` only.");
	if (o->all && strcmp(o->sub, "check") && strcmp(o->sub, "watch"))
		return rl_refuse("`--all` goes with `exercise check` and `exercise watch` only.");
	return -1;
}

int rl_exercise_main(int argc, char **argv)
{
	struct options o = { 0 };
	const char *ws = getenv("BUILD_WORKSPACE_DIRECTORY");
	static const char *const TOOL_VARS[] = { "TSAN_OPTIONS", "VALGRIND_OPTS",
						 "LD_PRELOAD", NULL };
	char ignored[128] = "";
	struct course c;
	int rc, idx = -1;

	o.root = ws && *ws ? ws : ".";
	o.runs = DEFAULT_RUNS;
	if ((rc = parse(&o, argc, argv)) >= 0)
		return rc;
	if (!o.dir) {
		char *d;

		if (asprintf(&d, "%s/workshop", o.root) < 0)
			abort();
		o.dir = d;
	}
	if (course_load(o.root, &c))
		return 2;
	if (o.nnames && strcmp(o.sub, "verify") &&
	    (idx = course_index(&c, o.names[0])) < 0)
		return unknown_exercise(&c, o.names[0]);
	if (idx >= 0 && course_check(o.root, &c, idx))
		return 2;
	/* a check judges the program, not the participant's tool settings */
	for (int k = 0; TOOL_VARS[k]; k++)
		if (getenv(TOOL_VARS[k])) {
			snprintf(ignored + strlen(ignored), sizeof ignored - strlen(ignored),
				 "%s%s", ignored[0] ? " and " : "", TOOL_VARS[k]);
			unsetenv(TOOL_VARS[k]);
		}
	if (ignored[0])
		setenv("RACELAB_IGNORED_OPTIONS", ignored, 1);
	if (!strcmp(o.sub, "list"))
		return cmd_list(&o, &c);
	if (!strcmp(o.sub, "start"))
		return cmd_start(&o, &c, idx);
	if (!strcmp(o.sub, "check"))
		return check_once(&o, &c, idx);
	if (!strcmp(o.sub, "watch"))
		return cmd_watch(&o, &c, idx);
	if (!strcmp(o.sub, "hint"))
		return cmd_hint(&o, &c, idx);
	if (!strcmp(o.sub, "solution"))
		return cmd_solution(&o, &c, idx);
	if (!strcmp(o.sub, "reset"))
		return cmd_reset(&o, &c, idx);
	return cmd_verify(&o, &c);
}
