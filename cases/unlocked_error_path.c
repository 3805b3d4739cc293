/* racelab case: unlocked_error_path
 * bug: serve() counts every request under stats_lock, but its error path
 *   (a request it cannot parse) bumps `served` and `rejected` with no lock.
 *   Two clients sending bad requests at once would lose counts. In this run
 *   every request is well formed: the unlocked path is there, never taken.
 * class: race
 * concepts: critical section, error paths, static analysis, coverage
 * expect native: blind - every request in this run is well formed, so the error path never runs and no count is lost
 * expect tsan: blind - TSan judges the accesses a run makes; the unlocked ones sit on an error path this run never takes
 * expect tsan-gcc: blind - TSan judges the accesses a run makes; the unlocked ones sit on an error path this run never takes
 * expect helgrind: blind - Helgrind judges the accesses a run makes; the unlocked ones sit on an error path this run never takes
 * expect drd: blind - DRD judges the accesses a run makes; the unlocked ones sit on an error path this run never takes
 * expect watchdog: blind - not a liveness bug: every thread runs to the end
 * expect explore: blind - explore chooses among interleavings, not inputs: in every schedule the requests are well formed, so the error path never runs
 * expect thread-safety: data-race
 * symptom: none in this run; bad requests from two clients at once lose counts.
 * fix: take stats_lock on the error path too.
 * hint: the tools that run the program say nothing. Which lines did the run never reach?
 * hint: clang's analysis reads every path, run or not: which line does it name, and which lock is missing there?
 */
#include <stdio.h>
#include <string.h>

#include "racelab.h"
#include "thread_safety.h"

enum { CLIENTS = 2, REQUESTS = 50 };

static ts_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long served GUARDED_BY(stats_lock);
static long rejected GUARDED_BY(stats_lock);

/* A request is "GET key"; anything else is rejected. */
static void serve(const char *request)
{
	if (strncmp(request, "GET ", 4) != 0) {
		served++;	/* racelab:mark error-served */
		rejected++;	/* racelab:mark error-rejected */
		return;
	}
	ts_mutex_lock(&stats_lock);
	served++;
	ts_mutex_unlock(&stats_lock);
}

static void *client(void *arg)
{
	const char *request = arg;

	for (int i = 0; i < REQUESTS; i++)
		serve(request);
	return NULL;
}

int main(void)
{
	static const char *requests[CLIENTS] = { "GET alpha", "GET beta" };
	pthread_t threads[CLIENTS];
	long total, bad;

	for (int i = 0; i < CLIENTS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, client, (void *)requests[i]));
	for (int i = 0; i < CLIENTS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	ts_mutex_lock(&stats_lock);
	total = served;
	bad = rejected;
	ts_mutex_unlock(&stats_lock);
	printf("%ld requests served, %ld rejected\n", total, bad);
	if (total != (long)CLIENTS * REQUESTS)
		rl_symptom("lost-update", "%ld requests served, expected %ld",
			   total, (long)CLIENTS * REQUESTS);
	return 0;
}
