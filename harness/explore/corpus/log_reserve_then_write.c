/* log_reserve_then_write - appenders bump the shared length before they write their entry, so a flusher that reads the length in between reads an entry that is still empty.
 * kind: publication
 * bug: assertion
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
 */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { APPENDERS = 2, EACH = 5, CAP = APPENDERS * EACH, FLUSHES = 3 };

static atomic_int len;
static atomic_int entry[CAP]; /* 0 = not written yet */

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
		abort();
	}
}

static void *appender(void *arg)
{
	int id = (int)(long)arg;
	for (int i = 0; i < EACH; i++) {
		/* BUG: the slot is visible before the entry is in it. */
		int at = atomic_fetch_add_explicit(&len, 1, memory_order_relaxed);
		atomic_store_explicit(&entry[at], id * 100 + i + 1, memory_order_relaxed);
	}
	return NULL;
}

/* Copies out every entry the length says is there. */
static void *flusher(void *arg)
{
	long sum = 0;
	(void)arg;
	for (int f = 0; f < FLUSHES; f++) {
		int n = atomic_load_explicit(&len, memory_order_relaxed);
		for (int i = 0; i < n; i++) {
			int v = atomic_load_explicit(&entry[i], memory_order_relaxed);
			assert(v != 0 && "flushed an entry that was not written yet");
			sum += v;
		}
	}
	assert(sum >= 0);
	return NULL;
}

int main(void)
{
	pthread_t a[APPENDERS], f;
	for (long i = 0; i < APPENDERS; i++)
		check(pthread_create(&a[i], NULL, appender, (void *)(i + 1)), "pthread_create");
	check(pthread_create(&f, NULL, flusher, NULL), "pthread_create");
	for (int i = 0; i < APPENDERS; i++)
		check(pthread_join(a[i], NULL), "pthread_join");
	check(pthread_join(f, NULL), "pthread_join");
	assert(atomic_load(&len) == CAP);
	return 0;
}
