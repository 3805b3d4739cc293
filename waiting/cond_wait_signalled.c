/* racelab case: cond_wait_signalled
 * bug: none - a correct program that waits: main waits in an untimed pthread_cond_wait while the worker sleeps 0.5 s in nanosleep, then sets the flag and signals.
 * class: waiting
 * waits-in: futex (untimed)
 * symptom: none; it ends on its own in about 0.5 s.
 */
/* The untimed wait is not a hang: the thread that will signal is alive and
 * asleep in nanosleep, which always wakes. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHECK(call) do { int rc_ = (call); if (rc_ != 0) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(rc_)); exit(1); } } while (0)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int value;

static void *worker(void *arg)
{
	struct timespec nap = { 0, 500000000L };

	(void)arg;
	nanosleep(&nap, NULL);
	CHECK(pthread_mutex_lock(&lock));
	value = 7;
	CHECK(pthread_cond_signal(&cond));
	CHECK(pthread_mutex_unlock(&lock));
	return NULL;
}

int main(void)
{
	pthread_t t;
	int got;

	CHECK(pthread_create(&t, NULL, worker, NULL));
	CHECK(pthread_mutex_lock(&lock));
	while (value == 0)
		CHECK(pthread_cond_wait(&cond, &lock));
	got = value;
	CHECK(pthread_mutex_unlock(&lock));
	CHECK(pthread_join(t, NULL));
	if (got != 7) {
		fprintf(stderr, "got %d, expected 7\n", got);
		return 1;
	}
	printf("woken with %d\n", got);
	return 0;
}
