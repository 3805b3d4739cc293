/* bank_split_check - fixed: the balance is checked and debited in one critical section.
 * kind: atomicity
 * bug: assertion
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CLIENTS = 2, REQUESTS = 10 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
/* The clients ask for 20 units in all and the account holds 19: exactly
 * one request must be refused. */
static int balance = 19;
static int refused;

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
		abort();
	}
}

/* Checks and debits under one lock; counts a refusal otherwise. */
static void withdraw(int amount)
{
	check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
	if (balance >= amount) {
		balance -= amount;
		assert(balance >= 0 && "account overdrawn");
	} else {
		refused++;
	}
	check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
}

static void *client(void *arg)
{
	(void)arg;
	for (int i = 0; i < REQUESTS; i++) {
		withdraw(1);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[CLIENTS];
	for (int i = 0; i < CLIENTS; i++)
		check(pthread_create(&t[i], NULL, client, NULL), "pthread_create");
	for (int i = 0; i < CLIENTS; i++)
		check(pthread_join(t[i], NULL), "pthread_join");
	assert(balance == 0 && refused == 1);
	return 0;
}
