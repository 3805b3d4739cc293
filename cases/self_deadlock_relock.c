/* racelab case: self_deadlock_relock
 * bug: deposit() locks the account and then calls audit(), which locks the
 *   same account again to read a consistent balance. A default pthread
 *   mutex is not reentrant: the second lock waits for the owner to unlock,
 *   and the owner is the waiting thread itself.
 * class: deadlock
 * concepts: mutex, reentrant lock, deadlock, lock contracts of helper functions
 * expect native: blind - the program hangs in its first deposit, so its own check never runs
 * expect tsan: blind - TSan's deadlock detector skips a mutex the caller already owns (it takes that for recursion), and its "double lock" is for a mutex another thread holds; the re-lock just blocks
 * expect tsan-gcc: blind - TSan's deadlock detector skips a mutex the caller already owns (it takes that for recursion), and its "double lock" is for a mutex another thread holds; the re-lock just blocks
 * expect helgrind: mutex-misuse
 * expect drd: mutex-misuse
 * expect watchdog: deadlock
 * expect explore: deadlock
 * expect thread-safety: mutex-misuse
 * symptom: the program hangs in the first deposit, every run. Helgrind says "Attempt to re-lock a non-recursive lock I already hold" just before, because main made the mutex with pthread_mutex_init(): one made with PTHREAD_MUTEX_INITIALIZER is of unknown kind to Helgrind, and it says nothing.
 * fix: split audit() into audit_locked(), which expects the caller to hold the lock, for deposit(), and audit() for callers without it (fixed/self_deadlock_relock.recursive.c: a recursive mutex instead).
 * hint: who holds the lock when audit() asks for it?
 * hint: which of the two functions could promise "call me with the lock held", and what would it then not do?
 */
#include <stdio.h>

#include "racelab.h"
#include "thread_safety.h"

enum { TELLERS = 2, DEPOSITS = 100 };

static ts_mutex_t account_lock;	/* a default mutex: not reentrant */
static long balance GUARDED_BY(account_lock);
static long audited_max GUARDED_BY(account_lock);

/* Records the highest balance seen; callable from anywhere. */
static void audit(void) EXCLUDES(account_lock)
{
	ts_mutex_lock(&account_lock);	/* racelab:mark relock */
	if (balance > audited_max)
		audited_max = balance;
	ts_mutex_unlock(&account_lock);
}

static void deposit(long amount) EXCLUDES(account_lock)
{
	ts_mutex_lock(&account_lock);	/* racelab:mark first */
	balance += amount;
	audit();	/* racelab:mark call */
	ts_mutex_unlock(&account_lock);
}

static void *teller(void *arg)
{
	(void)arg;
	for (int i = 0; i < DEPOSITS; i++)
		deposit(1);
	return NULL;
}

int main(void)
{
	pthread_t threads[TELLERS];
	const long expected = (long)TELLERS * DEPOSITS;
	long final, highest;

	RL_CHECK(pthread_mutex_init(&account_lock, NULL));

	for (int i = 0; i < TELLERS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, teller, NULL));
	for (int i = 0; i < TELLERS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	audit();
	ts_mutex_lock(&account_lock);
	final = balance;
	highest = audited_max;
	ts_mutex_unlock(&account_lock);
	printf("balance %ld, highest audited %ld\n", final, highest);
	if (final != expected || highest != expected)
		rl_symptom("wrong-result", "balance %ld and highest audited %ld, expected %ld",
			   final, highest, expected);
	return 0;
}
