/* racelab case: aba_stack
 * bug: a lock-free stack (Treiber's) pops with compare-and-swap: read the
 *   top node and its next, then swap top from that node to next if top is
 *   still that node. "Still that node" is not "unchanged": while one pop
 *   waits between its read and its swap, another thread pops the node, pops
 *   its next, and pushes the first one back. The swap sees the same node on
 *   top (A, then B, then A again: ABA) and installs a next that is no
 *   longer on the stack.
 * class: lock-free
 * concepts: compare-and-swap, ABA problem, lock-free data structures, tagged pointers, memory reclamation
 * expect native: wrong-result
 * expect tsan: blind - every shared access is a C11 atomic, so there is no data race; that the value compared is stale is logic TSan does not check
 * expect tsan-gcc: blind - every shared access is a C11 atomic, so there is no data race; that the value compared is stale is logic TSan does not check
 * expect helgrind: data-race - for a reason beside the point: Helgrind does not model C11 atomics, so it reports the slow pop's read of next against the push that rewrites it, the very pair the ABA is made of, and reports it in the fix just the same
 * expect drd: data-race - for the same reason as Helgrind: DRD does not model C11 atomics, and reports the push that rewrites a node's next against the stale pop that read it; the fix gets the same report
 * expect watchdog: blind - not a liveness bug: every thread runs to the end
 * expect explore: wrong-result
 * symptom: a node popped by one thread is still on the stack (or a node falls off it), every run: the program finds a node held twice.
 * fix: the top word carries a tag beside the node's index, and every successful swap increments it: a node popped and pushed back comes with a new tag, so the stale swap fails and the pop starts again.
 * hint: the compare-and-swap checks that top holds the same node; does that mean nothing happened since it was read?
 * hint: what could make "the same node, pushed again" look different from "the node I read"?
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
		atomic_store_explicit(&nodes[n].next, index_of(old), memory_order_relaxed);	/* racelab:mark relink */
		new = pack(n, tag_of(old));
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
		new = pack(atomic_load_explicit(&nodes[n].next, memory_order_relaxed), tag_of(old));	/* racelab:mark next */
		if (held) {
			rl_window();
			rl_window();
		}
	} while (!atomic_compare_exchange_weak_explicit(&top, &old, new,	/* racelab:mark swap */
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
