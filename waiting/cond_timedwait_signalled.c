/* racelab case: cond_timedwait_signalled
 * bug: none - a correct program that waits: main waits in pthread_cond_timedwait (5 s deadline) and a worker that first usleep()s 0.5 s sets the flag and signals it.
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
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int value;	/* 0 until the worker delivers */

static void *worker(void *arg)
{
	(void)arg;
	usleep(500000);
	CHECK(pthread_mutex_lock(&lock));
	value = 42;
	CHECK(pthread_cond_signal(&cond));
	CHECK(pthread_mutex_unlock(&lock));
	return NULL;
}

int main(void)
{
	pthread_t t;
	struct timespec deadline;
	int rc = 0;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += 5;
	CHECK(pthread_create(&t, NULL, worker, NULL));
	CHECK(pthread_mutex_lock(&lock));
	while (value == 0 && rc == 0)
		rc = pthread_cond_timedwait(&cond, &lock, &deadline);
	CHECK(rc);
	if (value != 42) {
		fprintf(stderr, "got %d, expected 42\n", value);
		return 1;
	}
	CHECK(pthread_mutex_unlock(&lock));
	CHECK(pthread_join(t, NULL));
	printf("signalled with %d\n", 42);
	return 0;
}
