/* racelab fix: deadlock_abba */
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
	struct account *first = from->id < to->id ? from : to;
	struct account *second = from->id < to->id ? to : from;

	RL_CHECK(pthread_mutex_lock(&first->lock));
	rl_window();
	RL_CHECK(pthread_mutex_lock(&second->lock));
	from->balance -= amount;
	to->balance += amount;
	RL_CHECK(pthread_mutex_unlock(&second->lock));
	RL_CHECK(pthread_mutex_unlock(&first->lock));
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
