/* racelab case: semaphore_wrong_count
 * bug: three workers add to a shared tally under a semaphore used as a
 *   mutex, but it starts at 2, so two of them are inside the critical
 *   section at once: both load the same tally, both store it + 1, and one
 *   deposit is lost. (The third waits: the semaphore works, with the wrong count.)
 * class: semaphore
 * concepts: semaphore, critical section, mutual exclusion, atomicity
 * expect native: lost-update
 * expect tsan: data-race
 * expect tsan-gcc: data-race
 * expect helgrind: data-race
 * expect drd: data-race
 * expect watchdog: blind - not a liveness bug: every thread runs to the end
 * expect explore: lost-update
 * symptom: the final tally is below workers x rounds, every run.
 * fix: start the semaphore at 1: a binary semaphore lets one thread in at a time.
 * hint: how many threads can be past sem_wait() at the same time?
 * hint: a semaphore's initial value is how many permits there are to hand out.
 */
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
	long seen = tally;	/* racelab:mark load */
	rl_window();
	tally = seen + 1;	/* racelab:mark store */
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

	RL_CHECK_ERRNO(sem_init(&permits, 0, 2));	/* racelab:mark init */
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
