/* racelab fix: lock_across_read */
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
		rl_event_post(&reading);
		if (read(pipe_fds[0], &number, sizeof number) != sizeof number)
			rl_check_(EIO, "read", __FILE__, __LINE__);
		RL_CHECK(pthread_mutex_lock(&log_lock));
		logged[nlogged++] = number;
		RL_CHECK(pthread_mutex_unlock(&log_lock));
	}
	return NULL;
}

static void *sender(void *arg)
{
	int number;

	(void)arg;
	rl_event_wait(&reading);	/* the logger is on its way to read() */
	for (int i = 0; i < MESSAGES; i++) {
		rl_lock(&log_lock);
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
