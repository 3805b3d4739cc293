/* racelab case: join_clock_nanosleep
 * bug: none - a correct program that waits: main waits in pthread_join while the worker sleeps in clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME) until 0.5 s after it started; the worker's return wakes main.
 * class: waiting
 * waits-in: futex (join), worker in clock_nanosleep (absolute)
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

static int on_time;	/* 1 if the worker woke at or after its target; read after the join */

static void *worker(void *arg)
{
	struct timespec target, now;
	int rc;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &target);
	target.tv_nsec += 500000000L;
	if (target.tv_nsec >= 1000000000L) {
		target.tv_sec++;
		target.tv_nsec -= 1000000000L;
	}
	/* an absolute target needs no arithmetic on EINTR: just sleep again */
	while ((rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &target,
				     NULL)) == EINTR)
		;
	CHECK(rc);
	clock_gettime(CLOCK_MONOTONIC, &now);
	on_time = now.tv_sec > target.tv_sec ||
		  (now.tv_sec == target.tv_sec && now.tv_nsec >= target.tv_nsec);
	return NULL;
}

int main(void)
{
	pthread_t t;

	CHECK(pthread_create(&t, NULL, worker, NULL));
	CHECK(pthread_join(t, NULL));
	if (!on_time) {
		fprintf(stderr, "clock_nanosleep() woke before its target\n");
		return 1;
	}
	printf("worker slept until its target\n");
	return 0;
}
