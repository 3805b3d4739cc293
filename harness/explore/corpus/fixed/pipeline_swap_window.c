/* pipeline_swap_window - fixed: the middle stage swaps the buffers in one critical section, so the consumer never sees none.
 * kind: depth3
 * bug: crash
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
 */
#include <assert.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ROUNDS = 3 };

struct buffer {
	int count;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int flushing, swaps;
static struct buffer *cur;   /* the buffer the consumer fills */
static struct buffer *spare; /* the one the middle stage swaps in */

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
		abort();
	}
}

static void *producer(void *arg)
{
	(void)arg;
	check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
	flushing = 1;
	check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
	check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
	flushing = 0;
	check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
	return NULL;
}

static void *middle(void *arg)
{
	(void)arg;
	check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
	if (flushing) {
		struct buffer *old = cur;
		cur = spare;
		spare = old;
		swaps++;
	}
	check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
	return NULL;
}

static void *consumer(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
		cur->count++;
		check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
	}
	return NULL;
}

int main(void)
{
	struct buffer *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
	if (a == NULL || b == NULL)
		abort();
	cur = a;
	spare = b;
	pthread_t p, m, c;
	check(pthread_create(&p, NULL, producer, NULL), "pthread_create");
	check(pthread_create(&m, NULL, middle, NULL), "pthread_create");
	check(pthread_create(&c, NULL, consumer, NULL), "pthread_create");
	check(pthread_join(p, NULL), "pthread_join");
	check(pthread_join(m, NULL), "pthread_join");
	check(pthread_join(c, NULL), "pthread_join");
	assert(a->count + b->count == ROUNDS && swaps <= 1);
	free(a);
	free(b);
	return 0;
}
