/* racelab case: lock_across_read
 * bug: the logger thread holds the log lock while it read()s the pipe for
 *   the next message, so that it can append at once. The sender must take
 *   the same lock to number its message before it writes it to the pipe:
 *   the logger waits for a message only the sender can write, and the
 *   sender waits for a lock only the logger can release.
 * class: deadlock
 * concepts: mutex, blocking I/O, hold and wait, deadlock, critical section length
 * expect native: blind - the program hangs before the first message, so its own check never runs
 * expect tsan: blind - a thread asleep in read() holds no lock TSan can order against another; the lock call that never returns is an ordinary wait to it, and it reports no hangs
 * expect tsan-gcc: blind - a thread asleep in read() holds no lock TSan can order against another; the lock call that never returns is an ordinary wait to it, and it reports no hangs
 * expect helgrind: blind - Helgrind knows of the lock but not of the pipe: a thread blocked in read() holding a lock is legal, and it reports no hangs
 * expect drd: blind - DRD knows of the lock but not of the pipe: a thread blocked in read() holding a lock is legal, and it reports no hangs
 * expect watchdog: lost-wakeup - a deadlock really, a cycle through a lock and a pipe: the watchdog resolves a pipe's other end to a process, not to a thread, so it finds no thread holding what the logger waits for and names the hang a lost wakeup
 * expect explore: blind - the logger waits in a real read() on a pipe, a wait outside the program that no schedule can end, so the search stops, partial
 * symptom: the program hangs before the first message is logged, every run.
 * fix: read() without the lock, then take it only to append: never hold a lock across a call that waits for another thread.
 * hint: which thread can make read() return, and what does that thread need first?
 * hint: does the logger need the lock while it waits, or only once it has a message?
 */
#include <stdio.h>

#include "racelab.h"

enum { MESSAGES = 100 };

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int next_number;		/* the sender's, under log_lock */
static int logged[MESSAGES];	/* the log: message numbers, in order */
static int nlogged;
static int pipe_fds[2];
static rl_event reading = RL_EVENT_INIT;

static void *logger(void *arg)
{
	int number;

	(void)arg;
	for (int i = 0; i < MESSAGES; i++) {
		rl_lock(&log_lock);
		rl_event_post(&reading);
		if (read(pipe_fds[0], &number, sizeof number) != sizeof number)	/* racelab:mark read */
			rl_check_(EIO, "read", __FILE__, __LINE__);
		logged[nlogged++] = number;
		rl_unlock(&log_lock);
	}
	return NULL;
}

static void *sender(void *arg)
{
	int number;

	(void)arg;
	rl_event_wait(&reading);	/* the logger is on its way to read() */
	for (int i = 0; i < MESSAGES; i++) {
		rl_lock(&log_lock);	/* racelab:mark lock */
		number = next_number++;
		rl_unlock(&log_lock);
		if (write(pipe_fds[1], &number, sizeof number) != sizeof number)
			rl_check_(EIO, "write", __FILE__, __LINE__);
	}
	return NULL;
}

int main(void)
{
	pthread_t threads[2];
	int out_of_order = 0;

	RL_CHECK_ERRNO(pipe(pipe_fds));
	RL_CHECK(pthread_create(&threads[0], NULL, logger, NULL));
	RL_CHECK(pthread_create(&threads[1], NULL, sender, NULL));
	for (int i = 0; i < 2; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	for (int i = 0; i < nlogged; i++)
		out_of_order += logged[i] != i;
	printf("%d messages logged, %d out of order\n", nlogged, out_of_order);
	if (nlogged != MESSAGES || out_of_order)
		rl_symptom("wrong-result", "%d messages logged (%d out of order), expected %d in order",
			   nlogged, out_of_order, MESSAGES);
	return 0;
}
