/* aba_treiber_stack - a lock-free stack pops with a compare-and-swap on the top pointer alone, so a pop that stalls between reading top->next and its swap succeeds after another thread popped two nodes and pushed the first back (ABA), and installs a node that thread still holds.
 * kind: aba
 * bug: assertion
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
 */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NODES = 6, ROUNDS = 3 };

struct node {
	_Atomic(struct node *) next;
	atomic_int held; /* 1 while a thread has it off the stack */
};

static struct node nodes[NODES];
static _Atomic(struct node *) top;

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
		abort();
	}
}

static void push(struct node *n)
{
	atomic_store(&n->held, 0);
	struct node *old = atomic_load(&top);
	do
		atomic_store(&n->next, old);
	while (!atomic_compare_exchange_weak(&top, &old, n));
}

static struct node *pop(void)
{
	struct node *old = atomic_load(&top);
	while (old != NULL) {
		struct node *next = atomic_load(&old->next);
		/* BUG: top == old does not mean old->next is still next. */
		if (atomic_compare_exchange_weak(&top, &old, next))
			break;
	}
	if (old != NULL)
		assert(atomic_exchange(&old->held, 1) == 0 && "node popped twice");
	return old;
}

/* Borrows a node and gives it back, a few times. */
static void *borrower(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		struct node *n = pop();
		assert(n != NULL);
		push(n);
	}
	return NULL;
}

/* Takes two nodes, gives the first back and keeps the second. */
static void *keeper(void *arg)
{
	(void)arg;
	struct node *a = pop();
	struct node *b = pop();
	assert(a != NULL && b != NULL);
	push(a);
	return b;
}

int main(void)
{
	for (int i = NODES - 1; i >= 0; i--)
		push(&nodes[i]);
	pthread_t t1, t2;
	void *kept;
	check(pthread_create(&t1, NULL, borrower, NULL), "pthread_create");
	check(pthread_create(&t2, NULL, keeper, NULL), "pthread_create");
	check(pthread_join(t1, NULL), "pthread_join");
	check(pthread_join(t2, &kept), "pthread_join");
	/* Every node but the kept one is on the stack, once, and none is held. */
	int count = 0;
	for (struct node *n = atomic_load(&top); n != NULL && count <= NODES; n = atomic_load(&n->next)) {
		assert(n != kept && atomic_load(&n->held) == 0 && "a held node is on the stack");
		count++;
	}
	assert(count == NODES - 1);
	return 0;
}
