/* tryflag_check_then_set - fixed: each thread raises its own flag first and then tests the other's, backing off if it is up.
 * kind: depth3
 * bug: assertion
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
 */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TRIES = 4 };

static atomic_int want[2];
static atomic_int inside;
static int done[2], skipped[2];

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
		abort();
	}
}

static int try_enter(int me)
{
	atomic_store(&want[me], 1);
	if (atomic_load(&want[1 - me])) {
		atomic_store(&want[me], 0);
		return 0;
	}
	return 1;
}

static void leave(int me)
{
	atomic_store(&want[me], 0);
}

static void *worker(void *arg)
{
	int me = (int)(long)arg;
	for (int i = 0; i < TRIES; i++) {
		if (!try_enter(me)) {
			skipped[me]++;
			continue;
		}
		assert(atomic_fetch_add(&inside, 1) == 0 && "two threads in the critical section");
		done[me]++;
		atomic_fetch_sub(&inside, 1);
		leave(me);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[2];
	for (long i = 0; i < 2; i++)
		check(pthread_create(&t[i], NULL, worker, (void *)i), "pthread_create");
	for (int i = 0; i < 2; i++)
		check(pthread_join(t[i], NULL), "pthread_join");
	assert(done[0] + skipped[0] == TRIES && done[1] + skipped[1] == TRIES);
	return 0;
}
