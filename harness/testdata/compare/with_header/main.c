/* Needs its own header (-I with_header/include): tally_miss() forgets
 * the lock that tally_hit() takes, a race on `misses` between the two
 * workers' misses, which come before any hit (a hit's lock would order
 * one worker's misses before the other's for a happens-before tool). */
#include <stdio.h>

#include "tally.h"

static struct tally tally = { PTHREAD_MUTEX_INITIALIZER, 0, 0 };

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 100; i++)
		tally_miss(&tally);
	for (int i = 0; i < 100; i++)
		tally_hit(&tally);
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	pthread_create(&a, NULL, worker, (void *)0);
	pthread_create(&b, NULL, worker, (void *)1);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("%ld hits, %ld misses\n", tally.hits, tally.misses);
	return 0;
}
