/* relaxed_counter_rmw - fixed: the counter is bumped with one atomic fetch-and-add.
 * kind: other
 * bug: exit
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { THREADS = 2, HITS = 10 };

static atomic_int hits;

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
		abort();
	}
}

static void *counter(void *arg)
{
	(void)arg;
	for (int i = 0; i < HITS; i++) {
		atomic_fetch_add_explicit(&hits, 1, memory_order_relaxed);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++)
		check(pthread_create(&t[i], NULL, counter, NULL), "pthread_create");
	for (int i = 0; i < THREADS; i++)
		check(pthread_join(t[i], NULL), "pthread_join");
	int n = atomic_load(&hits);
	if (n != THREADS * HITS) {
		fprintf(stderr, "lost %d of %d hits\n", THREADS * HITS - n, THREADS * HITS);
		return 1;
	}
	return 0;
}
