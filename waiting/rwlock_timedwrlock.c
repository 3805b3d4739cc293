/* racelab case: rwlock_timedwrlock
 * bug: none - a correct program that waits: main waits in pthread_rwlock_timedwrlock (0.4 s deadline) while a reader holds the lock and sleeps 0.6 s; the deadline wakes main with ETIMEDOUT.
 * class: waiting
 * waits-in: futex (timed), then futex (join)
 * symptom: none; it ends on its own in about 0.6 s.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHECK(call) do { int rc_ = (call); if (rc_ != 0) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(rc_)); exit(1); } } while (0)

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t held;	/* main tries only once the reader holds it */

static void *reader(void *arg)
{
	(void)arg;
	CHECK(pthread_rwlock_rdlock(&rw));
	pthread_barrier_wait(&held);
	usleep(600000);
	CHECK(pthread_rwlock_unlock(&rw));
	return NULL;
}

int main(void)
{
	pthread_t t;
	struct timespec deadline;
	int rc;

	CHECK(pthread_barrier_init(&held, NULL, 2));
	CHECK(pthread_create(&t, NULL, reader, NULL));
	pthread_barrier_wait(&held);
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_nsec += 400000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	rc = pthread_rwlock_timedwrlock(&rw, &deadline);
	CHECK(pthread_join(t, NULL));
	CHECK(pthread_barrier_destroy(&held));
	if (rc != ETIMEDOUT) {
		fprintf(stderr, "expected ETIMEDOUT, got %s\n", strerror(rc));
		return 1;
	}
	printf("writer gave up after 0.4 s while the reader held on\n");
	return 0;
}
