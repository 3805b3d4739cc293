/* racelab fix: signal_without_lock */
#include <stdio.h>

#include "racelab.h"
#include "thread_safety.h"

static ts_mutex_t ready_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready_cond = PTHREAD_COND_INITIALIZER;
static int ready GUARDED_BY(ready_lock);

/* The two rl_window()s hold the waiter between its check and its wait
 * until the setter has set and signalled. */
static void *waiter(void *arg)
{
	(void)arg;
	rl_thread_name("waiter");
	ts_mutex_lock(&ready_lock);
	while (!ready) {	/* racelab:mark check */
		rl_window();
		rl_window();
		ts_cond_wait(&ready_cond, &ready_lock);	/* racelab:mark wait */
	}
	ts_mutex_unlock(&ready_lock);
	rl_worker_done();
	return NULL;
}

static void *setter(void *arg)
{
	(void)arg;
	rl_thread_name("setter");
	rl_window();
	ts_mutex_lock(&ready_lock);
	ready = 1;	/* racelab:mark set */
	RL_CHECK(pthread_cond_signal(&ready_cond));	/* racelab:mark signal */
	ts_mutex_unlock(&ready_lock);
	rl_window();
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t a, b;
	int seen;

	rl_window_init(2);
	RL_CHECK(pthread_create(&a, NULL, waiter, NULL));
	RL_CHECK(pthread_create(&b, NULL, setter, NULL));
	RL_CHECK(pthread_join(a, NULL));
	RL_CHECK(pthread_join(b, NULL));
	ts_mutex_lock(&ready_lock);
	seen = ready;
	ts_mutex_unlock(&ready_lock);
	printf("the waiter saw ready = %d\n", seen);
	return 0;
}
