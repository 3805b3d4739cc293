/* racelab fix: counter_increment
 * fix: make the increment one indivisible step: atomic_fetch_add (on x86-64 one `lock add` instruction), no mutex.
 */
#include <stdatomic.h>
#include <stdio.h>

#include "racelab.h"

enum { WORKERS = 4, ROUNDS = 200 };

static atomic_long counter;

/* counter++ as one atomic read-modify-write: there is no gap between
 * load and store left to hold open, so rl_window() now only lines every
 * worker up to increment at the same moment. (Helgrind stays quiet, but
 * not because it knows C11 atomics: it takes a `lock`-prefixed
 * read-modify-write for a plain read, and reads never race each other.) */
static void increment(void)
{
	rl_window();
	atomic_fetch_add(&counter, 1);
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
