/* racelab fix: peterson_relaxed
 * expect helgrind: clean, false-positive data-race - Helgrind does not model C11 atomics: it sees the flag and turn accesses, and the counter they guard, with no happens-before edge between the threads
 * expect drd: clean, false-positive data-race - DRD does not model C11 atomics: the counter's accesses, ordered by the seq_cst flag and turn accesses, have no happens-before edge it can see
 * expect explore: blind - the fix waits by spinning on the other thread's flag and the turn: under PCT's priorities the spinning thread keeps the processor, no schedule ends within the step budget, and explore gives no verdict on it
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

	atomic_store_explicit(&p->interested[me], 1, memory_order_seq_cst);
	atomic_store_explicit(&p->turn, other, memory_order_seq_cst);
	while (atomic_load_explicit(&p->interested[other], memory_order_seq_cst) &&
	       atomic_load_explicit(&p->turn, memory_order_seq_cst) == other)
		if (++spins % 64 == 0)
			sched_yield();	/* the other may not be running */
}

static void peterson_unlock(struct peterson *p, int me)
{
	atomic_store_explicit(&p->interested[me], 0, memory_order_seq_cst);
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
		counter++;
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
