/* racelab case: counter_increment
 * bug: four workers add 1 to a shared counter with no lock. `counter++` is
 *   a load, an add and a store; two workers that load the same value both
 *   store value + 1, and one update is lost.
 * class: non-atomic-increment
 * concepts: atomicity, critical section, mutex, data race
 * expect native: lost-update
 * expect tsan: data-race
 * expect tsan-gcc: data-race
 * expect helgrind: data-race
 * expect drd: data-race
 * expect watchdog: blind - not a liveness bug: every thread runs to the end
 * expect explore: lost-update
 * symptom: the final count is below workers x rounds, every run.
 * fix: hold one mutex from the load to the store.
 * hint: which lines must no other thread run between?
 * hint: a mutex makes the load, the add and the store one step for the others.
 */
#include <stdio.h>

#include "racelab.h"

enum { WORKERS = 4, ROUNDS = 200 };

static long counter;

/* counter++, spelt out in its steps; rl_window() holds the gap between
 * load and store open until every worker has loaded, which the scheduler
 * otherwise does only now and then. */
static void increment(void)
{
	long seen = counter;	/* racelab:mark load */
	rl_window();
	counter = seen + 1;	/* racelab:mark store */
}

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++)
		increment();
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t threads[WORKERS];
	const long expected = (long)WORKERS * ROUNDS;

	rl_window_init(WORKERS);
	for (int i = 0; i < WORKERS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, worker, NULL));
	for (int i = 0; i < WORKERS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	printf("counter = %ld (expected %ld)\n", counter, expected);
	if (counter != expected)
		rl_symptom("lost-update", "counter is %ld, expected %ld: %ld updates lost",
			   counter, expected, expected - counter);
	return 0;
}
