/* racelab case: stats_struct
 * bug: a recorder updates the latency statistics (count, sum, max) field
 *   by field with no lock while a dashboard thread reads them. The fields
 *   belong together (mean = sum / count, mean <= max), but the dashboard
 *   can read them between two of the updates: count already says one more
 *   sample, sum and max do not have it yet.
 * class: non-atomic-increment
 * concepts: invariant, critical section, atomicity, mutex, consistent snapshot
 * expect native: wrong-result
 * expect tsan: data-race
 * expect tsan-gcc: data-race
 * expect helgrind: data-race
 * expect drd: data-race
 * expect watchdog: blind - not a liveness bug: both threads finish
 * expect explore: wrong-result
 * symptom: the dashboard shows a mean latency below the fastest sample (and above the max), every run.
 * fix: one mutex guards the whole struct: record() holds it across all three updates and the dashboard holds it while it copies the struct.
 * hint: which relation between count, sum and max must a reader always find true?
 * hint: a lock per field would not help: what must one critical section cover?
 */
#include <stdio.h>

#include "racelab.h"

enum { SAMPLES = 1000, FASTEST_MS = 10, SLOWEST_MS = 50 };

struct stats {
	long count;
	long sum;	/* ms */
	long max;	/* ms */
};

static struct stats latency;
static rl_event counted = RL_EVENT_INIT;

/* rl_event and rl_window() stop the recorder right after `count` until
 * the dashboard has taken its copy: the gap the scheduler opens only now
 * and then. */
static void record(long ms)
{
	latency.count++;	/* racelab:mark count */
	rl_event_post(&counted);
	rl_window();
	latency.sum += ms;	/* racelab:mark sum */
	if (ms > latency.max)	/* racelab:mark max */
		latency.max = ms;
}

static void *recorder(void *arg)
{
	(void)arg;
	for (int i = 0; i < SAMPLES; i++)
		record(FASTEST_MS + (i * 7) % (SLOWEST_MS - FASTEST_MS + 1));
	rl_worker_done();
	return NULL;
}

static void *dashboard(void *arg)
{
	struct stats *shown = arg;

	rl_event_wait(&counted);
	*shown = latency;	/* racelab:mark snapshot */
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t rec, dash;
	struct stats shown;

	rl_window_init(2);
	RL_CHECK(pthread_create(&dash, NULL, dashboard, &shown));
	RL_CHECK(pthread_create(&rec, NULL, recorder, NULL));
	RL_CHECK(pthread_join(dash, NULL));
	RL_CHECK(pthread_join(rec, NULL));

	double mean = (double)shown.sum / shown.count;
	printf("dashboard: %ld samples, mean %.1f ms, max %ld ms\n",
	       shown.count, mean, shown.max);
	if (mean < FASTEST_MS || mean > shown.max)
		rl_symptom("wrong-result",
			   "the dashboard read count %ld, sum %ld, max %ld: a mean of %.1f ms, "
			   "yet every sample takes %d..%d ms and no mean passes the max",
			   shown.count, shown.sum, shown.max, mean,
			   FASTEST_MS, SLOWEST_MS);
	return 0;
}
