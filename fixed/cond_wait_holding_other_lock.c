/* racelab fix: cond_wait_holding_other_lock */
#include <stdio.h>

#include "racelab.h"

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t item_ready = PTHREAD_COND_INITIALIZER;
static int has_item, item, got = -1;

static void *consumer(void *arg)
{
	(void)arg;
	rl_lock(&log_lock);	/* racelab:mark hold */
	rl_window();	/* the producer starts only now */
	printf("consumer: waiting for an item\n");
	RL_CHECK(pthread_mutex_unlock(&log_lock));
	rl_lock(&queue_lock);
	while (!has_item)
		rl_cond_wait(&item_ready, &queue_lock);	/* racelab:mark wait */
	got = item;
	has_item = 0;
	rl_unlock(&queue_lock);
	RL_CHECK(pthread_mutex_lock(&log_lock));
	printf("consumer: got item %d\n", got);
	rl_unlock(&log_lock);
	rl_worker_done();
	return NULL;
}

static void *producer(void *arg)
{
	(void)arg;
	rl_window();
	rl_lock(&log_lock);	/* racelab:mark needs */
	printf("producer: handing over item 42\n");
	rl_unlock(&log_lock);
	rl_lock(&queue_lock);
	item = 42;
	has_item = 1;
	RL_CHECK(pthread_cond_signal(&item_ready));
	rl_unlock(&queue_lock);
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t c, p;

	rl_window_init(2);
	RL_CHECK(pthread_create(&c, NULL, consumer, NULL));
	RL_CHECK(pthread_create(&p, NULL, producer, NULL));
	RL_CHECK(pthread_join(c, NULL));
	RL_CHECK(pthread_join(p, NULL));
	if (got != 42)
		rl_symptom("wrong-result", "the consumer got item %d, expected 42", got);
	return 0;
}
