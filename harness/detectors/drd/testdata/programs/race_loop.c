/* race_loop.c - one data race, a thousand times over: thread #2 fills 1000
 * slots, then thread #3 overwrites them, with no lock. Helgrind reports the
 * first conflicting write and folds the other 999 (same kind, same stack,
 * other addresses) into the <count> of its <errorcounts>.
 */
#include "racelab.h"

enum { SLOTS = 1000 };
static int slot[SLOTS];
static rl_event filled = RL_EVENT_INIT;

static void *fill(void *arg)
{
	for (int i = 0; i < SLOTS; i++)
		slot[i] = 1;	/* @loop-fill */
	rl_event_post(&filled);
	return arg;
}

static void *refill(void *arg)
{
	rl_event_wait(&filled);
	for (int i = 0; i < SLOTS; i++)	/* @loop-head */
		slot[i] = 2;	/* @loop-race */
	return arg;
}

int main(void)
{
	pthread_t t1, t2;

	RL_CHECK(pthread_create(&t1, NULL, fill, NULL));
	RL_CHECK(pthread_create(&t2, NULL, refill, NULL));
	RL_CHECK(pthread_join(t1, NULL));
	RL_CHECK(pthread_join(t2, NULL));
	return slot[SLOTS - 1] == 2 ? 0 : 1;
}
