/* racelab case: sched_yield_flag
 * bug: none - a correct program that waits: main polls a mutex-protected flag and calls sched_yield between looks, until a worker that sleeps 0.5 s in usleep sets it.
 * class: waiting
 * waits-in: sched_yield (busy: on the CPU the whole time)
 * symptom: none; it ends on its own in about 0.5 s.
 */
/* A polite busy wait: it burns CPU while it waits, yet it ends, because the
 * thread it waits for is asleep and will wake. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHECK(call) do { int rc_ = (call); if (rc_ != 0) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(rc_)); exit(1); } } while (0)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int flag;

static void *setter(void *arg)
{
	(void)arg;
	usleep(500000);
	CHECK(pthread_mutex_lock(&lock));
	flag = 1;
	CHECK(pthread_mutex_unlock(&lock));
	return NULL;
}

int main(void)
{
	pthread_t t;
	long looks = 0;
	int seen = 0;

	CHECK(pthread_create(&t, NULL, setter, NULL));
	while (!seen) {
		CHECK(pthread_mutex_lock(&lock));
		seen = flag;
		CHECK(pthread_mutex_unlock(&lock));
		looks++;
		if (!seen)
			sched_yield();
	}
	CHECK(pthread_join(t, NULL));
	if (looks < 2) {
		fprintf(stderr, "saw the flag after %ld look(s): the worker did not sleep\n", looks);
		return 1;
	}
	printf("flag seen after %ld looks\n", looks);
	return 0;
}
