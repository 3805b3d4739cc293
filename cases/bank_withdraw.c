/* racelab case: bank_withdraw
 * bug: withdraw() checks the balance, then takes the money out. Two
 *   customers each ask for 80 from an account of 100: both checks see 100,
 *   both withdrawals go through, and the bank pays out 160 it did not have.
 * class: race
 * concepts: check-then-act, atomicity, critical section, mutex, invariant
 * expect native: wrong-result
 * expect tsan: data-race
 * expect tsan-gcc: data-race
 * expect helgrind: data-race
 * expect drd: data-race
 * expect watchdog: blind - not a liveness bug: every thread runs to the end
 * expect explore: wrong-result
 * symptom: both withdrawals succeed and the balance ends at -60 (or the
 *   books no longer add up), every run.
 * fix: one mutex held from the check to the update: the second customer
 *   sees the balance the first one left, and is refused.
 * hint: is the balance still 100 when the second customer's money is taken out?
 * hint: the check and the act must be one step for everyone else.
 */
#include <stdio.h>

#include "racelab.h"

enum { CUSTOMERS = 2, OPENING = 100, AMOUNT = 80 };

static long balance = OPENING;

/* rl_window() holds the gap between the check and the update open until
 * the other customer has checked too. */
static int withdraw(long amount)
{
	int ok = 0;

	if (balance >= amount) {	/* racelab:mark check */
		rl_window();
		balance -= amount;	/* racelab:mark act */
		ok = 1;
	}
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
