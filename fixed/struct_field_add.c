/* racelab fix: struct_field_add */
#include <stdio.h>

#include "racelab.h"

enum { TELLERS = 3, DEPOSITS = 100, OPENING = 1000 };

struct account {
	int id;
	long balance;
	pthread_mutex_t lock;	/* guards balance */
};

struct teller {
	struct account *acct;
	long amount;
};

/* acct->balance += amount, spelt out in its steps: rl_window() holds the
 * gap between load and store open until every teller has loaded. */
static void deposit(struct account *acct, long amount)
{
	RL_CHECK(pthread_mutex_lock(&acct->lock));
	long balance = acct->balance;
	rl_window();
	acct->balance = balance + amount;
	RL_CHECK(pthread_mutex_unlock(&acct->lock));
}

static void *teller(void *arg)
{
	struct teller *t = arg;

	for (int i = 0; i < DEPOSITS; i++)
		deposit(t->acct, t->amount);
	rl_worker_done();
	return NULL;
}

int main(void)
{
	struct account savings = { .id = 7, .balance = OPENING,
				    .lock = PTHREAD_MUTEX_INITIALIZER };
	struct teller tellers[TELLERS];
	pthread_t threads[TELLERS];
	long expected = OPENING;

	rl_window_init(TELLERS);
	for (int i = 0; i < TELLERS; i++) {
		tellers[i] = (struct teller){ &savings, 10 * (i + 1) };
		expected += tellers[i].amount * DEPOSITS;
		RL_CHECK(pthread_create(&threads[i], NULL, teller, &tellers[i]));
	}
	for (int i = 0; i < TELLERS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	printf("account %d: balance %ld (expected %ld)\n", savings.id,
	       savings.balance, expected);
	if (savings.balance != expected)
		rl_symptom("lost-update", "account %d holds %ld, expected %ld: %ld in deposits lost",
			   savings.id, savings.balance, expected,
			   expected - savings.balance);
	return 0;
}
