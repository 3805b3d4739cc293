/* racelab case: semaphore_order_buffer
 * bug: a bounded buffer guarded by three semaphores: `mutex` (1) for the
 *   buffer's indices, `empty_slots` (SLOTS) and `full_slots` (0) to count.
 *   The producer takes `mutex` first and only then waits for an empty
 *   slot. With the buffer full it sleeps holding `mutex`, and the consumer,
 *   who would empty a slot, waits for `mutex`.
 * class: deadlock
 * concepts: semaphore, bounded buffer, producer-consumer, hold and wait
 * expect native: blind - the program hangs, so its own check never runs
 * expect tsan: blind - TSan sees semaphores only as happens-before edges, never who waits for whom
 * expect tsan-gcc: blind - TSan sees semaphores only as happens-before edges, never who waits for whom
 * expect helgrind: blind - Helgrind too treats sem_post/sem_wait as happens-before edges and checks no order between semaphores
 * expect drd: blind - DRD too treats sem_post/sem_wait as happens-before edges and checks no order between semaphores
 * expect watchdog: lost-wakeup
 * expect explore: lost-wakeup
 * symptom: the program hangs once the buffer is full, every run. A semaphore has no owner for the watchdog to read, so it sees two threads asleep on semaphores and no cycle it can prove: it names the hang a lost wakeup (every thread blocked, none holding what another waits for).
 * fix: wait for an empty slot first, then for `mutex`: never sleep on a counting semaphore while holding the one that guards the buffer.
 * hint: when the buffer is full, where does the producer sleep, and what does it hold while it sleeps?
 * hint: the producer needs both; does it matter which it waits for first?
 */
#include <stdio.h>

#include "racelab.h"

enum { SLOTS = 4, ITEMS = 1000 };

static int buffer[SLOTS], in, out;
static sem_t mutex, empty_slots, full_slots;
static long sum;

static void post(sem_t *s)
{
	RL_CHECK_ERRNO(sem_post(s));
}

static void *producer(void *arg)
{
	(void)arg;
	for (int i = 1; i <= ITEMS; i++) {
		rl_sem_wait(&mutex);	/* racelab:mark mutex */
		rl_sem_wait(&empty_slots);	/* racelab:mark slot */
		buffer[in] = i;
		in = (in + 1) % SLOTS;
		post(&mutex);
		post(&full_slots);
	}
	rl_worker_done();
	return NULL;
}

static void *consumer(void *arg)
{
	(void)arg;
	rl_window();	/* starts once the producer sleeps on a full buffer */
	for (int i = 1; i <= ITEMS; i++) {
		rl_sem_wait(&full_slots);
		rl_sem_wait(&mutex);	/* racelab:mark take */
		sum += buffer[out];
		out = (out + 1) % SLOTS;
		post(&mutex);
		post(&empty_slots);
	}
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t p, c;

	RL_CHECK_ERRNO(sem_init(&mutex, 0, 1));
	RL_CHECK_ERRNO(sem_init(&empty_slots, 0, SLOTS));
	RL_CHECK_ERRNO(sem_init(&full_slots, 0, 0));
	rl_window_init(2);
	RL_CHECK(pthread_create(&p, NULL, producer, NULL));
	RL_CHECK(pthread_create(&c, NULL, consumer, NULL));
	RL_CHECK(pthread_join(p, NULL));
	RL_CHECK(pthread_join(c, NULL));
	printf("sum of the items: %ld\n", sum);
	if (sum != (long)ITEMS * (ITEMS + 1) / 2)
		rl_symptom("wrong-result", "the items add up to %ld, expected %ld", sum,
			   (long)ITEMS * (ITEMS + 1) / 2);
	return 0;
}
