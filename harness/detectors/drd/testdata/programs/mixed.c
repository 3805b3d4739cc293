/* mixed.c - one run with several error kinds, in a fixed order:
 * a data race (thread #3 reads what thread #2 wrote, no lock), a lock-order
 * inversion (a then b, later b then a), an unlock of an unlocked mutex, a
 * thread exiting with a lock held, a condvar signalled with its mutex not
 * held, and the destroy of a locked mutex. rl_event orders the threads
 * without a happens-before edge the tool could see.
 */
#include "racelab.h"

static int shared;
static rl_event written = RL_EVENT_INIT, waiting = RL_EVENT_INIT;
static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t kept = PTHREAD_MUTEX_INITIALIZER, m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready;

static void *writer(void *arg)
{
	shared = 1;	/* @race-write */
	rl_event_post(&written);
	return arg;
}

static void *reader(void *arg)
{
	rl_event_wait(&written);
	return (void *)(long)shared;	/* @race-read */
}

static void *keeper(void *arg)
{
	RL_CHECK(pthread_mutex_lock(&kept));	/* @keeper-lock */
	return arg;	/* @exit-holding */
}

static void *waiter(void *arg)
{
	RL_CHECK(pthread_mutex_lock(&m));
	rl_event_post(&waiting);
	while (!ready)
		RL_CHECK(pthread_cond_wait(&cv, &m));
	RL_CHECK(pthread_mutex_unlock(&m));
	return arg;
}

int main(void)
{
	pthread_t t[4];
	pthread_mutex_t doomed = PTHREAD_MUTEX_INITIALIZER;

	RL_CHECK(pthread_create(&t[0], NULL, writer, NULL));
	RL_CHECK(pthread_create(&t[1], NULL, reader, NULL));
	RL_CHECK(pthread_join(t[0], NULL));
	RL_CHECK(pthread_join(t[1], NULL));

	RL_CHECK(pthread_mutex_lock(&a));	/* @order-a */
	RL_CHECK(pthread_mutex_lock(&b));	/* @order-b */
	RL_CHECK(pthread_mutex_unlock(&b));
	RL_CHECK(pthread_mutex_unlock(&a));
	RL_CHECK(pthread_mutex_lock(&b));
	RL_CHECK(pthread_mutex_lock(&a));	/* @lock-order */
	RL_CHECK(pthread_mutex_unlock(&a));
	RL_CHECK(pthread_mutex_unlock(&b));

	pthread_mutex_unlock(&a);	/* @unlock-unlocked */

	RL_CHECK(pthread_create(&t[2], NULL, keeper, NULL));
	RL_CHECK(pthread_join(t[2], NULL));

	RL_CHECK(pthread_create(&t[3], NULL, waiter, NULL));
	rl_event_wait(&waiting);
	RL_CHECK(pthread_mutex_lock(&m));	/* waiter is in cond_wait now */
	ready = 1;
	RL_CHECK(pthread_mutex_unlock(&m));
	RL_CHECK(pthread_cond_signal(&cv));	/* @dubious-signal */
	RL_CHECK(pthread_join(t[3], NULL));

	RL_CHECK(pthread_mutex_lock(&doomed));
	pthread_mutex_destroy(&doomed);	/* @destroy-locked */
	return 0;
}
