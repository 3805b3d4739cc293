/* racelab fix: self_deadlock_relock
 * fix: a recursive mutex: audit() takes the lock again in the thread that holds it, and only counts the extra lock.
 */
#include <stdio.h>

#include "racelab.h"
#include "thread_safety.h"

enum { TELLERS = 2, DEPOSITS = 100 };

static ts_mutex_t account_lock;	/* recursive: reentrant */
static long balance GUARDED_BY(account_lock);
static long audited_max GUARDED_BY(account_lock);

/* Records the highest balance seen; callable from anywhere, the lock
 * held or not (no EXCLUDES: the lock is recursive). */
static void audit(void)
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
	pthread_mutexattr_t attr;

	RL_CHECK(pthread_mutexattr_init(&attr));
	RL_CHECK(pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE));
	RL_CHECK(pthread_mutex_init(&account_lock, &attr));
	RL_CHECK(pthread_mutexattr_destroy(&attr));

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
