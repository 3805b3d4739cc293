/* racelab case: lost_wakeup_signal_first
 * bug: the loader signals "loaded" with pthread_cond_signal, and the
 *   consumer waits for that signal with pthread_cond_wait, with no flag to
 *   check. A condition variable has no memory: a signal sent while nobody
 *   waits is lost. The consumer here comes late, waits for a signal that
 *   has already gone, and sleeps forever.
 * class: condvar
 * concepts: condition variable, monitor, lost wakeup, predicate
 * expect native: blind - the program hangs, so its own check never runs
 * expect tsan: blind - every access is under the mutex, and a signal with no waiter is legal; TSan has nothing to report, and the program never ends for it to report at exit
 * expect tsan-gcc: blind - every access is under the mutex, and a signal with no waiter is legal; TSan has nothing to report, and the program never ends for it to report at exit
 * expect helgrind: blind - the locking is correct and the condition variable is used with its mutex; Helgrind does not track whether a signal was ever waited for
 * expect drd: blind - the locking is correct and the condition variable is used with its mutex; DRD does not track whether a signal was ever waited for
 * expect watchdog: lost-wakeup
 * expect explore: lost-wakeup
 * symptom: the program hangs, every run: the consumer sleeps in pthread_cond_wait and nothing will ever signal again.
 * fix: a flag, set under the mutex before the signal, that the consumer checks in a while loop before it waits: the state remembers what the signal cannot.
 * hint: what happens to a pthread_cond_signal when no thread is waiting?
 * hint: what could the consumer look at, under the mutex, to know the data is already there?
 */
#include <stdio.h>

#include "racelab.h"

static pthread_mutex_t data_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t loaded_cond = PTHREAD_COND_INITIALIZER;
static int data;
static int result;
static rl_event signalled = RL_EVENT_INIT;

static void *loader(void *arg)
{
	(void)arg;
	rl_thread_name("loader");
	rl_lock(&data_lock);
	data = 42;
	RL_CHECK(pthread_cond_signal(&loaded_cond));	/* racelab:mark signal */
	rl_unlock(&data_lock);
	rl_event_post(&signalled);
	return NULL;
}

/* rl_event_wait(): the consumer comes after the signal, as a consumer
 * that starts late or is slow to get there does now and then. */
static void *consumer(void *arg)
{
	(void)arg;
	rl_thread_name("consumer");
	rl_event_wait(&signalled);
	rl_lock(&data_lock);
	rl_cond_wait(&loaded_cond, &data_lock);	/* racelab:mark wait */
	result = data;
	rl_unlock(&data_lock);
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	RL_CHECK(pthread_create(&a, NULL, loader, NULL));
	RL_CHECK(pthread_create(&b, NULL, consumer, NULL));
	RL_CHECK(pthread_join(a, NULL));
	RL_CHECK(pthread_join(b, NULL));
	printf("consumer got %d\n", result);
	if (result != 42)
		rl_symptom("wrong-result", "consumer got %d, expected 42", result);
	return 0;
}
