/* racelab fix: bank_withdraw */
#include <stdio.h>

#include "racelab.h"

enum { CUSTOMERS = 2, OPENING = 100, AMOUNT = 80 };

static long balance = OPENING;
static pthread_mutex_t account_lock = PTHREAD_MUTEX_INITIALIZER;

/* rl_window() holds the gap between the check and the update open until
 * the other customer has checked too. */
static int withdraw(long amount)
{
	int ok = 0;

	RL_CHECK(pthread_mutex_lock(&account_lock));
	if (balance >= amount) {
		rl_window();
		balance -= amount;
		ok = 1;
	}
	RL_CHECK(pthread_mutex_unlock(&account_lock));
	return ok;
}

static void *customer(void *arg)
{
	int *paid = arg;

	/* Start together: a worker that spun in rl_window() long after its
	 * first access, waiting for the other to be created, could push that
	 * access out of TSan's bounded history (TSan then drops the race). */
	rl_window();
	*paid = withdraw(AMOUNT) ? AMOUNT : 0;
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t threads[CUSTOMERS];
	int paid[CUSTOMERS] = { 0 };
	long paid_out = 0;

	rl_window_init(CUSTOMERS);
	for (int i = 0; i < CUSTOMERS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, customer, &paid[i]));
	for (int i = 0; i < CUSTOMERS; i++) {
		RL_CHECK(pthread_join(threads[i], NULL));
		paid_out += paid[i];
	}
	printf("paid out %ld, balance %ld (opening %d)\n", paid_out, balance,
	       OPENING);
	if (balance < 0 || paid_out + balance != OPENING)
		rl_symptom("wrong-result", "paid out %ld from an account of %d; the balance is now %ld",
			   paid_out, OPENING, balance);
	return 0;
}
