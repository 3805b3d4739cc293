/* ring_buffer_split_check - producers ask "is the ring full?" and then push in a second critical section, so two producers can both see the last free slot and the second push overwrites the oldest entry.
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

static int ring_full(struct ring *r)
{
	check(pthread_mutex_lock(&r->lock), "pthread_mutex_lock");
	int full = r->count == CAP;
	check(pthread_mutex_unlock(&r->lock), "pthread_mutex_unlock");
	return full;
}

/* The caller has made sure there is room. */
static void ring_push(struct ring *r, int v)
{
	check(pthread_mutex_lock(&r->lock), "pthread_mutex_lock");
	assert(r->count < CAP && "push into a full ring overwrites the oldest entry");
	r->slot[(r->head + r->count) % CAP] = v;
	r->count++;
	check(pthread_mutex_unlock(&r->lock), "pthread_mutex_unlock");
}

static void note_drop(void)
{
	check(pthread_mutex_lock(&ring.lock), "pthread_mutex_lock");
	dropped++;
	check(pthread_mutex_unlock(&ring.lock), "pthread_mutex_unlock");
}

static void *producer(void *arg)
{
	int id = (int)(long)arg;
	for (int i = 0; i < ITEMS; i++) {
		/* BUG: another producer may take the free slot in between. */
		if (!ring_full(&ring))
			ring_push(&ring, id * 100 + i + 1);
		else
			note_drop();
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
