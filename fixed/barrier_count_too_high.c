/* racelab fix: barrier_count_too_high */
#include <stdio.h>

#include "racelab.h"

enum { WORKERS = 3, SLICE = 1000 };

static pthread_barrier_t sums_ready;
static long part[WORKERS];	/* phase 1 writes, phase 2 reads */
static long seen_total[WORKERS];

static void *worker(void *arg)
{
	long id = (long)arg, sum = 0, total = 0;

	for (long i = id * SLICE; i < (id + 1) * SLICE; i++)
		sum += i;
	part[id] = sum;
	rl_barrier_wait(&sums_ready);
	for (int w = 0; w < WORKERS; w++)
		total += part[w];
	seen_total[id] = total;
	return NULL;
}

int main(void)
{
	pthread_t threads[WORKERS];
	const long n = (long)WORKERS * SLICE, expected = n * (n - 1) / 2;

	RL_CHECK(pthread_barrier_init(&sums_ready, NULL, WORKERS));
	for (long i = 0; i < WORKERS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, worker, (void *)i));
	for (int i = 0; i < WORKERS; i++)
		rl_join(threads[i], NULL);
	for (int i = 0; i < WORKERS; i++) {
		printf("worker %d saw total %ld (expected %ld)\n", i,
		       seen_total[i], expected);
		if (seen_total[i] != expected)
			rl_symptom("wrong-result", "worker %d saw total %ld, expected %ld",
				   i, seen_total[i], expected);
	}
	RL_CHECK(pthread_barrier_destroy(&sums_ready));
	return 0;
}
