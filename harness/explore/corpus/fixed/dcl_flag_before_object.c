/* dcl_flag_before_object - fixed: the object is filled in before the flag goes up (a release store; the fast path loads it with acquire).
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

enum { THREADS = 3, USES = 4, MAGIC = 0x5eed };

struct codec {
	int magic;
	int block;
};

static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int initialised;
static struct codec codec;

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
		abort();
	}
}

static struct codec *get_codec(void)
{
	if (atomic_load_explicit(&initialised, memory_order_acquire))
		return &codec;
	check(pthread_mutex_lock(&init_lock), "pthread_mutex_lock");
	if (!atomic_load_explicit(&initialised, memory_order_relaxed)) {
		codec.magic = MAGIC;
		codec.block = 64;
		atomic_store_explicit(&initialised, 1, memory_order_release);
	}
	check(pthread_mutex_unlock(&init_lock), "pthread_mutex_unlock");
	return &codec;
}

static void *user(void *arg)
{
	(void)arg;
	for (int i = 0; i < USES; i++) {
		struct codec *c = get_codec();
		assert(c->magic == MAGIC && c->block == 64 && "used a codec that is not set up");
	}
	return NULL;
}

int main(void)
{
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++)
		check(pthread_create(&t[i], NULL, user, NULL), "pthread_create");
	for (int i = 0; i < THREADS; i++)
		check(pthread_join(t[i], NULL), "pthread_join");
	return 0;
}
