/* aba_freelist_allocator - fixed: the head word carries a tag beside the index that every successful swap increments, so a stale swap fails.
 * kind: aba
 * bug: assertion
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
 */
#include <assert.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SLOTS = 5, NIL = -1, ROUNDS = 3 };

/* Index of the first free slot (NIL if none) in the low half, a tag
 * that every successful swap increments in the high half. */
static uint64_t head;
static int next[SLOTS]; /* free-list links */
static int owner[SLOTS]; /* 0 while free, else the owning thread's id */

static int idx(uint64_t h)
{
	return (int)(int32_t)(uint32_t)h;
}

static uint64_t retag(uint64_t old, int i)
{
	return ((old >> 32) + 1) << 32 | (uint32_t)i;
}

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
		abort();
	}
}

static int slot_alloc(int me)
{
	uint64_t old = __atomic_load_n(&head, __ATOMIC_SEQ_CST);
	while (idx(old) != NIL) {
		int nx = __atomic_load_n(&next[idx(old)], __ATOMIC_SEQ_CST);
		if (__atomic_compare_exchange_n(&head, &old, retag(old, nx), 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			break;
	}
	int s = idx(old);
	if (s != NIL) {
		int prev = __atomic_exchange_n(&owner[s], me, __ATOMIC_SEQ_CST);
		assert(prev == 0 && "slot handed out twice");
	}
	return s;
}

static void slot_free(int s)
{
	__atomic_store_n(&owner[s], 0, __ATOMIC_SEQ_CST);
	uint64_t old = __atomic_load_n(&head, __ATOMIC_SEQ_CST);
	do
		__atomic_store_n(&next[s], idx(old), __ATOMIC_SEQ_CST);
	while (!__atomic_compare_exchange_n(&head, &old, retag(old, s), 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
}

static void *cycler(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		int s = slot_alloc(1);
		assert(s != NIL);
		slot_free(s);
	}
	return NULL;
}

static void *holder(void *arg)
{
	(void)arg;
	int a = slot_alloc(2);
	int b = slot_alloc(2);
	assert(a != NIL && b != NIL);
	slot_free(a);
	/* Keeps b a while longer: it must not be handed to anyone else. */
	int c = slot_alloc(2);
	assert(c != NIL && c != b);
	slot_free(c);
	slot_free(b);
	return NULL;
}

int main(void)
{
	for (int i = 0; i < SLOTS; i++)
		next[i] = i + 1 < SLOTS ? i + 1 : NIL;
	head = retag(0, 0);
	pthread_t t1, t2;
	check(pthread_create(&t1, NULL, cycler, NULL), "pthread_create");
	check(pthread_create(&t2, NULL, holder, NULL), "pthread_create");
	check(pthread_join(t1, NULL), "pthread_join");
	check(pthread_join(t2, NULL), "pthread_join");
	/* All slots are free again, each on the list once. */
	int seen[SLOTS] = { 0 }, count = 0;
	for (int s = idx(head); s != NIL && count <= SLOTS; s = next[s]) {
		assert(!seen[s] && owner[s] == 0 && "free list corrupted");
		seen[s] = 1;
		count++;
	}
	assert(count == SLOTS);
	return 0;
}
