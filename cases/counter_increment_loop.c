/* racelab case: counter_increment_loop
 * bug: four workers run `counter++` in a loop with no lock. The one
 *   statement is a load, an add and a store (here a single `addq` with no
 *   `lock` prefix): two cores running it at the same moment both load the
 *   same value, and one increment is lost.
 * class: non-atomic-increment
 * concepts: atomicity, critical section, mutex, data race
 * expect native: lost-update, by chance - only while two workers run on two cores at the same moment; `racelab run counter_increment_loop --runs 20` measures the rate
 * expect tsan: data-race
 * expect tsan-gcc: data-race
 * expect helgrind: data-race
 * expect drd: data-race
 * expect watchdog: blind - not a liveness bug: every thread runs to the end
 * expect explore: lost-update
 * symptom: the final count is below workers x rounds - by chance: only while two workers run on two cores at once (never on one core: `addq` is one instruction; never under Valgrind, whose threads take turns); measured 0/20, 5/20 and 6/20 on this 2-vCPU machine while busy, up to 20/20 when idle; a run without a loss is `not-shown`, while TSan and Helgrind catch the race every run
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

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		counter++;	/* racelab:mark increment */
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
