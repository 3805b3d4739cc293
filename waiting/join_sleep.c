/* racelab case: join_sleep
 * bug: none - a correct program that waits: main waits in pthread_join while the worker sleeps in sleep(1); the worker's return wakes main.
 * class: waiting
 * waits-in: futex (join), worker in clock_nanosleep
 * symptom: none; it ends on its own in about 1 s (sleep() counts whole seconds).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHECK(call) do { int rc_ = (call); if (rc_ != 0) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(rc_)); exit(1); } } while (0)

static void *worker(void *arg)
{
	(void)arg;
	/* sleep() returns the seconds left unslept: 0 when it slept it all */
	return (void *)(uintptr_t)sleep(1);
}

int main(void)
{
	pthread_t t;
	void *left;

	CHECK(pthread_create(&t, NULL, worker, NULL));
	CHECK(pthread_join(t, &left));
	if (left != NULL) {
		fprintf(stderr, "sleep() woke early, %lu s left\n",
			(unsigned long)(uintptr_t)left);
		return 1;
	}
	printf("worker slept 1 s\n");
	return 0;
}
