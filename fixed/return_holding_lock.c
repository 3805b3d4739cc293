/* racelab case: return_holding_lock
 * bug: withdraw() takes the account's lock and, when the balance is too
 *   low, returns "refused" - still holding it. The next withdraw() or
 *   deposit() would wait for ever for a lock nobody will let go. In this
 *   run no withdrawal is ever refused: the path is there, never taken.
 * class: deadlock
 * concepts: mutex, error paths, lock scope, static analysis, coverage
 * symptom: none in this run; after a refused withdrawal the next customer hangs.
 * fix: unlock before the early return (or have one exit that unlocks).
 * hint: the tools that run the program say nothing. Follow each return of withdraw(): what does it leave behind?
 * hint: clang's analysis checks that every way out of a function leaves its locks as it found them: which one does not?
 */
#include <stdio.h>

#include "racelab.h"
#include "thread_safety.h"

enum { CUSTOMERS = 2, ROUNDS = 50 };

static ts_mutex_t account_lock = PTHREAD_MUTEX_INITIALIZER;
static long balance GUARDED_BY(account_lock) = 1000;

static void deposit(long amount) EXCLUDES(account_lock)
{
	ts_mutex_lock(&account_lock);
	balance += amount;
	ts_mutex_unlock(&account_lock);
}

/* 0 when paid out, -1 when the balance is too low. */
static int withdraw(long amount) EXCLUDES(account_lock)
{
	ts_mutex_lock(&account_lock);
	if (balance < amount) {
		ts_mutex_unlock(&account_lock);
		return -1;
	}
	balance -= amount;
	ts_mutex_unlock(&account_lock);
	return 0;
}

static void *customer(void *arg)
{
	long *refused = arg;

	for (int i = 0; i < ROUNDS; i++) {
		if (withdraw(10) != 0)
			++*refused;
		deposit(10);
	}
	return NULL;
}

int main(void)
{
	pthread_t threads[CUSTOMERS];
	long refused[CUSTOMERS] = { 0 };
	long final;

	for (int i = 0; i < CUSTOMERS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, customer, &refused[i]));
	for (int i = 0; i < CUSTOMERS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	ts_mutex_lock(&account_lock);
	final = balance;
	ts_mutex_unlock(&account_lock);
	printf("balance %ld, %ld withdrawals refused\n", final,
	       refused[0] + refused[1]);
	if (final != 1000)
		rl_symptom("wrong-result", "the balance is %ld, expected 1000", final);
	return 0;
}
