/* racelab fix: work_queue_unfair
 * fairness: min-jain 0.7
 */
#include <stdio.h>

#include "racelab.h"

enum { WORKERS = 3, TASKS = 60, STOP = -1 };

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t worker_idle = PTHREAD_COND_INITIALIZER;
static pthread_cond_t task_ready[WORKERS] = {
	PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER,
	PTHREAD_COND_INITIALIZER,
};
static int task_of[WORKERS];	/* handed to the worker: 0 none yet */
static long tasks_done[WORKERS];

/* The idle workers, a FIFO queue (a ring). */
static int idle[WORKERS], idle_first, nidle;

static void idle_put(int worker)
{
	idle[(idle_first + nidle++) % WORKERS] = worker;
}

static int idle_take(void)
{
	int worker = idle[idle_first];

	idle_first = (idle_first + 1) % WORKERS;
	nidle--;
	return worker;
}

static void *worker(void *arg)
{
	long me = (long)arg;
	char name[16];
	int task;

	snprintf(name, sizeof name, "worker %ld", me);
	rl_thread_name(name);
	rl_lock(&pool_lock);
	for (;;) {
		idle_put(me);
		RL_CHECK(pthread_cond_signal(&worker_idle));
		while (!task_of[me])
			rl_cond_wait(&task_ready[me], &pool_lock);
		task = task_of[me];
		task_of[me] = 0;
		if (task == STOP)
			break;
		rl_unlock(&pool_lock);
		tasks_done[me]++;	/* the task itself */
		rl_progress();
		rl_lock(&pool_lock);
	}
	rl_unlock(&pool_lock);
	rl_worker_done();
	return NULL;
}

/* Hands task to the next idle worker. */
static void dispatch(int task)
{
	int w;

	RL_CHECK(pthread_mutex_lock(&pool_lock));
	while (!nidle)
		RL_CHECK(pthread_cond_wait(&worker_idle, &pool_lock));
	w = idle_take();
	task_of[w] = task;
	RL_CHECK(pthread_cond_signal(&task_ready[w]));
	RL_CHECK(pthread_mutex_unlock(&pool_lock));
}

/* main dispatches. Its rl_window() lets each task in only once every
 * worker is idle: tasks that come one at a time, under a light load. */
int main(void)
{
	pthread_t threads[WORKERS];
	long total = 0;

	rl_marks_progress();
	rl_window_init(WORKERS + 1);
	for (long i = 0; i < WORKERS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, worker, (void *)i));
	for (int task = 1; task <= TASKS; task++) {
		rl_window();
		dispatch(task);
	}
	for (int i = 0; i < WORKERS; i++)
		dispatch(STOP);
	for (int i = 0; i < WORKERS; i++) {
		RL_CHECK(pthread_join(threads[i], NULL));
		total += tasks_done[i];
	}
	printf("tasks done: %ld, %ld and %ld (%ld of %d)\n", tasks_done[0],
	       tasks_done[1], tasks_done[2], total, TASKS);
	return 0;
}
