/* reference.c - the copy measured against the reference fix: racelab's
 * probe (probe.c) counts threads, forks and sleeps, work.c who does the
 * work; the reference fix's numbers are kept beside the copy, and the
 * "threads" and "work" items judge the copy's against them
 * (exercise_int.h).
 */
#define _GNU_SOURCE
#include "exercise_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness/build.h"
#include "harness/output.h"
#include "harness/runner.h"
#include "harness/session.h"
#include "harness/util.h"
#include "work.h"

#define WORK_TIMEOUT_S 30	/* the work run (workshop/work.h), the copy's and the reference's */

/* Builds probe.so once, into DIR/.racelab, from harness/workshop. */
int ex_probe_build(const struct target *t, char *so, size_t len,
		char *err, size_t errlen)
{
	char src[PATH_MAX], log[PATH_MAX + 32];
	struct stat a, b;
	struct rl_spawn s = { 0 };
	struct rl_outcome out;
	int rc = -1;

	snprintf(src, sizeof src, "%s/harness/workshop/probe.c", t->o->root);
	snprintf(so, len, "%s/../probe.so", t->state);
	if (stat(src, &a) != 0) {
		snprintf(err, errlen, "racelab's probe, %s, is missing", src);
		return -1;
	}
	if (stat(so, &b) == 0 && b.st_mtime >= a.st_mtime)
		return 0;
	snprintf(log, sizeof log, "%s.log", so);
	rl_spawn_arg(&s, "clang");
	rl_spawn_arg(&s, "-shared");
	rl_spawn_arg(&s, "-fPIC");
	rl_spawn_arg(&s, "-O1");
	rl_spawn_arg(&s, "-o");
	rl_spawn_arg(&s, "%s", so);
	rl_spawn_arg(&s, "%s", src);
	rl_spawn_arg(&s, "-ldl");
	s.stdout_path = log;
	s.stderr_path = log;
	s.timeout_s = 60;
	s.term_grace_s = 1;
	s.max_output_bytes = 1 << 20;
	if (rl_run(&s, &out) == 0 && out.how == RL_EXITED && out.exit_code == 0)
		rc = 0;
	else
		snprintf(err, errlen, "racelab's probe did not build (see %s)", log);
	rl_spawn_free(&s);
	return rc;
}

void ex_probe_read(const char *path, struct probe *p)
{
	size_t len;
	char *text = rl_read_file(path, &len);

	memset(p, 0, sizeof *p);
	if (text && sscanf(text, "%d %d %d %d", &p->v[0], &p->v[1], &p->v[2],
			   &p->v[3]) == PROBE_FIELDS)
		p->ok = 1;
	free(text);
}

/* The environment of a probed run: the probe loaded, told which
 * executable is the program (by its real path, as /proc/self/exe says). */
void ex_probe_env(const char *so, const char *stem)
{
	char *real = realpath(stem, NULL), *real_so = realpath(so, NULL);

	setenv("LD_PRELOAD", real_so ? real_so : so, 1);
	setenv("RACELAB_PROBE_EXE", real ? real : stem, 1);
	free(real);
	free(real_so);
}

/* The reference fix, fixed/NAME.c, built as kind into dir. */
static int build_reference(const struct target *t, enum rl_build kind,
			   const char *dir, char *err, size_t errlen)
{
	char fix[PATH_MAX], runtime[PATH_MAX + 32];
	struct rl_build_spec b = { 0 };

	snprintf(fix, sizeof fix, "%s/fixed/%s.c", t->o->root, t->name);
	snprintf(runtime, sizeof runtime, "%s/harness/explore/rt.c", t->o->root);
	if (rl_make_dirs(dir) != 0) {
		snprintf(err, errlen, "folder %s could not be made", dir);
		return -1;
	}
	b.sources[0] = fix;
	b.nsources = 1;
	b.include_dir = t->include;
	b.dir = dir;
	b.stem = t->name;
	b.runtime = kind == RL_BUILD_EXPLORE ? runtime : NULL;
	return rl_build(&b, kind, err, errlen);
}

/* The reference fix's counts, measured once and kept beside the copy. */
int ex_reference_probe(struct target *t, const char *so, struct probe *ref)
{
	char cached[PATH_MAX + 32], fix[PATH_MAX], dir[PATH_MAX + 16], err[768];
	char build_dir[PATH_MAX + 32];
	struct target rt = *t;
	struct check scratch = { 0 };

	snprintf(cached, sizeof cached, "%s/reference.probe", t->state);
	ex_probe_read(cached, ref);
	if (ref->ok)
		return 0;
	snprintf(fix, sizeof fix, "%s/fixed/%s.c", t->o->root, t->name);
	snprintf(dir, sizeof dir, "%s/reference", t->state);
	snprintf(build_dir, sizeof build_dir, "%s/build", dir);
	if (build_reference(t, RL_BUILD_PLAIN, build_dir, err, sizeof err) != 0)
		return -1;
	snprintf(rt.stem, sizeof rt.stem, "%s/%s", build_dir, t->name);
	snprintf(rt.state, sizeof rt.state, "%s", dir);
	rt.copy = fix;
	rt.quiet = 1;
	/* one run: the counts come from the program's structure (threads
	 * out from create to join), not from how the scheduler ran them */
	ex_probe_env(so, rt.stem);
	ex_run_detector(&rt, rl_detector_find("native"), 1, &scratch, ref);
	unsetenv("LD_PRELOAD");
	if (ref->ok) {
		FILE *f = rl_output_open(cached);

		if (f) {
			fprintf(f, "%d %d %d %d\n", ref->v[0], ref->v[1], ref->v[2], ref->v[3]);
			fclose(f);
		}
	}
	return ref->ok ? 0 : -1;
}

