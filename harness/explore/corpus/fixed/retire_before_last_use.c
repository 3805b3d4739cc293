/* retire_before_last_use - fixed: the old buffer is retired after the join, when no reader can hold it.
 * kind: order
 * bug: crash
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
 */
#include <assert.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { READS = 8, SIZE = 4 };

struct buf {
	int *data; /* NULL once retired */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct buf *active;

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
		abort();
	}
}

static struct buf *buf_new(int fill)
{
	struct buf *b = malloc(sizeof *b);
	if (b == NULL)
		abort();
	b->data = malloc(SIZE * sizeof *b->data);
	if (b->data == NULL)
		abort();
	for (int i = 0; i < SIZE; i++)
		b->data[i] = fill;
	return b;
}

static void buf_retire(struct buf *b)
{
	free(b->data);
	b->data = NULL;
}

static void *reader(void *arg)
{
	long sum = 0;
	(void)arg;
	for (int i = 0; i < READS; i++) {
		check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
		struct buf *b = active;
		check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
		sum += b->data[i % SIZE];
	}
	assert(sum >= READS);
	return NULL;
}

int main(void)
{
	active = buf_new(1);
	struct buf *next = buf_new(2);
	pthread_t t;
	check(pthread_create(&t, NULL, reader, NULL), "pthread_create");
	check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
	struct buf *old = active;
	active = next;
	check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
	check(pthread_join(t, NULL), "pthread_join");
	buf_retire(old);
	buf_retire(next);
	free(old);
	free(next);
	return 0;
}
