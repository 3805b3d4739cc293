/* check.c - checking a copy: built, run under every detector (Helgrind
 * and DRD in a process beside the rest), each detector's runs summed up
 * as one item, and the rest not run once "not solved" is certain
 * (exercise_int.h).
 */
#define _GNU_SOURCE
#include "exercise_int.h"

#include <errno.h>
#include <glob.h>
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness/build.h"
#include "harness/finding.h"
#include "harness/jobs.h"
#include "harness/match.h"
#include "harness/output.h"
#include "harness/runner.h"
#include "harness/session.h"
#include "harness/util.h"
#include "harness/words.h"

/* explore's part of a check: up to this many schedules, on every core,
 * for at most this long (a solved check's explore costs about that) */
#define EXPLORE_SCHEDULES 1000
#define EXPLORE_SECONDS 1.0

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
			/* the watchdog's: where it waits is said after @ */
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
		ex_add_detail(it, line);
		it->located = 1;
		shown++;
	}
	if (!shown && f->headline) {
		snprintf(line, sizeof line, "  %s", f->headline);
		ex_add_detail(it, line);
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
	ex_add_detail(it, "  explore's schedule that breaks it (forcing off):");
	for (const char *p = f->story; *p;) {
		size_t n = strcspn(p, "\n");

		snprintf(line, sizeof line, "|%.*s", (int)n, p);
		ex_add_detail(it, line);
		p += n + (p[n] == '\n');
	}
	if (f->schedule_file) {
		snprintf(line, sizeof line, "  again: ./racelab replay %s",
			 rl_shown_path(f->schedule_file));
		ex_add_detail(it, line);
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
 * watchdog stopped a run on a finding of its own (a deadlock, a
 * livelock): certain, and every other detector's run would only end the
 * same way, later (Helgrind's after its slower window). */
enum { CERTAIN = 3 };
int ex_run_detector(struct target *t, const struct rl_detector *d,
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
		ex_progress_set(t, "explore: searching the schedules, forcing off");
	else
		ex_progress_set(t, "%s: %d run%s", label, runs, runs == 1 ? "" : "s");
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
				it = ex_add_item(ck, label, ST_FAIL, "%s%s%s",
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
				if (r.watchdog.findings.n) {
					const struct rl_finding *f = &r.watchdog.findings.v[0];

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

			ex_probe_read(probe_file, &p);
			for (int k = 0; k < PROBE_FIELDS && p.ok; k++)
				if (p.v[k] > probed->v[k] || !probed->ok)
					probed->v[k] = p.v[k];
			probed->ok |= p.ok;
		}
		timed_out |= r.outcome.how == RL_TIMED_OUT;
		certain |= r.watchdog.stopped && r.watchdog.findings.n > 0;
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
		it = ex_add_item(ck, label, ST_FAIL, "%s%s", hang.line[0],
			      ck->hang_shown ? ", as above" : "");
		for (int k = 1; k < hang.nlines && !ck->hang_shown; k++)
			ex_add_detail(it, hang.line[k]);
		it->located = hang.located || ck->hang_shown;
		ck->hang_shown = 1;
		if (hang.nlines == 1 && it->nlines == 1)
			ex_add_detail(it, first);
		return certain ? CERTAIN : 1;
	}
	if (hung || errors) {
		if (!failed)
			it = ex_add_item(ck, label, ST_FAIL, "%s", hung ? "it hangs" :
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
		it = ex_add_item(ck, label, ST_OK, "clean but for a known false positive (%s), which a reference fix declares",
			      rl_category_name(tolerated_cat));
	else if (blind_here[0])	/* said of the participant's program */
		it = ex_add_item(ck, label, ST_NOTE, "blind to your program: %s",
			      blind_here);
	else if (blind && blind->kind == RL_EXPECT_BLIND)
		it = ex_add_item(ck, label, ST_NOTE, "clean, but blind to this bug: %s",
			      blind->reason ? blind->reason : "");
	else if (d->build == RL_BUILD_EXPLORE)
		it = ex_add_item(ck, label, ST_OK, "no schedule of its search broke it (forcing off)");
	else
		it = ex_add_item(ck, label, ST_OK, "clean in %d run%s", runs,
			      runs == 1 ? "" : "s");
	return 0;
}

/* Valgrind's: they take seconds where the others take a fraction */
static int is_slow(const struct rl_detector *d)
{
	return d->tool && !strcmp(d->tool, "valgrind");
}

const struct item *ex_first_failure(const struct check *ck)
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
	if (!t->stop_at_fail || !ex_first_failure(ck))
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
	ex_print_item(t, ex_add_item(ck, "the rest", ST_NOTE,
			       "not run: one failing line is enough to say not solved (--all runs every detector)"));
}

/* Builds and runs the copy; fills ck. Prints each item as it is known,
 * unless quiet. */
void ex_check_copy(struct target *t, int runs, struct check *ck)
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
	ex_progress_set(t, "building your copy");
	ex_rules_start(t);
	if (rl_build(&b, RL_BUILD_PLAIN, err, sizeof err) != 0) {
		ex_rules_stop();
		ex_print_item(t, ex_add_item(ck, "compiles", ST_FAIL, "%s", err));
		ck->build_s = ck->total_s = since(t0);
		return;
	}
	ck->compiled = 1;
	ex_rules(t, ck);
	ex_print_item(t, &ck->items[ck->nitems - 1]);
	if (ck->items[ck->nitems - 1].st == ST_FAIL) {
		/* no tool's verdict on such a copy counts: say so at once,
		 * not after every tool has run */
		ex_print_item(t, ex_add_item(ck, "the rest", ST_NOTE,
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
	have_probe = ex_probe_build(t, so, sizeof so, err, sizeof err) == 0 &&
		     ex_reference_probe(t, so, &ref) == 0;
	if (have_probe)
		ex_probe_env(so, t->stem);
	certain = ex_run_detector(t, rl_detector_find("native"), runs, ck,
			       have_probe ? &p : NULL);
	stuck = certain == 2;
	certain = certain == CERTAIN;
	unsetenv("LD_PRELOAD");
	ex_print_item(t, &ck->items[ck->nitems - 1]);
	if (have_probe)
		ex_judge_probe(ck, &p, &ref, stuck);
	else
		ex_add_item(ck, "threads", ST_NOTE, "not counted: %s", err);
	ex_print_item(t, &ck->items[ck->nitems - 1]);
	if (stuck || certain || failed_yet(t, ck)) {
		/* every other detector would wait as long, and longer */
		if (stuck)
			ex_print_item(t, ex_add_item(ck, "the rest", ST_NOTE,
					       "not run: the program does not end by itself"));
		else if (certain)
			ex_print_item(t, ex_add_item(ck, "the rest", ST_NOTE,
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

		ex_progress.on = 0;	/* the parent's line alone */
		rl_runner_on_tick(NULL);
		rl_runner_init();
		for (int d = 0; rl_detectors[d]; d++)
			if (is_slow(rl_detectors[d]))
				ex_run_detector(t, rl_detectors[d], 1, &mine, NULL);
		a = json_pack("{s:o, s:f}", "items", ex_items_json(&mine),
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
				ex_progress_set(t, "building your copy for explore");
				if (rl_build(&b, RL_BUILD_EXPLORE, err, sizeof err) != 0) {
					ex_print_item(t, ex_add_item(ck, "compiles", ST_FAIL, "%s", err));
					unbuilt[RL_BUILD_EXPLORE] = 1;
				}
				if (!unbuilt[RL_BUILD_EXPLORE]) {
					ex_progress_set(t, "work: counting your threads' writes");
					ex_judge_work(t, ck, have_probe && p.ok ? p.v[0] : 0);
					if (failed_yet(t, ck)) {
						ex_print_item(t, &ck->items[ck->nitems - 1]);
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
				ex_progress_set(t, "building your copy with ThreadSanitizer");
				if (rl_build(&b, RL_BUILD_TSAN, err, sizeof err) != 0) {
					ex_print_item(t, ex_add_item(ck, "compiles", ST_FAIL, "%s", err));
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

					ex_print_item(t, ex_add_item(ck, "compiles", ST_FAIL, "%s",
							       text ? text : "gcc's build did not finish"));
					free(text);
					unbuilt[RL_BUILD_TSAN_GCC] = 1;
				}
			}
			if (det->build != RL_BUILD_NONE && unbuilt[det->build])
				continue;
			certain = ex_run_detector(t, det, det->judged_on == RL_ON_LIVENESS ||
						   det->build == RL_BUILD_EXPLORE ? 1 : runs,
					       ck, NULL) == CERTAIN;
			for (; n < ck->nitems; n++)
				ex_print_item(t, &ck->items[n]);
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
				ex_print_item(t, ex_add_item(ck, "the rest", ST_NOTE,
						       "not run: the watchdog's finding is certain, and each would end the same way"));
				goto out;
			}
		}
	for (int d = 0; t->slow_after && rl_detectors[d]; d++)
		if (is_slow(rl_detectors[d]) && !failed_yet(t, ck))
			ex_run_detector(t, rl_detectors[d], 1, ck, NULL);
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

		ex_progress_set(t, "helgrind and drd, beside the others");
		/* the line's time goes on while the parent waits */
		for (;;) {
			struct timespec tick = { 0, 200 * 1000 * 1000 };
			pid_t r = waitpid(slow, &status, WNOHANG);

			if (r == slow || (r < 0 && errno != EINTR))
				break;
			nanosleep(&tick, NULL);
			if (ex_progress.what[0])
				ex_progress_draw();
		}
		ex_progress_clear();
		a = json_load_file(slow_file, 0, &jerr);
		if (a && json_is_array(json_object_get(a, "items"))) {
			ex_items_from_json(ck, json_object_get(a, "items"));
			ck->slow_s = json_real_value(json_object_get(a, "seconds"));
		} else
			ex_add_item(ck, "helgrind, drd", ST_FAIL, "their runs gave no answer (%s)",
				 jerr.text);
		json_decref(a);
		for (; n < ck->nitems; n++)
			ex_print_item(t, &ck->items[n]);
	}
	ex_progress_clear();
	ck->total_s = since(t0);
}

int ex_solved(const struct check *ck)
{
	return ck->compiled && !ex_first_failure(ck);
}

int ex_target_init(struct target *t, const struct options *o,
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

void ex_target_free(struct target *t)
{
	rl_contract_free(&t->broken);
	rl_contract_free(&t->fixed);
	for (int k = 1; k < t->nfixes; k++)
		rl_contract_free(&t->fixes[k]);
}
