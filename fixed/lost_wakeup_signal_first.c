/* racelab fix: lost_wakeup_signal_first */
#include <stdio.h>

#include "racelab.h"

static pthread_mutex_t data_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t loaded_cond = PTHREAD_COND_INITIALIZER;
static int data;
static int loaded;		/* the predicate: data is there */
static int result;
static rl_event signalled = RL_EVENT_INIT;

static void *loader(void *arg)
{
	(void)arg;
	rl_thread_name("loader");
	rl_lock(&data_lock);
	data = 42;
	loaded = 1;
	RL_CHECK(pthread_cond_signal(&loaded_cond));	/* racelab:mark signal */
	rl_unlock(&data_lock);
	rl_event_post(&signalled);
	return NULL;
}

/* rl_event_wait(): the consumer comes after the signal, as a consumer
 * that starts late or is slow to get there does now and then. */
static void *consumer(void *arg)
{
	(void)arg;
	rl_thread_name("consumer");
	rl_event_wait(&signalled);
	rl_lock(&data_lock);
	while (!loaded)
		RL_CHECK(pthread_cond_wait(&loaded_cond, &data_lock));
	result = data;
	rl_unlock(&data_lock);
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	RL_CHECK(pthread_create(&a, NULL, loader, NULL));
	RL_CHECK(pthread_create(&b, NULL, consumer, NULL));
	RL_CHECK(pthread_join(a, NULL));
	RL_CHECK(pthread_join(b, NULL));
	printf("consumer got %d\n", result);
	if (result != 42)
		rl_symptom("wrong-result", "consumer got %d, expected 42", result);
	return 0;
}
