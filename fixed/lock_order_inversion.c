/* racelab fix: lock_order_inversion */
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
	struct account *first = from->id < to->id ? from : to;
	struct account *second = from->id < to->id ? to : from;

	RL_CHECK(pthread_mutex_lock(&first->lock));
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
