/* racelab fix: greedy_relock
 * fairness: min-jain 0.75
 */
#include <stdio.h>

#include "racelab.h"

enum { LINES = 200 };

/* A ticket lock: take a number, wait until it is served. */
struct ticket_lock {
	pthread_mutex_t mutex;
	pthread_cond_t turn;
	unsigned long next, serving;
};

static struct ticket_lock log_lock = { PTHREAD_MUTEX_INITIALIZER,
				       PTHREAD_COND_INITIALIZER, 0, 0 };
static long lines[2];		/* written by the logger, the reporter */
static int logger_done;

static void ticket_lock(struct ticket_lock *t)
{
	unsigned long mine;

	RL_CHECK(pthread_mutex_lock(&t->mutex));
	mine = t->next++;
	while (t->serving != mine)
		RL_CHECK(pthread_cond_wait(&t->turn, &t->mutex));
	RL_CHECK(pthread_mutex_unlock(&t->mutex));
}

static void ticket_unlock(struct ticket_lock *t)
{
	RL_CHECK(pthread_mutex_lock(&t->mutex));
	t->serving++;
	RL_CHECK(pthread_cond_broadcast(&t->turn));
	RL_CHECK(pthread_mutex_unlock(&t->mutex));
}

/* Two rl_window()s with the mutex held: the reporter tries it between
 * them, so every try finds it taken - as nearly every try would anyway. */
static void *logger(void *arg)
{
	(void)arg;
	rl_thread_name("logger");
	for (int i = 0; i < LINES; i++) {
		ticket_lock(&log_lock);
		rl_window();
		rl_window();
		lines[0]++;
		rl_progress();
		logger_done = i == LINES - 1;
		ticket_unlock(&log_lock);
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
		rl_window();	/* as before: ask while the logger holds it */
		ticket_lock(&log_lock);
		done = logger_done;
		if (!done) {
			lines[1]++;
			rl_progress();
		}
		ticket_unlock(&log_lock);
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
