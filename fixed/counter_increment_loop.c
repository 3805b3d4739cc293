/* racelab case: counter_increment_loop
 * bug: four workers run `counter++` in a loop with no lock. The one
 *   statement is a load, an add and a store (here a single `addq` with no
 *   `lock` prefix): two cores running it at the same moment both load the
 *   same value, and one increment is lost.
 * class: non-atomic-increment
 * concepts: atomicity, critical section, mutex, data race
 * symptom: the final count is below workers x rounds - by chance: only while two workers run on two cores at once (never on one core: `addq` is one instruction; never under Valgrind, whose threads take turns); measured 0/20, 5/20 and 6/20 on this 2-vCPU machine while busy, up to 20/20 when idle, so the native verdict is `missed` in most runs
 * fix: hold one mutex around counter++.
 * hint: how many steps does the CPU take for counter++?
 * hint: what if two cores take those steps at the same time?
 */
#include <stdio.h>

#include "racelab.h"

enum { WORKERS = 4, ROUNDS = 10000 };

/* volatile keeps each counter++ a real load-add-store inside the loop (at
 * -O1 the compiler would fold the loop into one add); it makes nothing
 * atomic. Nothing holds a window open here: one statement has no gap to
 * put rl_window() in, so the loss is left to the scheduler. */
static volatile long counter;
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		RL_CHECK(pthread_mutex_lock(&counter_lock));
		counter++;
		RL_CHECK(pthread_mutex_unlock(&counter_lock));
	}
	return NULL;
}

int main(void)
{
	pthread_t threads[WORKERS];
	const long expected = (long)WORKERS * ROUNDS;

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
