/* racelab case: join_nanosleep
 * bug: none - a correct program that waits: main waits in pthread_join while the worker sleeps 0.5 s in nanosleep (resumed on EINTR); the worker's return wakes main.
 * class: waiting
 * waits-in: futex (join), worker in clock_nanosleep (glibc's nanosleep)
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

static int rounds;	/* how many nanosleep calls it took; read after the join */

static void *worker(void *arg)
{
	struct timespec left = { 0, 500000000L };
	int rc;

	(void)arg;
	do {
		struct timespec want = left;

		rounds++;
		rc = nanosleep(&want, &left);
	} while (rc == -1 && errno == EINTR);
	return rc == 0 ? &rounds : NULL;
}

int main(void)
{
	pthread_t t;
	void *res;

	CHECK(pthread_create(&t, NULL, worker, NULL));
	CHECK(pthread_join(t, &res));
	if (res != &rounds || rounds < 1) {
		fprintf(stderr, "nanosleep() failed in the worker\n");
		return 1;
	}
	printf("worker slept 0.5 s in %d nanosleep call(s)\n", rounds);
	return 0;
}
