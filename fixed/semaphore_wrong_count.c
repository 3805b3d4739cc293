/* racelab fix: semaphore_wrong_count */
#include <stdio.h>

#include "racelab.h"

enum { WORKERS = 3, ROUNDS = 100 };

static sem_t permits;
static long tally;

/* rl_window() holds the gap between load and store open until every
 * worker has loaded or is waiting in sem_wait(). */
static void deposit(void)
{
	rl_sem_wait(&permits);
	long seen = tally;
	rl_window();
	tally = seen + 1;
	RL_CHECK_ERRNO(sem_post(&permits));
}

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++)
		deposit();
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t threads[WORKERS];
	const long expected = (long)WORKERS * ROUNDS;

	RL_CHECK_ERRNO(sem_init(&permits, 0, 1));
	rl_window_init(WORKERS);
	for (int i = 0; i < WORKERS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, worker, NULL));
	for (int i = 0; i < WORKERS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	printf("tally = %ld (expected %ld)\n", tally, expected);
	if (tally != expected)
		rl_symptom("lost-update", "tally is %ld, expected %ld: %ld deposits lost",
			   tally, expected, expected - tally);
	RL_CHECK_ERRNO(sem_destroy(&permits));
	return 0;
}
