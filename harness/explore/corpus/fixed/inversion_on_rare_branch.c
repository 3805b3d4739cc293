/* inversion_on_rare_branch - fixed: the reader takes the config lock before the cache lock, the updater's order.
 * kind: deadlock
 * bug: deadlock
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { UPDATES = 3, READS = 3 };

static pthread_mutex_t config_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;
static int config_gen, cache_gen, resizing, slow_reads;

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
		abort();
	}
}

/* Order: config, then cache. */
static void *updater(void *arg)
{
	(void)arg;
	for (int i = 0; i < UPDATES; i++) {
		check(pthread_mutex_lock(&config_lock), "pthread_mutex_lock");
		config_gen++;
		check(pthread_mutex_lock(&cache_lock), "pthread_mutex_lock");
		cache_gen = config_gen;
		check(pthread_mutex_unlock(&cache_lock), "pthread_mutex_unlock");
		check(pthread_mutex_unlock(&config_lock), "pthread_mutex_unlock");
	}
	return NULL;
}

/* Marks a resize in progress for a moment. */
static void *resizer(void *arg)
{
	(void)arg;
	check(pthread_mutex_lock(&state_lock), "pthread_mutex_lock");
	resizing = 1;
	check(pthread_mutex_unlock(&state_lock), "pthread_mutex_unlock");
	check(pthread_mutex_lock(&state_lock), "pthread_mutex_lock");
	resizing = 0;
	check(pthread_mutex_unlock(&state_lock), "pthread_mutex_unlock");
	return NULL;
}

static void *reader(void *arg)
{
	(void)arg;
	for (int i = 0; i < READS; i++) {
		check(pthread_mutex_lock(&config_lock), "pthread_mutex_lock");
		check(pthread_mutex_lock(&cache_lock), "pthread_mutex_lock");
		check(pthread_mutex_lock(&state_lock), "pthread_mutex_lock");
		int slow = resizing;
		check(pthread_mutex_unlock(&state_lock), "pthread_mutex_unlock");
		if (slow)
			slow_reads += config_gen >= cache_gen;
		check(pthread_mutex_unlock(&cache_lock), "pthread_mutex_unlock");
		check(pthread_mutex_unlock(&config_lock), "pthread_mutex_unlock");
	}
	return NULL;
}

int main(void)
{
	pthread_t u, z, r;
	check(pthread_create(&u, NULL, updater, NULL), "pthread_create");
	check(pthread_create(&z, NULL, resizer, NULL), "pthread_create");
	check(pthread_create(&r, NULL, reader, NULL), "pthread_create");
	check(pthread_join(u, NULL), "pthread_join");
	check(pthread_join(z, NULL), "pthread_join");
	check(pthread_join(r, NULL), "pthread_join");
	assert(cache_gen == UPDATES && slow_reads <= READS);
	return 0;
}
