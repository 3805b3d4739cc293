/* racelab fix: aba_stack
 * expect helgrind: clean, false-positive data-race - Helgrind does not model C11 atomics: the relaxed store of a node's next in push and its load in pop have no happens-before edge it can see, though the release/acquire swaps order them
 * expect drd: clean, false-positive data-race - DRD does not model C11 atomics: the relaxed store of a node's next in push and its load in pop have no happens-before edge it can see, though the release/acquire swaps order them
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#include "racelab.h"

enum { NODES = 3, NONE = 0xffffffff };

/* Nodes live in an array; the stack links them by index. The top word is
 * the top node's index in its low half and a tag in its high half. */
struct node {
	_Atomic uint32_t next;
	int value;
};

static struct node nodes[NODES];
static _Atomic uint64_t top;

static uint64_t pack(uint32_t index, uint32_t tag)
{
	return (uint64_t)tag << 32 | index;
}

static uint32_t index_of(uint64_t word)
{
	return (uint32_t)word;
}

static uint32_t tag_of(uint64_t word)
{
	return (uint32_t)(word >> 32);
}

static void push(uint32_t n)
{
	uint64_t old = atomic_load_explicit(&top, memory_order_relaxed), new;

	do {
		atomic_store_explicit(&nodes[n].next, index_of(old), memory_order_relaxed);
		new = pack(n, tag_of(old) + 1);
	} while (!atomic_compare_exchange_weak_explicit(&top, &old, new,
							memory_order_release,
							memory_order_relaxed));
}

/* Pops the top node's index, or NONE. A held pop waits between its read
 * and its swap until the other thread has done its three operations. */
static uint32_t pop(int held)
{
	uint64_t old = atomic_load_explicit(&top, memory_order_acquire), new;
	uint32_t n;

	do {
		n = index_of(old);
		if (n == NONE)
			return NONE;
		new = pack(atomic_load_explicit(&nodes[n].next, memory_order_relaxed), tag_of(old) + 1);
		if (held) {
			rl_window();
			rl_window();
		}
	} while (!atomic_compare_exchange_weak_explicit(&top, &old, new,
							memory_order_acquire,
							memory_order_acquire));
	return n;
}

static uint32_t held_by[2][2];	/* the nodes each thread popped */

/* Pops one node, slowly. */
static void *slow(void *arg)
{
	(void)arg;
	held_by[0][0] = pop(1);
	held_by[0][1] = NONE;
	rl_worker_done();
	return NULL;
}

/* Pops two nodes and pushes the first back, while the slow pop waits. */
static void *fast(void *arg)
{
	uint32_t first;

	(void)arg;
	rl_window();
	first = pop(0);
	held_by[1][0] = pop(0);
	push(first);
	held_by[1][1] = NONE;
	rl_window();
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t threads[2];
	int seen[NODES] = { 0 }, wrong = 0;

	atomic_store(&top, pack(NONE, 0));
	for (uint32_t n = NODES; n-- > 0;) {
		nodes[n].value = (int)n * 10;
		push(n);	/* the stack: 0, 1, 2 */
	}
	rl_window_init(2);
	RL_CHECK(pthread_create(&threads[0], NULL, slow, NULL));
	RL_CHECK(pthread_create(&threads[1], NULL, fast, NULL));
	for (int i = 0; i < 2; i++)
		RL_CHECK(pthread_join(threads[i], NULL));

	/* every node must be held by a thread or on the stack, once */
	for (int t = 0; t < 2; t++)
		for (int k = 0; k < 2; k++)
			if (held_by[t][k] != NONE)
				seen[held_by[t][k]]++;
	for (uint32_t n = index_of(atomic_load(&top)); n != NONE && wrong < NODES;
	     n = atomic_load(&nodes[n].next))
		seen[n]++;
	printf("nodes held or stacked:");
	for (int n = 0; n < NODES; n++) {
		printf(" %d x%d", nodes[n].value, seen[n]);
		wrong += seen[n] != 1;
	}
	printf("\n");
	if (wrong)
		rl_symptom("wrong-result", "%d of %d nodes are lost or held twice: a stale compare-and-swap succeeded",
			   wrong, NODES);
	return 0;
}
