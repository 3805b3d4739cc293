/* racelab case: dining_philosophers
 * bug: five philosophers sit at a round table with one fork between each
 *   two. Each picks up the fork on the left, then the one on the right.
 *   When all five hold their left fork, each waits for a right fork that its
 *   neighbour holds: a wait-for cycle of five, and nobody eats again.
 * class: deadlock
 * concepts: mutex, deadlock, circular wait, resource ordering
 * expect native: blind - the program hangs, so its own check never runs
 * expect tsan: blind - no philosopher ever holds two forks, so TSan never records a lock order, let alone a cycle of them
 * expect tsan-gcc: blind - no philosopher ever holds two forks, so TSan never records a lock order, let alone a cycle of them
 * expect helgrind: blind - Helgrind builds its lock-order graph from acquisitions that complete; each philosopher's second one never does
 * expect drd: blind - DRD has no lock-order check, and a hang is no error it reports: each philosopher only waits for a lock a neighbour holds
 * expect watchdog: deadlock
 * expect explore: deadlock
 * symptom: the program hangs, every run.
 * fix: number the forks and let every philosopher pick up the lower-numbered one first; philosopher 4 now reaches for fork 0 before fork 4, and the cycle cannot close.
 * hint: draw who holds which fork and who waits for which: what shape is it?
 * hint: the ABBA deadlock needs two locks taken in opposite orders; here no two philosophers disagree, and yet... which one could break the circle?
 */
#include <stdio.h>

#include "racelab.h"

enum { PHILOSOPHERS = 5, MEALS = 20 };

static pthread_mutex_t fork_lock[PHILOSOPHERS];
static int meals[PHILOSOPHERS];

/* rl_window() waits until every philosopher holds a fork (or waits for
 * one): the fatal moment, every run. */
static void dine(int me, int first, int second)
{
	rl_lock(&fork_lock[first]);	/* racelab:mark first */
	rl_window();
	rl_lock(&fork_lock[second]);	/* racelab:mark second */
	meals[me]++;
	rl_unlock(&fork_lock[second]);
	rl_unlock(&fork_lock[first]);
}

static void *philosopher(void *arg)
{
	int me = (int)(long)arg;
	int left = me, right = (me + 1) % PHILOSOPHERS;

	for (int i = 0; i < MEALS; i++)
		dine(me, left, right);
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t threads[PHILOSOPHERS];

	for (int i = 0; i < PHILOSOPHERS; i++)
		RL_CHECK(pthread_mutex_init(&fork_lock[i], NULL));
	rl_window_init(PHILOSOPHERS);
	for (long i = 0; i < PHILOSOPHERS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, philosopher, (void *)i));
	for (int i = 0; i < PHILOSOPHERS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	for (int i = 0; i < PHILOSOPHERS; i++)
		if (meals[i] != MEALS)
			rl_symptom("wrong-result", "philosopher %d ate %d meals, expected %d",
				   i, meals[i], MEALS);
	printf("every philosopher ate %d meals\n", MEALS);
	return 0;
}
