/* racelab case: polite_trylock
 * bug: two threads each move stock between two warehouses. To avoid the
 *   ABBA deadlock they are polite: take the first lock, try the second,
 *   and if it is busy let go of the first and start again. Each takes its
 *   "from" warehouse first, so each finds the other's lock busy, backs off
 *   at the same moment and comes back at the same moment: forever.
 * class: livelock
 * concepts: mutex, trylock, livelock, back-off, resource ordering
 * expect native: blind - the program spins until the watchdog stops it, so its own check never runs
 * expect tsan: blind - no thread ever holds both locks, so TSan records no lock order; a failed trylock is no acquisition
 * expect tsan-gcc: blind - no thread ever holds both locks, so TSan records no lock order; a failed trylock is no acquisition
 * expect helgrind: blind - a failed trylock acquires nothing, so Helgrind's lock-order graph stays empty
 * expect drd: blind - a failed trylock acquires nothing, the accesses are locked, and DRD has no lock-order check
 * expect watchdog: livelock
 * expect explore: livelock
 * symptom: both threads burn CPU and no move is ever made, every run; the watchdog sees CPU spent with no progress marked.
 * fix: take the two locks in one global order (the lower-numbered warehouse first); then whoever holds the first lock always gets the second, and the other simply waits.
 * hint: each thread is ready to give way; what happens when both give way at once?
 * hint: the ABBA deadlock was cured by an order; does backing off cure it, or only change how it hangs?
 */
#include <stdio.h>

#include "racelab.h"

enum { MOVES = 200 };

struct warehouse {
	int id;
	long stock;
	pthread_mutex_t lock;
};

static struct warehouse north = { 1, 1000, PTHREAD_MUTEX_INITIALIZER };
static struct warehouse south = { 2, 1000, PTHREAD_MUTEX_INITIALIZER };

/* The two rl_window() calls keep the threads in lock step: both hold their
 * first lock before either tries its second, and both have tried before
 * either lets go. */
static void move(struct warehouse *from, struct warehouse *to)
{
	struct warehouse *first = from, *second = to;
	int rc;

	for (;;) {
		rl_lock(&first->lock);	/* racelab:mark first */
		rl_window();
		rc = pthread_mutex_trylock(&second->lock);	/* racelab:mark try */
		if (rc == 0)
			break;
		if (rc != EBUSY)
			rl_check_(rc, "pthread_mutex_trylock", __FILE__, __LINE__);
		rl_window();
		rl_unlock(&first->lock);	/* back off, and try again */
	}
	from->stock--;
	to->stock++;
	rl_unlock(&second->lock);
	rl_unlock(&first->lock);
	rl_progress();
}

static void *north_to_south(void *arg)
{
	(void)arg;
	for (int i = 0; i < MOVES; i++)
		move(&north, &south);
	rl_worker_done();
	return NULL;
}

static void *south_to_north(void *arg)
{
	(void)arg;
	for (int i = 0; i < MOVES; i++)
		move(&south, &north);
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	rl_marks_progress();
	rl_window_init(2);
	RL_CHECK(pthread_create(&a, NULL, north_to_south, NULL));
	RL_CHECK(pthread_create(&b, NULL, south_to_north, NULL));
	RL_CHECK(pthread_join(a, NULL));
	RL_CHECK(pthread_join(b, NULL));
	printf("north %ld, south %ld\n", north.stock, south.stock);
	if (north.stock + south.stock != 2000)
		rl_symptom("wrong-result", "stock was created or lost: %ld in all",
			   north.stock + south.stock);
	return 0;
}
