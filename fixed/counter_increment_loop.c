/* racelab fix: counter_increment_loop */
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
