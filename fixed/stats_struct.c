/* racelab fix: stats_struct */
#include <stdio.h>

#include "racelab.h"

enum { SAMPLES = 1000, FASTEST_MS = 10, SLOWEST_MS = 50 };

struct stats {
	long count;
	long sum;	/* ms */
	long max;	/* ms */
};

static struct stats latency;	/* guarded by stats_lock */
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static rl_event counted = RL_EVENT_INIT;

/* rl_event and rl_window() stop the recorder right after `count` until
 * the dashboard has taken its copy: the gap the scheduler opens only now
 * and then. */
static void record(long ms)
{
	RL_CHECK(pthread_mutex_lock(&stats_lock));
	latency.count++;
	rl_event_post(&counted);
	rl_window();
	latency.sum += ms;
	if (ms > latency.max)
		latency.max = ms;
	RL_CHECK(pthread_mutex_unlock(&stats_lock));
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
	RL_CHECK(pthread_mutex_lock(&stats_lock));
	*shown = latency;
	RL_CHECK(pthread_mutex_unlock(&stats_lock));
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
