/* jobs.c - see jobs.h. */
#define _GNU_SOURCE
#include "jobs.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "results/doc.h"
#include "util.h"

int rl_cores(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
		return CPU_COUNT(&set);
	return 1;
}

static json_t *run_one(const struct rl_layout *l, const struct rl_job *j)
{
	struct rl_result r;
	json_t *row;

	rl_session(l, j->case_name, j->variant, j->detector, j->run, &r);
	row = rl_result_json(&r);
	rl_result_free(&r);
	return row;
}

json_t *rl_job_error_row(const struct rl_job *j, const char *why,
			 const char *next)
{
	return json_pack("{s:s, s:s, s:s, s:i, s:s, s:b, s:s, s:s, s:[], "
			 "s:{s:b, s:[]}}",
			 "case", j->case_name, "variant", j->variant,
			 "detector", j->detector->name, "run", j->run,
			 "verdict", "error", "passed", 0, "why", why, "next",
			 next, "findings", "symptom", "shown", 0, "findings");
}

/* What is known of a run whose worker died before reporting it. */
static json_t *lost_row(const struct rl_job *j, const char *why)
{
	return rl_job_error_row(j, why,
				"Run it alone: `./racelab run CASE --jobs 1`.");
}

/* In the worker: its runs, one JSON line each ("INDEX<TAB>{...}"). */
static void work(const struct rl_layout *l, const struct rl_job *jobs,
		 size_t n, size_t first, size_t step, FILE *out,
		 void (*progress)(const struct rl_job *, void *), void *arg)
{
	for (size_t i = first; i < n; i += step) {
		json_t *row;
		char *text;

		if (progress)
			progress(&jobs[i], arg);
		row = run_one(l, &jobs[i]);
		text = json_dumps(row, JSON_COMPACT);
		json_decref(row);
		if (!text)
			continue;	/* the parent says it was lost */
		fprintf(out, "%zu\t%s\n", i, text);
		fflush(out);
		free(text);
	}
}

/* A worker's file of results: in memory (memfd), not tmpfile()'s, which
 * glibc always makes in /tmp whatever $TMPDIR says: a Bazel test must not
 * write the host's /tmp (docs/remote-execution.md). */
static FILE *results_file(void)
{
	int fd = memfd_create("racelab-jobs", MFD_CLOEXEC);
	FILE *f;

	if (fd < 0)
		return NULL;
	if (!(f = fdopen(fd, "w+")))
		close(fd);
	return f;
}

/* Reads a worker's lines into rows[]. */
static void collect(FILE *in, json_t **rows, size_t n)
{
	char *line = NULL;
	size_t cap = 0;

	rewind(in);
	while (getline(&line, &cap, in) > 0) {
		char *tab = strchr(line, '\t'), *end;
		unsigned long i = strtoul(line, &end, 10);
		json_t *row;

		if (!tab || end != tab || i >= n || rows[i])
			continue;
		if ((row = json_loads(tab + 1, 0, NULL)))
			rows[i] = row;
	}
	free(line);
}

int rl_run_jobs(const struct rl_layout *l, const struct rl_job *jobs, size_t n,
		int workers, json_t *results,
		void (*progress)(const struct rl_job *, void *), void *arg)
{
	json_t **rows = rl_xcalloc(n ? n : 1, sizeof *rows);
	FILE **files;
	pid_t *pids;
	int failures = 0;

	if (workers > (int)n)
		workers = (int)n;
	if (workers <= 1) {
		for (size_t i = 0; i < n; i++) {
			if (progress)
				progress(&jobs[i], arg);
			rows[i] = run_one(l, &jobs[i]);
		}
		goto out;
	}
	files = rl_xcalloc((size_t)workers, sizeof *files);
	pids = rl_xcalloc((size_t)workers, sizeof *pids);
	fflush(stdout);
	fflush(stderr);
	for (int k = 0; k < workers; k++) {
		pid_t parent = getpid();

		if (!(files[k] = results_file()) || (pids[k] = fork()) < 0) {
			pids[k] = 0;	/* its runs are run here, afterwards */
			continue;
		}
		if (pids[k] == 0) {
			/* ends with racelab, and takes back its own orphans */
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			if (getppid() != parent)
				_exit(1);
			rl_runner_init();
			work(l, jobs, n, (size_t)k, (size_t)workers, files[k],
			     progress, arg);
			fflush(files[k]);
			_exit(0);
		}
		rl_runner_worker(pids[k], 1);
	}
	for (int k = 0; k < workers; k++) {
		int status;

		if (pids[k] > 0)
			while (waitpid(pids[k], &status, 0) < 0 && errno == EINTR)
				;
		if (pids[k] > 0)
			rl_runner_worker(pids[k], 0);
		if (files[k]) {
			collect(files[k], rows, n);
			fclose(files[k]);
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (rows[i])
			continue;
		if (pids[i % (size_t)workers] <= 0)	/* it never started */
			rows[i] = run_one(l, &jobs[i]);
		else
			rows[i] = lost_row(&jobs[i],
					   "racelab's worker for this run ended before it reported it");
	}
	free(files);
	free(pids);
out:
	for (size_t i = 0; i < n; i++) {
		failures += !json_is_true(json_object_get(rows[i], "passed"));
		json_array_append_new(results, rows[i]);
	}
	free(rows);
	return failures;
}
