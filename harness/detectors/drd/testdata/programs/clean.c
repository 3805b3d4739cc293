/* clean.c - two threads bump a counter under one mutex: nothing to report. */
#include "racelab.h"

enum { ROUNDS = 1000 };
static int counter;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *bump(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		RL_CHECK(pthread_mutex_lock(&lock));
		counter++;
		RL_CHECK(pthread_mutex_unlock(&lock));
	}
	return arg;
}

int main(void)
{
	pthread_t t1, t2;

	RL_CHECK(pthread_create(&t1, NULL, bump, NULL));
	RL_CHECK(pthread_create(&t2, NULL, bump, NULL));
	RL_CHECK(pthread_join(t1, NULL));
	RL_CHECK(pthread_join(t2, NULL));
	printf("counter = %d\n", counter);
	return counter == 2 * ROUNDS ? 0 : 1;
}
