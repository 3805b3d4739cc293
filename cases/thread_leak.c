/* racelab case: thread_leak
 * bug: main starts one thread per job and collects their results through
 *   a counter and a condition variable, so it never joins the threads
 *   (nor detaches them). Each finished, unjoined thread keeps its stack
 *   and descriptor until the process ends: a server that did this per
 *   request would run out of memory or threads.
 * class: thread-lifetime
 * concepts: thread lifetime, join vs detach, resource leak
 * expect native: blind - nothing the program computes is wrong; a leaked thread is memory kept until exit, which four jobs never exhaust
 * expect tsan: thread-leak
 * expect tsan-gcc: thread-leak
 * expect helgrind: blind - Helgrind does not check that threads are joined
 * expect drd: blind - DRD does not check that threads are joined
 * expect watchdog: blind - not a liveness bug: every thread runs to the end
 * expect explore: blind - a thread leak is no interleaving: every schedule ends with the same threads unjoined, and explore reports bugs that depend on the order, not resources left behind
 * symptom: none visible: the results are right and the program exits 0; only TSan says "thread leak".
 * fix: join every thread you create (or detach it, if nothing will ever wait for it).
 * hint: who releases a thread's stack once it has finished?
 * hint: a condition variable tells you the work is done; what tells the system the thread is?
 */
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
		RL_CHECK(pthread_create(&threads[i], NULL, job, (void *)i));	/* racelab:mark create */
	rl_lock(&results_lock);
	while (finished < JOBS)
		rl_cond_wait(&all_done, &results_lock);
	for (int i = 0; i < JOBS; i++)
		sum += result[i];
	rl_unlock(&results_lock);
	for (int i = 0; i < JOBS; i++)
		wait_until_gone(tid[i]);
	printf("sum of squares = %ld (expected 14)\n", sum);
	if (sum != 14)
		rl_symptom("wrong-result", "sum of squares is %ld, expected 14", sum);
	return 0;
}
