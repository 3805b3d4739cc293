/* explore_speed.c - the program bench/explore.py times racelab explore
 * on: 3 threads and about 100 scheduling points, correct (so every
 * schedule runs to its end). Each worker takes a lock 15 times and adds
 * to a shared total, then the main thread checks it.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

enum { WORKERS = 3, ROUNDS = 15 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long total;

static void *worker(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		if (pthread_mutex_lock(&lock))
			abort();
		total += (long)arg;
		if (pthread_mutex_unlock(&lock))
			abort();
	}
	return NULL;
}

int main(void)
{
	pthread_t t[WORKERS];

	for (long i = 0; i < WORKERS; i++)
		if (pthread_create(&t[i], NULL, worker, (void *)(i + 1)))
			abort();
	for (int i = 0; i < WORKERS; i++)
		if (pthread_join(t[i], NULL))
			abort();
	if (total != ROUNDS * (1 + 2 + 3)) {
		fprintf(stderr, "total %ld\n", total);
		return 1;
	}
	return 0;
}
