/* racelab case: cond_timedwait_timeout
 * bug: none - a correct program that waits: main waits in pthread_cond_timedwait with a 0.5 s deadline, nobody ever signals, and the timeout wakes it.
 * class: waiting
 * waits-in: futex (timed)
 * symptom: none; it ends on its own in about 0.5 s.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHECK(call) do { int rc_ = (call); if (rc_ != 0) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(rc_)); exit(1); } } while (0)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int ready;	/* never set: nobody signals */

int main(void)
{
	struct timespec deadline;
	int rc = 0;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_nsec += 500000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	CHECK(pthread_mutex_lock(&lock));
	while (!ready && rc == 0)
		rc = pthread_cond_timedwait(&cond, &lock, &deadline);
	CHECK(pthread_mutex_unlock(&lock));
	if (rc != ETIMEDOUT) {
		fprintf(stderr, "expected ETIMEDOUT, got %s\n", strerror(rc));
		return 1;
	}
	printf("timed out after 0.5 s, as expected\n");
	return 0;
}
