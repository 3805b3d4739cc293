/* racelab case: deadlock_abba
 * bug: transfer() locks the source account, then the destination. Two
 *   transfers in opposite directions each take their first lock and then
 *   wait forever for the lock the other holds: the ABBA deadlock, happening.
 * class: deadlock
 * concepts: mutex, deadlock, circular wait, hold and wait, lock ordering
 * expect native: blind - the program hangs, so its own check never runs
 * expect tsan: blind - TSan reports a lock-order cycle only once both orders have completed; here neither second lock is ever taken, so it has no cycle to report
 * expect tsan-gcc: blind - TSan reports a lock-order cycle only once both orders have completed; here neither second lock is ever taken, so it has no cycle to report
 * expect helgrind: blind - Helgrind checks the order of acquisitions that happen; the two that would close the cycle never do
 * expect drd: blind - DRD has no lock-order check, and a hang is no error it reports: both threads are only waiting for a lock another holds
 * expect watchdog: deadlock
 * expect explore: deadlock
 * symptom: the program hangs, every run.
 * fix: every transfer takes the two locks in one global order: the lower account id first.
 * hint: which lock does each thread hold, and which does it wait for?
 * hint: if everyone took alice's lock before bob's, could a cycle form?
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

/* rl_window() waits until the other transfer holds its first lock too (or
 * is waiting for one): the deadly interleaving, every run. */
static void transfer(struct account *from, struct account *to, long amount)
{
	rl_lock(&from->lock);	/* racelab:mark first */
	rl_window();
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
	rl_worker_done();
	return NULL;
}

static void *pay_alice(void *arg)
{
	(void)arg;
	transfer(&bob, &alice, 20);
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	rl_window_init(2);
	RL_CHECK(pthread_create(&a, NULL, pay_bob, NULL));
	RL_CHECK(pthread_create(&b, NULL, pay_alice, NULL));
	RL_CHECK(pthread_join(a, NULL));
	RL_CHECK(pthread_join(b, NULL));
	printf("alice %ld, bob %ld\n", alice.balance, bob.balance);
	if (alice.balance + bob.balance != 200)
		rl_symptom("wrong-result", "money was created or destroyed: %ld in all",
			   alice.balance + bob.balance);
	else if (alice.balance != 110)
		rl_symptom("wrong-result", "a transfer was not made: alice has %ld, not 110",
			   alice.balance);
	return 0;
}
