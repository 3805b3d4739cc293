/* A correct program that waits in many ways, each with a timeout: a
 * condition variable waited on with a deadline (signalled late), a
 * semaphore with a deadline that passes, and sleeps. Nothing is wrong. */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static int is_ready;
static sem_t never;

static struct timespec in_ms(long ms)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_nsec += ms * 1000000;
	t.tv_sec += t.tv_nsec / 1000000000;
	t.tv_nsec %= 1000000000;
	return t;
}

static void *producer(void *arg)
{
	struct timespec pause = { 0, 300 * 1000000 };

	(void)arg;
	nanosleep(&pause, NULL);
	pthread_mutex_lock(&lock);
	is_ready = 1;
	pthread_cond_signal(&ready);
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	pthread_t t;
	struct timespec deadline = in_ms(200);
	int timeouts = 0;

	sem_init(&never, 0, 0);
	while (sem_timedwait(&never, &deadline) == -1 && errno == EINTR)
		;
	pthread_create(&t, NULL, producer, NULL);
	pthread_mutex_lock(&lock);
	while (!is_ready) {
		deadline = in_ms(100);
		/* FP: Helgrind, now and then under load, when this wait times
		 * out: "associated lock is not held by calling thread" */
		if (pthread_cond_timedwait(&ready, &lock, &deadline) == ETIMEDOUT)
			timeouts++;
	}
	pthread_mutex_unlock(&lock);
	pthread_join(t, NULL);
	printf("ready after %d timeouts\n", timeouts);
	return 0;
}
