/* racelab fix: thread_leak */
#include <stdio.h>

#include "racelab.h"

enum { JOBS = 4 };

static pthread_mutex_t results_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t all_done = PTHREAD_COND_INITIALIZER;
static int finished;
static long result[JOBS];
static pid_t tid[JOBS];

static void *job(void *arg)
{
	long id = (long)arg;

	rl_lock(&results_lock);
	result[id] = id * id;
	tid[id] = (pid_t)syscall(SYS_gettid);
	finished++;
	RL_CHECK(pthread_cond_signal(&all_done));
	rl_unlock(&results_lock);
	return NULL;
}

/* Waits until the kernel has let thread t go, which no detector takes for
 * synchronisation: so every job thread has really ended (TSan counts it
 * finished) before main returns, every run. */
static void wait_until_gone(pid_t t)
{
	char path[64];

	snprintf(path, sizeof path, "/proc/self/task/%d", (int)t);
	while (access(path, F_OK) == 0)
		sched_yield();
}

int main(void)
{
	pthread_t threads[JOBS];
	long sum = 0;

	for (long i = 0; i < JOBS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, job, (void *)i));
	rl_lock(&results_lock);
	while (finished < JOBS)
		rl_cond_wait(&all_done, &results_lock);
	for (int i = 0; i < JOBS; i++)
		sum += result[i];
	rl_unlock(&results_lock);
	for (int i = 0; i < JOBS; i++)
		wait_until_gone(tid[i]);
	for (int i = 0; i < JOBS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	printf("sum of squares = %ld (expected 14)\n", sum);
	if (sum != 14)
		rl_symptom("wrong-result", "sum of squares is %ld, expected 14", sum);
	return 0;
}