/* The reference fix's work (workshop/work.h), measured once from its
 * explore build and kept beside the copy. */
static int reference_work(const struct target *t, struct rl_work *ref,
			  char *err, size_t errlen)
{
	char cached[PATH_MAX + 32], build_dir[PATH_MAX + 32];
	char bin[PATH_MAX + 300];

	snprintf(cached, sizeof cached, "%s/reference.work", t->state);
	if (rl_work_load(ref, cached) == 0)
		return 0;
	snprintf(build_dir, sizeof build_dir, "%s/reference/build", t->state);
	if (build_reference(t, RL_BUILD_EXPLORE, build_dir, err, errlen) != 0)
		return -1;
	snprintf(bin, sizeof bin, "%s/%s_explore", build_dir, t->name);
	if (rl_work_measure(bin, build_dir, WORK_TIMEOUT_S, ref, err, errlen) != 0)
		return -1;
	rl_work_save(ref, cached);
	return 0;
}

/* Do the threads the copy starts do the exercise's work at once, or
 * does main, with decoys beside it, or do they take turns? From the
 * copy's explore build; the caller prints the item. */
void ex_judge_work(const struct target *t, struct check *ck, int started)
{
	struct rl_work copy, ref;
	char bin[PATH_MAX + 300], dir[PATH_MAX + 16], err[512];
	char why[400], ref_why[400];
	enum rl_work_verdict v;
	struct item *it;

	if (reference_work(t, &ref, err, sizeof err) != 0) {
		ex_add_item(ck, "work", ST_NOTE, "not counted: the reference fix: %s", err);
		return;
	}
	snprintf(dir, sizeof dir, "%s/build", t->state);
	snprintf(bin, sizeof bin, "%s/%s_explore", dir, t->name);
	if (rl_work_measure(bin, dir, WORK_TIMEOUT_S, &copy, err, sizeof err) != 0) {
		ex_add_item(ck, "work", ST_NOTE, "not counted: %s", err);
		return;
	}
	v = rl_work_judge(&copy, &ref, started, why, sizeof why, ref_why,
			  sizeof ref_why);
	if (v == RL_WORK_OK || v == RL_WORK_UNKNOWN) {
		ex_add_item(ck, "work", v == RL_WORK_OK ? ST_OK : ST_NOTE, "%s", why);
		return;
	}
	it = ex_add_item(ck, "work", ST_FAIL, "%s", why);
	snprintf(err, sizeof err, "  %s", ref_why);
	ex_add_detail(it, err);
	ex_add_detail(it, v == RL_WORK_DECOY ?
		   "  a fix keeps the work on the threads: done by main alone, it can race with nothing" :
		   "  a fix lets the threads work at once and makes each update safe; taking turns runs them one after another");
}

/* Does the copy still do its work at the same time, as the reference
 * fix does? */
void ex_judge_probe(struct check *ck, const struct probe *p,
		 const struct probe *ref, int stuck)
{
	struct item *it;

	if (!p->ok || !ref->ok) {
		ex_add_item(ck, "threads", ST_NOTE, "not counted (the program's run gave no counts)");
		return;
	}
	if (p->v[0] < ref->v[0]) {
		it = ex_add_item(ck, "threads", ST_FAIL, "%d thread%s started; the exercise needs %d",
			      p->v[0], p->v[0] == 1 ? "" : "s", ref->v[0]);
		ex_add_detail(it, "  a fix keeps the work on as many threads: fewer threads hide the bug");
		if (stuck && p->v[0] > 0)
			ex_add_detail(it, "  and here the first waited for the others to join it (rl_window), which were to start only after it ended");
		return;
	}
	if (ref->v[1] >= 2 && p->v[1] < 2) {
		it = ex_add_item(ck, "threads", ST_FAIL, "never two at once: each thread was joined before the next was created");
		ex_add_detail(it, "  joining each thread right after creating it makes the program serial");
		return;
	}
	if (p->v[2] < ref->v[2]) {
		it = ex_add_item(ck, "threads", ST_FAIL, "%d process%s forked; the exercise needs %d",
			      p->v[2], p->v[2] == 1 ? "" : "es", ref->v[2]);
		return;
	}
	if (p->v[3] > ref->v[3]) {
		it = ex_add_item(ck, "threads", ST_FAIL, "it sleeps (%d call%s; the reference fix: %d)",
			      p->v[3], p->v[3] == 1 ? "" : "s", ref->v[3]);
		ex_add_detail(it, "  a sleep makes the bad timing rarer; it orders nothing");
		return;
	}
	ex_add_item(ck, "threads", ST_OK, "%d started, up to %d at once", p->v[0], p->v[1]);
}
