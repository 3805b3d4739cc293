/* racelab case: work_queue_unfair
 * bug: a thread pool keeps its idle workers on a stack and hands each new
 *   task to the worker on top: the one that went idle last. When tasks
 *   come one at a time, that is the worker that has just finished the
 *   previous task, every time: it gets all the work, and the other
 *   workers wait for a task that never comes.
 * class: starvation
 * concepts: thread pool, condition variable, monitor, starvation, fairness, scheduling policy
 * fairness: min-jain 0.7
 * expect native: blind - every task is done and the program ends with the right result; the starvation is in the workers' shares, which the program does not judge
 * expect tsan: blind - every access is under the pool's mutex, so there is no race, and TSan does not weigh who gets the work
 * expect tsan-gcc: blind - every access is under the pool's mutex, so there is no race, and TSan does not weigh who gets the work
 * expect helgrind: blind - the locking is correct; Helgrind checks lock use and races, not who gets the work
 * expect drd: blind - the locking is correct; DRD checks lock use and races, not who gets the work
 * expect watchdog: starvation
 * expect explore: blind - starvation: explore runs the program to its end in each schedule and does not weigh which worker got the work
 * symptom: one worker does all 60 tasks and the other two none, every run: Jain's index over the workers' tasks is 0.33 (limit 0.7; the fix gets 1.0).
 * fix: keep the idle workers in a FIFO queue: each task goes to the worker that has waited longest, round robin.
 * hint: which idle worker gets the next task, and where does a worker go when it finishes?
 * hint: would you serve the customers in a shop that way?
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

/* The idle workers, a stack. */
static int idle[WORKERS], nidle;

static void idle_put(int worker)
{
	idle[nidle++] = worker;
}

static int idle_take(void)
{
	return idle[--nidle];	/* racelab:mark last-in-first-out */
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
