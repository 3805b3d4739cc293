/* racelab case: cond_wait_holding_other_lock
 * bug: the consumer keeps the log locked for its whole transaction, so that
 *   its lines come out together, and waits for an item with the log lock
 *   still held. pthread_cond_wait releases only the queue's mutex. The
 *   producer must write a log line before it hands the item over: it waits
 *   for the log, the consumer waits for the item, and neither comes.
 * class: deadlock
 * concepts: condition variable, monitor, mutex, deadlock, hold and wait
 * expect native: blind - the program hangs, so its own check never runs
 * expect tsan: blind - only the consumer ever holds both locks (log, then queue): no order to invert; and TSan does not model who could signal a condition variable
 * expect tsan-gcc: blind - only the consumer ever holds both locks (log, then queue): no order to invert; and TSan does not model who could signal a condition variable
 * expect helgrind: blind - waiting on a condition variable with another lock held is legal, so Helgrind has no rule against it
 * expect drd: blind - waiting on a condition variable with another lock held is legal, so DRD has no rule against it
 * expect watchdog: lost-wakeup
 * expect explore: deadlock
 * symptom: the program hangs, every run. The watchdog sees the producer waiting for the log lock held by the consumer, and the consumer waiting on a condition variable, which has no owner: no cycle it can prove, so it names the hang a lost wakeup (every thread blocked, none holding what another waits for).
 * fix: the consumer unlocks the log before it waits, and locks it again for its own lines afterwards: hold no lock but the condition's own mutex across a wait.
 * hint: pthread_cond_wait gives up one mutex while it sleeps; which other lock does the sleeper still hold?
 * hint: who has to run for the consumer to wake up, and what does that thread need first?
 */
#include <stdio.h>

#include "racelab.h"

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t item_ready = PTHREAD_COND_INITIALIZER;
static int has_item, item, got = -1;

static void *consumer(void *arg)
{
	(void)arg;
	rl_lock(&log_lock);	/* racelab:mark hold */
	rl_window();	/* the producer starts only now */
	printf("consumer: waiting for an item\n");
	rl_lock(&queue_lock);
	while (!has_item)
		rl_cond_wait(&item_ready, &queue_lock);	/* racelab:mark wait */
	got = item;
	has_item = 0;
	rl_unlock(&queue_lock);
	printf("consumer: got item %d\n", got);
	rl_unlock(&log_lock);
	rl_worker_done();
	return NULL;
}

static void *producer(void *arg)
{
	(void)arg;
	rl_window();
	rl_lock(&log_lock);	/* racelab:mark needs */
	printf("producer: handing over item 42\n");
	rl_unlock(&log_lock);
	rl_lock(&queue_lock);
	item = 42;
	has_item = 1;
	RL_CHECK(pthread_cond_signal(&item_ready));
	rl_unlock(&queue_lock);
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t c, p;

	rl_window_init(2);
	RL_CHECK(pthread_create(&c, NULL, consumer, NULL));
	RL_CHECK(pthread_create(&p, NULL, producer, NULL));
	RL_CHECK(pthread_join(c, NULL));
	RL_CHECK(pthread_join(p, NULL));
	if (got != 42)
		rl_symptom("wrong-result", "the consumer got item %d, expected 42", got);
	return 0;
}
