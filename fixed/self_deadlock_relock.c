/* racelab fix: self_deadlock_relock */
#include <stdio.h>

#include "racelab.h"
#include "thread_safety.h"

enum { TELLERS = 2, DEPOSITS = 100 };

static ts_mutex_t account_lock;	/* a default mutex: not reentrant */
static long balance GUARDED_BY(account_lock);
static long audited_max GUARDED_BY(account_lock);

/* Records the highest balance seen; the caller holds account_lock. */
static void audit_locked(void) REQUIRES(account_lock)
{
	if (balance > audited_max)
		audited_max = balance;
}

/* The same, for callers that do not hold it. */
static void audit(void) EXCLUDES(account_lock)
{
	ts_mutex_lock(&account_lock);
	audit_locked();
	ts_mutex_unlock(&account_lock);
}

static void deposit(long amount) EXCLUDES(account_lock)
{
	ts_mutex_lock(&account_lock);	/* racelab:mark first */
	balance += amount;
	audit_locked();
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
