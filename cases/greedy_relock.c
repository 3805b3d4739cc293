/* racelab case: greedy_relock
 * bug: the logger writes its lines in a tight loop, unlocking the log
 *   mutex after each line and locking it again at once, "to let the
 *   others in". The reporter polls for the mutex (pthread_mutex_trylock,
 *   and on EBUSY it tries again). A mutex keeps no turns: each try lands
 *   while the logger holds it again, and the reporter, which should add
 *   its status lines in between, gets in only when the logger is done.
 * class: starvation
 * concepts: mutex, starvation, fairness, ticket lock, condition variable
 * fairness: min-jain 0.75
 * expect native: blind - the program ends with the right result; the starvation is in the threads' shares of the lines, which the program does not judge
 * expect tsan: blind - every access is under the mutex, so there is no race, and TSan does not weigh who gets a lock how often
 * expect tsan-gcc: blind - every access is under the mutex, so there is no race, and TSan does not weigh who gets a lock how often
 * expect helgrind: blind - the locking is correct; Helgrind checks lock use and races, not who gets a lock how often
 * expect drd: blind - the locking is correct; DRD checks lock use and races, not who gets a lock how often
 * expect watchdog: starvation
 * expect explore: blind - starvation: explore runs the program to its end in each schedule, and every schedule it picks lets the starved thread in at last; it does not weigh who waited how long
 * symptom: the reporter writes no line at all while the logger writes its 200, every run: Jain's index over the two threads' lines is 0.5 (limit 0.75; the fix gets 1.0).
 * fix: a ticket lock (a mutex, a condition variable and two counters): each thread takes a number and waits to be served in that order, so the logger's next line waits for the reporter's.
 * hint: between the logger's unlock and its next lock, how long is the mutex free?
 * hint: what could make the logger's next lock wait for a thread that asked before it?
 */
#include <errno.h>
#include <stdio.h>

#include "racelab.h"

enum { LINES = 200 };

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static long lines[2];		/* written by the logger, the reporter */
static int logger_done;

/* How the reporter takes the mutex: it polls. Each try comes while the
 * logger waits in its first rl_window(), the mutex held. */
static void take_log_lock(void)
{
	int rc;

	rl_wait_begin();	/* the watchdog sees the reporter waiting */
	for (;;) {
		rl_window();
		rc = pthread_mutex_trylock(&log_lock);	/* racelab:mark starved */
		if (rc != EBUSY)
			break;
		rl_window();
	}
	rl_wait_end();
	RL_CHECK(rc);
}

/* Two rl_window()s with the mutex held: the reporter tries it between
 * them, so every try finds it taken - as nearly every try would anyway. */
static void *logger(void *arg)
{
	(void)arg;
	rl_thread_name("logger");
	for (int i = 0; i < LINES; i++) {
		rl_lock(&log_lock);	/* racelab:mark greedy */
		rl_window();
		rl_window();
		lines[0]++;
		rl_progress();
		logger_done = i == LINES - 1;
		rl_unlock(&log_lock);
	}
	rl_worker_done();
	return NULL;
}

/* Adds a status line between the logger's, until the logger is done. */
static void *reporter(void *arg)
{
	int done;

	(void)arg;
	rl_thread_name("reporter");
	do {
		take_log_lock();
		done = logger_done;
		if (!done) {
			lines[1]++;
			rl_progress();
		}
		rl_unlock(&log_lock);
	} while (!done);
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	rl_marks_progress();
	rl_window_init(2);
	RL_CHECK(pthread_create(&a, NULL, logger, NULL));
	RL_CHECK(pthread_create(&b, NULL, reporter, NULL));
	RL_CHECK(pthread_join(a, NULL));
	RL_CHECK(pthread_join(b, NULL));
	printf("logger wrote %ld lines, reporter %ld\n", lines[0], lines[1]);
	return 0;
}
