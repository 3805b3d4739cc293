/* torn_pair_read - fixed: the monitor reads lo and hi under the writer's lock.
 * kind: other
 * bug: exit
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { WIDTH = 10, MOVES = 6, SAMPLES = 6 };

static pthread_mutex_t window_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int lo, hi = WIDTH; /* hi - lo == WIDTH whenever the lock is free */
static int torn;

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
		abort();
	}
}

static void *writer(void *arg)
{
	(void)arg;
	for (int i = 1; i <= MOVES; i++) {
		check(pthread_mutex_lock(&window_lock), "pthread_mutex_lock");
		atomic_store_explicit(&lo, i * 5, memory_order_relaxed);
		atomic_store_explicit(&hi, i * 5 + WIDTH, memory_order_relaxed);
		check(pthread_mutex_unlock(&window_lock), "pthread_mutex_unlock");
	}
	return NULL;
}

static void *monitor(void *arg)
{
	(void)arg;
	for (int i = 0; i < SAMPLES; i++) {
		check(pthread_mutex_lock(&window_lock), "pthread_mutex_lock");
		int l = atomic_load_explicit(&lo, memory_order_relaxed);
		int h = atomic_load_explicit(&hi, memory_order_relaxed);
		check(pthread_mutex_unlock(&window_lock), "pthread_mutex_unlock");
		if (h - l != WIDTH)
			torn++;
	}
	return NULL;
}

int main(void)
{
	pthread_t w, m;
	check(pthread_create(&w, NULL, writer, NULL), "pthread_create");
	check(pthread_create(&m, NULL, monitor, NULL), "pthread_create");
	check(pthread_join(w, NULL), "pthread_join");
	check(pthread_join(m, NULL), "pthread_join");
	if (torn != 0) {
		fprintf(stderr, "the monitor saw %d torn windows\n", torn);
		return 1;
	}
	return 0;
}
