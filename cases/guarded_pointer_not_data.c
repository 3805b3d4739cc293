/* racelab case: guarded_pointer_not_data
 * bug: the stats pointer is annotated GUARDED_BY(stats_lock), and every
 *   read of the pointer holds the lock; but the workers copy it out and add
 *   to the counters it points to after letting go. GUARDED_BY guards the
 *   pointer, not what it points to: the annotation claims less than the
 *   code needs, so clang checks the pointer, finds it locked, and is quiet.
 * class: race
 * concepts: critical section, static analysis, annotations are claims, pointers
 * expect native: lost-update
 * expect tsan: data-race
 * expect tsan-gcc: data-race
 * expect helgrind: data-race
 * expect drd: data-race
 * expect watchdog: blind - not a liveness bug: every thread runs to the end
 * expect explore: lost-update
 * expect thread-safety: blind - the annotation is wrong, and the analysis checks the claim as written: GUARDED_BY(stats_lock) says only the pointer needs the lock, and every read of the pointer holds it; the counters, which the threads share, are reached through a copy of the pointer, which no annotation covers (PT_GUARDED_BY covers only dereferences of `stats` itself)
 * symptom: the hit count is below workers x rounds, every run.
 * fix: hold the lock while updating the counters, through `stats`
 *   itself, and say so: PT_GUARDED_BY(stats_lock), the data behind the
 *   pointer, which clang then checks at every `stats->`.
 * hint: the dynamic tools and clang disagree. Which one checks the code, and which checks what the code says about itself?
 * hint: what exactly does GUARDED_BY on a pointer protect?
 */
#include <stdio.h>

#include "racelab.h"
#include "thread_safety.h"

enum { WORKERS = 2, ROUNDS = 100 };

struct stats {
	long hits;
};

static struct stats totals;
static ts_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static struct stats *stats GUARDED_BY(stats_lock) = &totals;

/* rl_window() holds the gap between load and store open until the other
 * worker has loaded too. */
static void record_hit(void)
{
	struct stats *s;
	long seen;

	ts_mutex_lock(&stats_lock);
	s = stats;
	ts_mutex_unlock(&stats_lock);
	seen = s->hits;	/* racelab:mark load */
	rl_window();
	s->hits = seen + 1;	/* racelab:mark store */
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
