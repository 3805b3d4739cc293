/* racelab fix: guarded_pointer_not_data */
#include <stdio.h>

#include "racelab.h"
#include "thread_safety.h"

enum { WORKERS = 2, ROUNDS = 100 };

struct stats {
	long hits;
};

static struct stats totals;
static ts_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static struct stats *stats GUARDED_BY(stats_lock) PT_GUARDED_BY(stats_lock) = &totals;

/* rl_window() holds the gap between load and store open until the other
 * worker has loaded too. */
static void record_hit(void)
{
	long seen;

	ts_mutex_lock(&stats_lock);
	seen = stats->hits;
	rl_window();
	stats->hits = seen + 1;
	ts_mutex_unlock(&stats_lock);
}

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++)
		record_hit();
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t threads[WORKERS];
	const long expected = (long)WORKERS * ROUNDS;
	long hits;

	rl_window_init(WORKERS);
	for (int i = 0; i < WORKERS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, worker, NULL));
	for (int i = 0; i < WORKERS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	ts_mutex_lock(&stats_lock);
	hits = stats->hits;
	ts_mutex_unlock(&stats_lock);
	printf("hits = %ld (expected %ld)\n", hits, expected);
	if (hits != expected)
		rl_symptom("lost-update", "%ld hits recorded, expected %ld: %ld lost",
			   hits, expected, expected - hits);
	return 0;
}
