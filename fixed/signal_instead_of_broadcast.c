/* racelab fix: signal_instead_of_broadcast */
#include <stdio.h>

#include "racelab.h"

enum { RUNNERS = 3 };

static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t start_cond = PTHREAD_COND_INITIALIZER;
static int started;
static int running;

static void *runner(void *arg)
{
	char name[16];

	snprintf(name, sizeof name, "runner %ld", (long)arg);
	rl_thread_name(name);
	rl_lock(&start_lock);
	while (!started)
		rl_cond_wait(&start_cond, &start_lock);	/* racelab:mark wait */
	running++;
	rl_unlock(&start_lock);
	rl_worker_done();
	return NULL;
}

/* rl_window(): the start comes once every runner waits for it. */
static void *starter(void *arg)
{
	(void)arg;
	rl_thread_name("starter");
	rl_window();
	rl_lock(&start_lock);
	started = 1;
	RL_CHECK(pthread_cond_broadcast(&start_cond));
	rl_unlock(&start_lock);
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t threads[RUNNERS + 1];

	rl_window_init(RUNNERS + 1);
	for (long i = 0; i < RUNNERS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, runner, (void *)i));
	RL_CHECK(pthread_create(&threads[RUNNERS], NULL, starter, NULL));
	for (int i = 0; i <= RUNNERS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	printf("%d of %d runners started\n", running, RUNNERS);
	if (running != RUNNERS)
		rl_symptom("wrong-result", "%d of %d runners started", running,
			   RUNNERS);
	return 0;
}
