/* racelab case: thread_pool_queue_race
 * bug: a two-worker thread pool shares a task queue whose head and tail
 *   are read and updated with no lock. Two idle workers read the same
 *   head, both take that task, and both store head + 1: every task runs
 *   twice.
 * class: race
 * concepts: thread pool, producer-consumer, critical section, monitor, condition variable
 * expect native: wrong-result
 * expect tsan: data-race
 * expect tsan-gcc: data-race
 * expect helgrind: data-race
 * expect drd: data-race
 * expect watchdog: blind - not a liveness bug: every thread runs to the end
 * expect explore: wrong-result
 * symptom: each task runs twice (2 x TASKS runs instead of TASKS), every run.
 * fix: take a task and advance head under the queue's mutex; wait for work on a condition variable instead of spinning.
 * hint: which lines must happen as one step for a task to have one owner?
 * hint: a worker that finds the queue empty needs to sleep somewhere the producer can wake it.
 */
#include <stdio.h>

#include "racelab.h"

enum { WORKERS = 2, TASKS = 100, STOP = -1 };

static int queue[TASKS + WORKERS];
/* volatile makes the compiler read head and tail again on each turn of
 * the workers' spin below. Without it gcc reads them once: nothing in
 * this file takes their address, so it may assume sched_yield() cannot
 * change them, and a worker that found the queue empty spins forever.
 * That is one of the forms a data race's undefined behaviour takes.
 * volatile makes nothing atomic and orders nothing: the race stays. */
static volatile int head, tail;	/* take at head, add at tail */
static long runs[WORKERS];	/* tasks each worker ran */

static void submit(int task)
{
	queue[tail] = task;	/* racelab:mark fill-slot */
	tail++;			/* racelab:mark advance-tail */
}

/* rl_window() holds the gap between reading head and advancing it open
 * until the other worker has read head too (or waits for the queue). */
static int take(void)
{
	while (head == tail)	/* racelab:mark empty-check */
		sched_yield();
	int i = head;		/* racelab:mark read-head */
	rl_window();
	head = i + 1;		/* racelab:mark advance-head */
	int task = queue[i];	/* racelab:mark read-slot */
	return task;
}

static void *worker(void *arg)
{
	long id = (long)arg;

	for (int task; (task = take()) != STOP;)
		runs[id]++;
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t threads[WORKERS];
	long total = 0;

	rl_window_init(WORKERS);
	for (long i = 0; i < WORKERS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, worker, (void *)i));
	for (int t = 0; t < TASKS; t++)
		submit(t);
	for (int i = 0; i < WORKERS; i++)
		submit(STOP);
	for (int i = 0; i < WORKERS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	for (int i = 0; i < WORKERS; i++)
		total += runs[i];
	printf("%d tasks, %ld runs\n", TASKS, total);
	if (total != TASKS)
		rl_symptom("wrong-result", "%d tasks were submitted and %ld ran: %s",
			   TASKS, total, total > TASKS ? "some ran twice" : "some were lost");
	return 0;
}
