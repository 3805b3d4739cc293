/* jobs.h - the runs of a command, on every core.
 *
 * A run's timings are the watchdog's evidence, so runs are never
 * threads of one process: each of J worker processes (forked, each its
 * own child subreaper) takes every J-th run, and writes each result as a
 * line of JSON to a file of its own; the results come back in the order
 * the runs were listed, whatever order they ended in.
 */
#ifndef RACELAB_JOBS_H
#define RACELAB_JOBS_H

#include <jansson.h>
#include <stddef.h>

#include "session.h"

struct rl_job {
	const char *case_name;
	char variant[64];
	const struct rl_detector *detector;
	int run;
};

/* Runs jobs[0..n) with up to `workers` at once (1: here, one after
 * another), appending each result (rl_result_json) to results in the
 * order of jobs. A worker that dies leaves an `error` row for each run
 * it did not report. progress(job, arg), when not NULL, is called in the
 * worker as each run starts. Returns the number of results that do not
 * pass. */
int rl_run_jobs(const struct rl_layout *l, const struct rl_job *jobs, size_t n,
		int workers, json_t *results,
		void (*progress)(const struct rl_job *, void *), void *arg);

/* The row of a run that gave no result of its own: verdict `error`,
 * why and the next step said. */
json_t *rl_job_error_row(const struct rl_job *j, const char *why,
			 const char *next);

/* The number of cores this process may use. */
int rl_cores(void);

#endif
