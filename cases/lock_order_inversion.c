/* racelab case: lock_order_inversion
 * bug: transfer() locks the source account, then the destination, so a
 *   transfer from A to B and one from B to A take the same two locks in
 *   opposite orders (ABBA). Had they overlapped, each would hold one lock
 *   and wait for the other forever.
 * class: deadlock
 * concepts: mutex, lock ordering, deadlock (potential), circular wait
 * expect native: blind - here the second transfer starts after the first has finished, so nothing hangs; the deadlock is a possibility, not an event (case deadlock_abba is the hang itself)
 * expect tsan: lock-order
 * expect tsan-gcc: lock-order
 * expect helgrind: lock-order
 * expect drd: blind - DRD has no lock-order check (Helgrind's LockOrder has no DRD counterpart): both orders complete with every access locked, so it has nothing to say
 * expect watchdog: blind - the inverted order completes here: nothing hangs for the watchdog to see
 * expect explore: deadlock
 * symptom: none in this run; under another interleaving, a hang.
 * fix: every transfer takes the two locks in one global order: the lower account id first.
 * hint: draw which lock each thread holds while it asks for the other.
 * hint: a cycle needs two orders; what if there were only one?
 */
#include <stdio.h>

#include "racelab.h"

struct account {
	int id;
	long balance;
	pthread_mutex_t lock;
};

static struct account alice = { 1, 100, PTHREAD_MUTEX_INITIALIZER };
static struct account bob = { 2, 100, PTHREAD_MUTEX_INITIALIZER };
static rl_event first_done = RL_EVENT_INIT;

static void transfer(struct account *from, struct account *to, long amount)
{
	rl_lock(&from->lock);	/* racelab:mark first */
	rl_lock(&to->lock);	/* racelab:mark second */
	from->balance -= amount;
	to->balance += amount;
	rl_unlock(&to->lock);
	rl_unlock(&from->lock);
}

static void *pay_bob(void *arg)
{
	(void)arg;
	transfer(&alice, &bob, 10);
	rl_event_post(&first_done);
	return NULL;
}

/* Waits, invisibly to the tools, for pay_bob to finish: the run does not
 * hang, and the tools see two threads with no order between them. */
static void *pay_alice(void *arg)
{
	(void)arg;
	rl_event_wait(&first_done);
	transfer(&bob, &alice, 20);
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	RL_CHECK(pthread_create(&a, NULL, pay_bob, NULL));
	RL_CHECK(pthread_create(&b, NULL, pay_alice, NULL));
	RL_CHECK(pthread_join(a, NULL));
	RL_CHECK(pthread_join(b, NULL));
	printf("alice %ld, bob %ld\n", alice.balance, bob.balance);
	if (alice.balance + bob.balance != 200)
		rl_symptom("wrong-result", "money was created or destroyed: %ld in all",
			   alice.balance + bob.balance);
	return 0;
}
