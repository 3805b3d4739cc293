/* racelab case: timedjoin_np
 * bug: none - a correct program that waits: main waits in pthread_timedjoin_np (5 s deadline) on a worker that sleeps 0.5 s in usleep and returns 42; the worker's end wakes main.
 * class: waiting
 * waits-in: futex (timed join), worker in clock_nanosleep
 * symptom: none; it ends on its own in about 0.5 s.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHECK(call) do { int rc_ = (call); if (rc_ != 0) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(rc_)); exit(1); } } while (0)

static void *worker(void *arg)
{
	(void)arg;
	usleep(500000);
	return (void *)(uintptr_t)42;
}

int main(void)
{
	pthread_t t;
	struct timespec deadline;
	void *res = NULL;

	CHECK(pthread_create(&t, NULL, worker, NULL));
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += 5;
	CHECK(pthread_timedjoin_np(t, &res, &deadline));
	if ((uintptr_t)res != 42) {
		fprintf(stderr, "worker returned %lu, expected 42\n",
			(unsigned long)(uintptr_t)res);
		return 1;
	}
	printf("joined the worker, it returned 42\n");
	return 0;
}
