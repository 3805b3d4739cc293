/* racelab fix: counter_increment */
#include <stdio.h>

#include "racelab.h"

enum { WORKERS = 4, ROUNDS = 200 };

static long counter;
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;

/* counter++, spelt out in its steps; rl_window() holds the gap between
 * load and store open until every worker has loaded, which the scheduler
 * otherwise does only now and then. */
static void increment(void)
{
	RL_CHECK(pthread_mutex_lock(&counter_lock));
	long seen = counter;
	rl_window();
	counter = seen + 1;
	RL_CHECK(pthread_mutex_unlock(&counter_lock));
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
