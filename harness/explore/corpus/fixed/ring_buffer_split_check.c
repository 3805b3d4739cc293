/* ring_buffer_split_check - fixed: the fullness test and the push are one critical section.
 * kind: atomicity
 * bug: assertion
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CAP = 8, PRODUCERS = 2, ITEMS = 5 };

struct ring {
	pthread_mutex_t lock;
	int slot[CAP];
	int head, count;
};

static struct ring ring = { .lock = PTHREAD_MUTEX_INITIALIZER };
static int dropped;

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
		abort();
	}
}

/* Pushes if there is room, else counts a drop: one critical section. */
static void ring_try_push(struct ring *r, int v)
{
	check(pthread_mutex_lock(&r->lock), "pthread_mutex_lock");
	if (r->count < CAP) {
		r->slot[(r->head + r->count) % CAP] = v;
		r->count++;
	} else {
		dropped++;
	}
	check(pthread_mutex_unlock(&r->lock), "pthread_mutex_unlock");
}

static void *producer(void *arg)
{
	int id = (int)(long)arg;
	for (int i = 0; i < ITEMS; i++) {
		ring_try_push(&ring, id * 100 + i + 1);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[PRODUCERS];
	for (long i = 0; i < PRODUCERS; i++)
		check(pthread_create(&t[i], NULL, producer, (void *)(i + 1)), "pthread_create");
	for (int i = 0; i < PRODUCERS; i++)
		check(pthread_join(t[i], NULL), "pthread_join");
	/* 10 offers, 8 slots: 2 dropped, every slot holds a real entry. */
	assert(ring.count == CAP && dropped == PRODUCERS * ITEMS - CAP);
	for (int i = 0; i < CAP; i++)
		assert(ring.slot[i] != 0);
	return 0;
}
