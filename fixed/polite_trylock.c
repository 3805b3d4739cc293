/* racelab fix: polite_trylock */
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
	struct warehouse *first = from->id < to->id ? from : to;
	struct warehouse *second = from->id < to->id ? to : from;
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
