/* testlogs.h - the results of the catalogue's Bazel tests, read back.
 *
 * Every test of a case program (harness/case.bzl) is one `racelab test`
 * run, which leaves its result row (result.json) and its raw output as
 * Bazel's undeclared outputs: TESTLOGS/PKG/TEST/test.outputs/outputs.zip,
 * or one such file a shard (TESTLOGS/PKG/TEST/shard_K_of_N/...).
 * `racelab report --from-tests` reads them instead of running the
 * catalogue again: Bazel's cache keeps a result until the program, its
 * build or racelab changes, so what is read is what a fresh run of this
 * checkout gave.
 */
#ifndef RACELAB_TESTLOGS_H
#define RACELAB_TESTLOGS_H

#include <jansson.h>
#include <stddef.h>

#include "jobs.h"

/* The test of a job, as case.bzl names it: "cases/NAME_tsan_gcc_test",
 * "fixed/NAME_ALT_explore_test". Returns -1 when it does not fit. */
int rl_test_of_job(const struct rl_job *j, char *buf, size_t len);

/* For each job, the row its test left, appended to results in the order
 * of jobs, and its raw output unpacked under out (OUT/CASE/VARIANT/
 * DETECTOR/run-1, a part-K folder in it for each shard of a search that
 * Bazel split), the row's paths pointing there. The shards of one
 * search give one row: the first that does not pass, else the first,
 * with every shard's findings and the time of all. A test that left no
 * result (not run, cut short, a result for another run) gives an `error`
 * row that says so. Returns the number of rows that do not pass. */
int rl_results_from_tests(const char *testlogs, const char *out,
			  const struct rl_job *jobs, size_t n, json_t *results);

#endif
