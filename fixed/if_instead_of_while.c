/* racelab fix: if_instead_of_while */
#include <stdio.h>

#include "racelab.h"

enum { CONSUMERS = 2, SLOTS = 4 };

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static int items[SLOTS];
static unsigned head, tail;	/* items[head..tail) are queued */
static int got[CONSUMERS];	/* the item each consumer took */
static rl_event locked[CONSUMERS] = { RL_EVENT_INIT, RL_EVENT_INIT };
static rl_event woke[CONSUMERS] = { RL_EVENT_INIT, RL_EVENT_INIT };

static void put(int item)
{
	items[tail++ % SLOTS] = item;
}

static void consume(int me)
{
	rl_lock(&queue_lock);
	rl_event_post(&locked[me]);
	while (head == tail) {
		rl_cond_wait(&not_empty, &queue_lock);
		rl_event_post(&woke[me]);
	}
	got[me] = items[head++ % SLOTS];	/* racelab:mark take */
	rl_unlock(&queue_lock);
}

/* The rl_events line the consumers up: each takes the mutex once the one
 * before has it, so it gets it only when that one waits; and the
 * producer gets it only once both wait. It puts item 2 only once both
 * have come back from the wait the first broadcast ended. */
static void *consumer(void *arg)
{
	long me = (long)arg;
	char name[16];

	snprintf(name, sizeof name, "consumer %ld", me);
	rl_thread_name(name);
	if (me > 0)
		rl_event_wait(&locked[me - 1]);
	consume(me);
	return NULL;
}

static void *producer(void *arg)
{
	(void)arg;
	rl_thread_name("producer");
	rl_event_wait(&locked[CONSUMERS - 1]);
	rl_lock(&queue_lock);
	put(1);
	RL_CHECK(pthread_cond_broadcast(&not_empty));
	rl_unlock(&queue_lock);
	for (int i = 0; i < CONSUMERS; i++)	/* item 2 comes once both */
		rl_event_wait(&woke[i]);	/* have woken */
	rl_lock(&queue_lock);
	put(2);
	RL_CHECK(pthread_cond_broadcast(&not_empty));
	rl_unlock(&queue_lock);
	return NULL;
}

int main(void)
{
	pthread_t threads[CONSUMERS + 1];

	for (long i = 0; i < CONSUMERS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, consumer, (void *)i));
	RL_CHECK(pthread_create(&threads[CONSUMERS], NULL, producer, NULL));
	for (int i = 0; i <= CONSUMERS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	printf("consumer 0 got item %d, consumer 1 item %d\n", got[0], got[1]);
	if (got[0] + got[1] != 1 + 2 || got[0] == got[1])
		rl_symptom("wrong-result",
			   "the consumers got items %d and %d, expected 1 and 2",
			   got[0], got[1]);
	return 0;
}
