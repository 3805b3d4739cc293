/* racelab case: cancel_holding_lock
 * bug: a consumer thread holds the queue lock for its whole loop and lets
 *   go of it only inside pthread_cond_wait(). main shuts it down with
 *   pthread_cancel(). Deferred cancellation acts at a cancellation point,
 *   here pthread_cond_wait(), which takes the mutex back before the thread
 *   unwinds: the consumer exits holding the lock, and main's next lock of
 *   the queue waits for a thread that no longer exists.
 * class: deadlock
 * concepts: thread cancellation, cancellation points, cleanup handlers, mutex, condition variable
 * expect native: blind - the program hangs after the shutdown, so its own check never runs
 * expect tsan: blind - TSan does not report a thread that exits holding a mutex, and main's lock call that never returns is an ordinary wait to it; it reports no hangs
 * expect tsan-gcc: blind - TSan does not report a thread that exits holding a mutex, and main's lock call that never returns is an ordinary wait to it; it reports no hangs
 * expect helgrind: blind - its pthread_cond_wait wrapper marks the mutex released before the wait and never sees it taken back by the cancelled wait, so it knows of no lock the exiting thread holds; main's lock call is an ordinary wait to it
 * expect drd: blind - DRD does not report a thread that exits holding a mutex, and main's lock call that never returns is an ordinary wait to it; it reports no hangs
 * expect watchdog: deadlock
 * expect explore: deadlock
 * symptom: the program hangs after main cancels the consumer, every run: main waits for a mutex whose owner exited holding it.
 * fix: the consumer pushes a cleanup handler, pthread_cleanup_push(unlock), around the code that holds the lock: a cancelled thread runs it as it unwinds, and the lock is released.
 * hint: what does pthread_cond_wait() do with the mutex before it returns - even when it "returns" by cancellation?
 * hint: which code runs in a thread that is cancelled, between the cancellation point and its end?
 */
#include <stdio.h>

#include "racelab.h"

enum { JOBS = 100 };

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_nonempty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t queue_empty = PTHREAD_COND_INITIALIZER;
static int queued, handled;

/* Takes jobs until it is cancelled; the lock is released only while it
 * waits for the next job. */
static void *consumer(void *arg)
{
	(void)arg;
	rl_lock(&queue_lock);
	for (;;) {
		while (queued == 0) {
			RL_CHECK(pthread_cond_signal(&queue_empty));
			RL_CHECK(pthread_cond_wait(&queue_nonempty, &queue_lock));	/* racelab:mark cancelled */
		}
		queued--;
		handled++;
	}
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
	rl_lock(&queue_lock);	/* racelab:mark relock */
	left = queued;
	done = handled;
	rl_unlock(&queue_lock);
	printf("%d jobs handled, %d left\n", done, left);
	if (done != JOBS || left != 0)
		rl_symptom("wrong-result", "%d jobs handled and %d left, expected %d and 0",
			   done, left, JOBS);
	return 0;
}
