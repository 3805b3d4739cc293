/* racelab case: signal_instead_of_broadcast
 * bug: three runners wait on one condition variable for the start; the
 *   starter sets `started` and calls pthread_cond_signal, which wakes one
 *   waiter, not all. One runner starts; the other two sleep on, waiting
 *   for a signal that will never come, although `started` is 1.
 * class: condvar
 * concepts: condition variable, monitor, lost wakeup, broadcast
 * expect native: blind - the program hangs, so its own check never runs
 * expect tsan: blind - every access is under the mutex and signalling one waiter is legal; TSan cannot know that all of them needed waking, and the program never ends for it to report at exit
 * expect tsan-gcc: blind - every access is under the mutex and signalling one waiter is legal; TSan cannot know that all of them needed waking, and the program never ends for it to report at exit
 * expect helgrind: blind - the locking and the condition variable's use are correct; Helgrind cannot know that all the waiters needed waking
 * expect drd: blind - the locking and the condition variable's use are correct; DRD cannot know that all the waiters needed waking
 * expect watchdog: lost-wakeup
 * expect explore: lost-wakeup
 * symptom: the program hangs, every run: two runners sleep in pthread_cond_wait although started is 1.
 * fix: pthread_cond_broadcast: one state change that every waiter is waiting for wakes them all.
 * hint: how many of the waiting threads does pthread_cond_signal wake?
 * hint: who else is waiting for `started`, and who will wake them?
 */
#include <stdio.h>

#include "racelab.h"

enum { RUNNERS = 3 };

static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t start_cond = PTHREAD_COND_INITIALIZER;
static int started;
static int running;

static void *runner(void *arg)
{
	char name[16];

	snprintf(name, sizeof name, "runner %ld", (long)arg);
	rl_thread_name(name);
	rl_lock(&start_lock);
	while (!started)
		rl_cond_wait(&start_cond, &start_lock);	/* racelab:mark wait */
	running++;
	rl_unlock(&start_lock);
	rl_worker_done();
	return NULL;
}

/* rl_window(): the start comes once every runner waits for it. */
static void *starter(void *arg)
{
	(void)arg;
	rl_thread_name("starter");
	rl_window();
	rl_lock(&start_lock);
	started = 1;
	RL_CHECK(pthread_cond_signal(&start_cond));	/* racelab:mark signal */
	rl_unlock(&start_lock);
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t threads[RUNNERS + 1];

	rl_window_init(RUNNERS + 1);
	for (long i = 0; i < RUNNERS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, runner, (void *)i));
	RL_CHECK(pthread_create(&threads[RUNNERS], NULL, starter, NULL));
	for (int i = 0; i <= RUNNERS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	printf("%d of %d runners started\n", running, RUNNERS);
	if (running != RUNNERS)
		rl_symptom("wrong-result", "%d of %d runners started", running,
			   RUNNERS);
	return 0;
}
