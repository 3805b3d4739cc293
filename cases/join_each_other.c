/* racelab case: join_each_other
 * bug: two workers each add up half of the numbers, then wait for their
 *   partner by joining it before they add the two halves. pthread_join
 *   waits for a thread to end; each partner ends only after its own join
 *   returns, so each waits for the other's end: a join cycle.
 * class: deadlock
 * concepts: thread lifecycle, pthread_join, deadlock, wait-for graph
 * expect native: blind - the program hangs, so its own check never runs
 * expect tsan: blind - TSan tracks joins only for the happens-before edge they give once they return; a join that never returns is no event to it
 * expect tsan-gcc: blind - TSan tracks joins only for the happens-before edge they give once they return; a join that never returns is no event to it
 * expect helgrind: blind - Helgrind likewise learns of a join when it completes, and checks lock orders, not join orders
 * expect drd: blind - DRD learns of a join when it completes, and checks no order of joins; a hang is no error it reports
 * expect watchdog: deadlock
 * expect explore: deadlock
 * symptom: the program hangs, every run (glibc 2.36 here returns no EDEADLK for two threads joining each other, though POSIX allows it to).
 * fix: joins must form a tree: worker 1 just finishes, worker 0 joins it (and, since nobody joins worker 0, detaches itself) before it adds the halves.
 * hint: a join waits for a thread to end: when does each of these two end?
 * hint: draw an arrow from each joiner to the thread it joins. Can the arrows go round in a circle and still all be followed to an end?
 */
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
	rl_join(worker[1 - me], NULL);	/* racelab:mark join */
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
