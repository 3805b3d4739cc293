/* racelab case: mutex_timedlock_held
 * bug: none - a correct program that waits: main waits in pthread_mutex_timedlock (5 s deadline) on a mutex that a worker holds while it sleeps 0.5 s; the worker's unlock wakes it.
 * class: waiting
 * waits-in: futex (timed)
 * symptom: none; it ends on its own in about 0.5 s.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHECK(call) do { int rc_ = (call); if (rc_ != 0) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(rc_)); exit(1); } } while (0)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t held;	/* main tries only once the worker holds the lock */
static int value;

static void *worker(void *arg)
{
	(void)arg;
	CHECK(pthread_mutex_lock(&lock));
	pthread_barrier_wait(&held);
	usleep(500000);
	value = 5;
	CHECK(pthread_mutex_unlock(&lock));
	return NULL;
}

int main(void)
{
	pthread_t t;
	struct timespec deadline;
	int got;

	CHECK(pthread_barrier_init(&held, NULL, 2));
	CHECK(pthread_create(&t, NULL, worker, NULL));
	pthread_barrier_wait(&held);
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += 5;
	CHECK(pthread_mutex_timedlock(&lock, &deadline));
	got = value;
	CHECK(pthread_mutex_unlock(&lock));
	CHECK(pthread_join(t, NULL));
	CHECK(pthread_barrier_destroy(&held));
	if (got != 5) {
		fprintf(stderr, "got %d, expected 5\n", got);
		return 1;
	}
	printf("got the lock once the worker let go\n");
	return 0;
}
