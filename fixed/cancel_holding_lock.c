/* racelab fix: cancel_holding_lock
 * expect helgrind: clean, false-positive mutex-misuse - Helgrind's pthread_cond_wait wrapper marks the mutex released before the wait and never sees the cancelled wait take it back, so the cleanup handler's unlock is to it an "unlock of a not-locked lock"
 */
#include <stdio.h>

#include "racelab.h"

enum { JOBS = 100 };

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_nonempty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t queue_empty = PTHREAD_COND_INITIALIZER;
static int queued, handled;

/* Runs when the consumer is cancelled holding the lock. */
static void unlock_queue(void *lock)
{
	pthread_mutex_unlock(lock);
}

/* Takes jobs until it is cancelled; the lock is released only while it
 * waits for the next job. */
static void *consumer(void *arg)
{
	(void)arg;
	rl_lock(&queue_lock);
	pthread_cleanup_push(unlock_queue, &queue_lock);
	for (;;) {
		while (queued == 0) {
			RL_CHECK(pthread_cond_signal(&queue_empty));
			RL_CHECK(pthread_cond_wait(&queue_nonempty, &queue_lock));
		}
		queued--;
		handled++;
	}
	pthread_cleanup_pop(1);
	return NULL;
}

int main(void)
{
	pthread_t thread;
	int left, done;

	RL_CHECK(pthread_create(&thread, NULL, consumer, NULL));
	for (int i = 0; i < JOBS; i++) {
		rl_lock(&queue_lock);
		queued++;
		RL_CHECK(pthread_cond_signal(&queue_nonempty));
		rl_unlock(&queue_lock);
	}
	rl_lock(&queue_lock);
	while (queued > 0)
		rl_cond_wait(&queue_empty, &queue_lock);
	rl_unlock(&queue_lock);

	/* shut the consumer down, then read what it did */
	RL_CHECK(pthread_cancel(thread));
	RL_CHECK(pthread_join(thread, NULL));
	rl_lock(&queue_lock);
	left = queued;
	done = handled;
	rl_unlock(&queue_lock);
	printf("%d jobs handled, %d left\n", done, left);
	if (done != JOBS || left != 0)
		rl_symptom("wrong-result", "%d jobs handled and %d left, expected %d and 0",
			   done, left, JOBS);
	return 0;
}
