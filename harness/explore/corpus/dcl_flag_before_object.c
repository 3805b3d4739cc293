/* dcl_flag_before_object - double-checked initialisation sets the "initialised" flag before it fills the object in, so a thread on the lock-free fast path can see the flag and use an object that is still zero.
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
	if (atomic_load_explicit(&initialised, memory_order_relaxed))
		return &codec;
	check(pthread_mutex_lock(&init_lock), "pthread_mutex_lock");
	if (!atomic_load_explicit(&initialised, memory_order_relaxed)) {
		/* BUG: the flag goes up before the object is ready. */
		atomic_store_explicit(&initialised, 1, memory_order_relaxed);
		codec.magic = MAGIC;
		codec.block = 64;
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
