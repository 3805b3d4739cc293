/* misuse.c - API misuse the Valgrind tools report outside races and lock
 * unlocking a mutex another thread holds, unlocking something that is not
 * a lock, waiting on a condvar without its mutex, a barrier of count zero
 * and a semaphore initialised beyond SEM_VALUE_MAX.
 */
#include "racelab.h"

#include <semaphore.h>
#include <time.h>

static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static rl_event locked = RL_EVENT_INIT, unlocked = RL_EVENT_INIT;
static long not_a_lock[8];

static void *holder(void *arg)
{
	RL_CHECK(pthread_mutex_lock(&held));	/* @foreign-lock */
	rl_event_post(&locked);
	rl_event_wait(&unlocked);
	return arg;
}

int main(void)
{
	pthread_t t;
	pthread_barrier_t bar;
	sem_t sem;
	struct timespec soon;

	RL_CHECK(pthread_create(&t, NULL, holder, NULL));
	rl_event_wait(&locked);
	pthread_mutex_unlock(&held);	/* @unlock-foreign */
	rl_event_post(&unlocked);
	RL_CHECK(pthread_join(t, NULL));

	pthread_mutex_unlock((pthread_mutex_t *)not_a_lock);	/* @unlock-bogus */

	RL_CHECK(pthread_mutex_lock(&m));	/* so Helgrind knows m as a mutex */
	RL_CHECK(pthread_mutex_unlock(&m));
	clock_gettime(CLOCK_REALTIME, &soon);
	soon.tv_nsec = 0;	/* in the past: returns at once */
	pthread_cond_timedwait(&cv, &m, &soon);	/* @cond-unheld */

	pthread_barrier_init(&bar, NULL, 0);	/* @barrier-zero */
	sem_init(&sem, 0, (unsigned)-1);	/* @sem-too-big */
	return 0;
}
