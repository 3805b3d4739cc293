/* racelab fix: return_holding_lock */
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
