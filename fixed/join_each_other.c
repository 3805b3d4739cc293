/* racelab fix: join_each_other */
#include <stdio.h>

#include "racelab.h"

enum { N = 1000 };

static pthread_t worker[2];
static pthread_barrier_t started;
static long partial[2];
static pthread_mutex_t result_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t result_ready = PTHREAD_COND_INITIALIZER;
static long total = -1;

static void publish(long sum)
{
	rl_lock(&result_lock);
	total = sum;
	RL_CHECK(pthread_cond_signal(&result_ready));
	rl_unlock(&result_lock);
}

/* Worker me adds up me*N/2+1 .. (me+1)*N/2. */
static void *half(void *arg)
{
	long me = (long)arg;

	for (long i = me * N / 2 + 1; i <= (me + 1) * N / 2; i++)
		partial[me] += i;
	rl_barrier_wait(&started);	/* both handles are in worker[] */
	if (me == 1)
		return NULL;	/* worker 0 joins it */
	RL_CHECK(pthread_join(worker[1], NULL));
	RL_CHECK(pthread_detach(pthread_self()));	/* nobody joins worker 0 */
	publish(partial[0] + partial[1]);
	return NULL;
}

int main(void)
{
	RL_CHECK(pthread_barrier_init(&started, NULL, 3));
	for (long i = 0; i < 2; i++)
		RL_CHECK(pthread_create(&worker[i], NULL, half, (void *)i));
	rl_barrier_wait(&started);
	rl_lock(&result_lock);
	while (total < 0)
		rl_cond_wait(&result_ready, &result_lock);
	rl_unlock(&result_lock);
	printf("1 + ... + %d = %ld\n", N, total);
	if (total != (long)N * (N + 1) / 2)
		rl_symptom("wrong-result", "the total is %ld, expected %ld", total,
			   (long)N * (N + 1) / 2);
	return 0;
}
