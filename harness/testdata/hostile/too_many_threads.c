/* racelab case: too_many_threads
 * bug: none: 520 threads wait for a mutex main holds, then all run
 *   through it; correct, but more threads alive at once than Valgrind's
 *   thread table holds (--max-threads, 500 by default), so Valgrind
 *   itself gives up: the tool's failure, not the program's.
 * class: hostile
 * expect native: clean
 * expect helgrind: clean
 * expect drd: clean
 */
#include "racelab.h"

enum { THREADS = 520 };
static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static pthread_t threads[THREADS];

static void *wait_at_gate(void *arg)
{
	RL_CHECK(pthread_mutex_lock(&gate));
	RL_CHECK(pthread_mutex_unlock(&gate));
	return arg;
}

int main(void)
{
	RL_CHECK(pthread_mutex_lock(&gate));
	for (int i = 0; i < THREADS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, wait_at_gate, NULL));
	RL_CHECK(pthread_mutex_unlock(&gate));
	for (int i = 0; i < THREADS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	return 0;
}
