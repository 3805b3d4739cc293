/* racelab fix: thread_pool_queue_race */
#include <stdio.h>

#include "racelab.h"

enum { WORKERS = 2, TASKS = 100, STOP = -1 };

static int queue[TASKS + WORKERS];
static int head, tail;		/* take at head, add at tail */
static long runs[WORKERS];	/* tasks each worker ran */
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work_ready = PTHREAD_COND_INITIALIZER;

static void submit(int task)
{
	RL_CHECK(pthread_mutex_lock(&queue_lock));
	queue[tail] = task;
	tail++;
	RL_CHECK(pthread_cond_signal(&work_ready));
	RL_CHECK(pthread_mutex_unlock(&queue_lock));
}

/* rl_window() holds the gap between reading head and advancing it open
 * until the other worker has read head too (or waits for the queue). */
static int take(void)
{
	RL_CHECK(pthread_mutex_lock(&queue_lock));
	while (head == tail)
		RL_CHECK(pthread_cond_wait(&work_ready, &queue_lock));
	int i = head;
	rl_window();
	head = i + 1;
	int task = queue[i];
	RL_CHECK(pthread_mutex_unlock(&queue_lock));
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
