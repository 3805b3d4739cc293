/* racelab case: join_usleep
 * bug: none - a correct program that waits: main waits in pthread_join while the worker sleeps 0.5 s in usleep; the worker's return wakes main.
 * class: waiting
 * waits-in: futex (join), worker in clock_nanosleep
 * symptom: none; it ends on its own in about 0.5 s.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHECK(call) do { int rc_ = (call); if (rc_ != 0) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(rc_)); exit(1); } } while (0)

static int slept_ok = 1;	/* the worker's result, read after the join */

static void *worker(void *arg)
{
	(void)arg;
	if (usleep(500000) != 0)
		slept_ok = 0;
	return &slept_ok;
}

int main(void)
{
	pthread_t t;
	void *res;

	CHECK(pthread_create(&t, NULL, worker, NULL));
	CHECK(pthread_join(t, &res));
	if (res != &slept_ok || !slept_ok) {
		fprintf(stderr, "usleep() failed in the worker\n");
		return 1;
	}
	printf("worker slept 0.5 s\n");
	return 0;
}
