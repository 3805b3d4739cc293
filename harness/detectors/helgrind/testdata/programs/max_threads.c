/* max_threads.c - 600 threads alive at once, each waiting for a mutex
 * main holds: more than Valgrind's thread table (--max-threads, 500 by
 * default), so Valgrind itself gives up. */
#include "racelab.h"

enum { THREADS = 600 };
static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static pthread_t threads[THREADS];

static void *wait_at_gate(void *arg)
{
	RL_CHECK(pthread_mutex_lock(&gate));
	RL_CHECK(pthread_mutex_unlock(&gate));
	return arg;
}

int main(void)
{
	RL_CHECK(pthread_mutex_lock(&gate));
	for (int i = 0; i < THREADS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, wait_at_gate, NULL));
	RL_CHECK(pthread_mutex_unlock(&gate));
	for (int i = 0; i < THREADS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	return 0;
}
