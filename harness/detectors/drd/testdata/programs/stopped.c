/* stopped.c - a correct program that holds a lock for longer than
 * racelab waits: a worker takes the lock and sleeps in it; main reports a
 * real race first (counter, unlocked in both threads). regenerate.sh
 * sends it SIGTERM, as racelab does at its time limit, and Valgrind then
 * reports "Exiting thread still holds 1 lock" after its <fatal_signal>:
 * an artefact of the stop, not the program's.
 */
#include <time.h>

#include "racelab.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int counter;
static rl_event raced = RL_EVENT_INIT;

static void *worker(void *arg)
{
	struct timespec long_time = { 45, 0 };

	counter++;	/* @stopped-race-worker */
	rl_event_post(&raced);
	RL_CHECK(pthread_mutex_lock(&lock));
	nanosleep(&long_time, NULL);	/* @stopped-holds */
	RL_CHECK(pthread_mutex_unlock(&lock));
	return arg;
}

int main(void)
{
	pthread_t t;

	RL_CHECK(pthread_create(&t, NULL, worker, NULL));
	rl_event_wait(&raced);
	counter++;	/* @stopped-race-main */
	RL_CHECK(pthread_join(t, NULL));
	return 0;
}
