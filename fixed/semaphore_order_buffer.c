/* racelab fix: semaphore_order_buffer */
#include <stdio.h>

#include "racelab.h"

enum { SLOTS = 4, ITEMS = 1000 };

static int buffer[SLOTS], in, out;
static sem_t mutex, empty_slots, full_slots;
static long sum;

static void post(sem_t *s)
{
	RL_CHECK_ERRNO(sem_post(s));
}

static void *producer(void *arg)
{
	(void)arg;
	for (int i = 1; i <= ITEMS; i++) {
		rl_sem_wait(&empty_slots);	/* racelab:mark slot */
		RL_CHECK_ERRNO(sem_wait(&mutex));	/* racelab:mark mutex */
		buffer[in] = i;
		in = (in + 1) % SLOTS;
		post(&mutex);
		post(&full_slots);
	}
	rl_worker_done();
	return NULL;
}

static void *consumer(void *arg)
{
	(void)arg;
	rl_window();	/* starts once the producer sleeps on a full buffer */
	for (int i = 1; i <= ITEMS; i++) {
		rl_sem_wait(&full_slots);
		rl_sem_wait(&mutex);	/* racelab:mark take */
		sum += buffer[out];
		out = (out + 1) % SLOTS;
		post(&mutex);
		post(&empty_slots);
	}
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t p, c;

	RL_CHECK_ERRNO(sem_init(&mutex, 0, 1));
	RL_CHECK_ERRNO(sem_init(&empty_slots, 0, SLOTS));
	RL_CHECK_ERRNO(sem_init(&full_slots, 0, 0));
	rl_window_init(2);
	RL_CHECK(pthread_create(&p, NULL, producer, NULL));
	RL_CHECK(pthread_create(&c, NULL, consumer, NULL));
	RL_CHECK(pthread_join(p, NULL));
	RL_CHECK(pthread_join(c, NULL));
	printf("sum of the items: %ld\n", sum);
	if (sum != (long)ITEMS * (ITEMS + 1) / 2)
		rl_symptom("wrong-result", "the items add up to %ld, expected %ld", sum,
			   (long)ITEMS * (ITEMS + 1) / 2);
	return 0;
}
