/* racelab case: signal_without_lock
 * bug: the waiter checks `ready` under the mutex and waits on the condition
 *   variable; the setter sets `ready` and signals without taking the mutex.
 *   So the setter can run between the waiter's check and its wait: the
 *   waiter has seen ready == 0, the signal comes while nobody waits yet and
 *   is lost, and the waiter then sleeps forever.
 * class: condvar
 * concepts: condition variable, monitor, lost wakeup, critical section, data race
 * expect native: blind - the program hangs, so its own check never runs
 * expect tsan: data-race
 * expect tsan-gcc: data-race
 * expect helgrind: data-race
 * expect drd: data-race
 * expect watchdog: lost-wakeup
 * expect explore: lost-wakeup
 * expect thread-safety: data-race
 * symptom: the program hangs, every run: the waiter sleeps in pthread_cond_wait although ready is 1.
 * fix: set the flag and signal with the mutex held: then the setter cannot run between the waiter's check and its wait, which pthread_cond_wait makes one step.
 * hint: the tools call `ready` a data race; the hang is what that race costs here. When can the setter run?
 * hint: pthread_cond_wait releases the mutex and starts waiting in one step, but only against threads that take that mutex.
 */
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
	ready = 1;	/* racelab:mark set */
	RL_CHECK(pthread_cond_signal(&ready_cond));	/* racelab:mark signal */
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
