/* racelab fix: dining_philosophers */
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

	int first = left < right ? left : right;
	int second = left < right ? right : left;

	for (int i = 0; i < MEALS; i++)
		dine(me, first, second);
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
