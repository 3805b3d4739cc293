/* racelab case: peterson_relaxed
 * bug: two threads guard a counter with Peterson's lock, its flags and turn
 *   C11 atomics with memory_order_relaxed. Peterson's proof assumes each
 *   thread's store to its flag is seen by the other before it reads the
 *   other's flag; relaxed order promises nothing of the kind, and x86
 *   really does it the other way: a store waits in the core's store buffer
 *   while the later load runs. Both threads read the other's flag as 0,
 *   both enter, and an increment is lost.
 * class: memory-ordering
 * concepts: memory model, store-load reordering, store buffer, sequential consistency, fences, Peterson's algorithm
 * expect native: lost-update, by chance - the reordering happens inside the processor, between two instructions: no forcing device reaches there, so how often both threads enter at once is up to the hardware and the scheduler
 * expect tsan: data-race
 * expect tsan-gcc: data-race
 * expect helgrind: data-race
 * expect drd: data-race
 * expect watchdog: blind - not a liveness bug: both threads run to the end
 * expect explore: data-race
 * symptom: the final count is below 2 x rounds only in some runs natively: 1 of 10 under racelab on this shared 2-core machine at load average ~10, 4-9 of 20 by hand at the same load; never under Valgrind, which runs one thread at a time. TSan (clang and gcc), Helgrind and DRD report the race on the counter every run (10/10), since relaxed atomics give no happens-before edge; with plain int flags instead of atomics TSan reports the flags' races too.
 * fix: make the flag and turn accesses memory_order_seq_cst (the default of atomic_store and atomic_load): the store is then followed by a full barrier (xchg on x86), and no later load passes it.
 * hint: each thread writes its own flag and then reads the other's: in which order do those two reach memory on x86?
 * hint: which memory order forbids a later load from passing an earlier store?
 */
#include <stdatomic.h>
#include <stdio.h>

#include "racelab.h"

enum { ROUNDS = 50000, THINK = 8, STEP = 16 };

struct peterson {
	atomic_int interested[2];	/* thread i wants to enter */
	atomic_int turn;		/* who gives way when both do */
};

static struct peterson counter_lock;
static long counter;

static void peterson_lock(struct peterson *p, int me)
{
	int other = 1 - me;
	unsigned spins = 0;

	atomic_store_explicit(&p->interested[me], 1, memory_order_relaxed);	/* racelab:mark flag */
	atomic_store_explicit(&p->turn, other, memory_order_relaxed);
	while (atomic_load_explicit(&p->interested[other], memory_order_relaxed) &&	/* racelab:mark check */
	       atomic_load_explicit(&p->turn, memory_order_relaxed) == other)
		if (++spins % 64 == 0)
			sched_yield();	/* the other may not be running */
}

static void peterson_unlock(struct peterson *p, int me)
{
	atomic_store_explicit(&p->interested[me], 0, memory_order_relaxed);
}

/* Work outside the lock, of varying length. */
static void think(int i)
{
	for (volatile unsigned j = 0; j < (i * 2654435761u >> 24) % THINK; j++)
		;
}

static void *worker(void *arg)
{
	int me = (int)(long)arg;

	for (int i = 0; i < ROUNDS; i++) {
		if (i % STEP == 0)
			rl_window();	/* back in step: both want the lock at once */
		think(i + me);
		peterson_lock(&counter_lock, me);
		counter++;	/* racelab:mark increment */
		peterson_unlock(&counter_lock, me);
	}
	return NULL;
}

int main(void)
{
	pthread_t threads[2];
	const long expected = 2L * ROUNDS;

	rl_window_init(2);
	for (long i = 0; i < 2; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, worker, (void *)i));
	for (int i = 0; i < 2; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	printf("counter = %ld (expected %ld)\n", counter, expected);
	if (counter != expected)
		rl_symptom("lost-update", "counter is %ld, expected %ld: both threads were inside Peterson's lock at once %ld times",
			   counter, expected, expected - counter);
	return 0;
}
