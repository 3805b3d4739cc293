/* racelab case: barrier_count_too_high
 * bug: three workers each sum a slice, meet at a barrier, then read the
 *   total of all slices. The barrier was set up for WORKERS + 1 threads,
 *   counting main, but main never waits at it (it joins the workers), so
 *   the fourth arrival never comes and the barrier never opens.
 * class: barrier
 * concepts: barrier, phases, liveness
 * expect native: blind - the program hangs, so its own check never runs
 * expect tsan: blind - a thread waiting at a barrier that never fills breaks no rule TSan checks; it hangs with the program
 * expect tsan-gcc: blind - a thread waiting at a barrier that never fills breaks no rule TSan checks; it hangs with the program
 * expect helgrind: blind - Helgrind orders the threads of a barrier wait that completes and checks how barriers are set up and destroyed; a barrier that never fills is no error it knows
 * expect drd: blind - DRD orders the threads of a barrier wait that completes and checks how barriers are set up and destroyed; a barrier that never fills is no error it knows
 * expect watchdog: lost-wakeup - every thread asleep and no lock cycle: the watchdog's name for a wait that nothing will ever end
 * expect explore: lost-wakeup
 * symptom: the program hangs, every run: every worker sleeps in pthread_barrier_wait(), main in pthread_join().
 * fix: set the barrier up for the threads that really wait at it: WORKERS.
 * hint: count the calls to pthread_barrier_wait() that can ever happen.
 * hint: who else did the author expect at the barrier, and does it come?
 */
#include <stdio.h>

#include "racelab.h"

enum { WORKERS = 3, SLICE = 1000 };

static pthread_barrier_t sums_ready;
static long part[WORKERS];	/* phase 1 writes, phase 2 reads */
static long seen_total[WORKERS];

static void *worker(void *arg)
{
	long id = (long)arg, sum = 0, total = 0;

	for (long i = id * SLICE; i < (id + 1) * SLICE; i++)
		sum += i;
	part[id] = sum;
	rl_barrier_wait(&sums_ready);	/* racelab:mark wait */
	for (int w = 0; w < WORKERS; w++)
		total += part[w];
	seen_total[id] = total;
	return NULL;
}

int main(void)
{
	pthread_t threads[WORKERS];
	const long n = (long)WORKERS * SLICE, expected = n * (n - 1) / 2;

	RL_CHECK(pthread_barrier_init(&sums_ready, NULL, WORKERS + 1));	/* racelab:mark init */
	for (long i = 0; i < WORKERS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, worker, (void *)i));
	for (int i = 0; i < WORKERS; i++)
		rl_join(threads[i], NULL);
	for (int i = 0; i < WORKERS; i++) {
		printf("worker %d saw total %ld (expected %ld)\n", i,
		       seen_total[i], expected);
		if (seen_total[i] != expected)
			rl_symptom("wrong-result", "worker %d saw total %ld, expected %ld",
				   i, seen_total[i], expected);
	}
	RL_CHECK(pthread_barrier_destroy(&sums_ready));
	return 0;
}
