/* racelab case: struct_field_add
 * bug: three tellers deposit into one account they each hold a pointer to,
 *   with `acct->balance += amount` and no lock. A field reached through a
 *   pointer is shared memory like any global: each teller loads the
 *   balance, adds, and stores over the deposits made since its load.
 * class: non-atomic-increment
 * concepts: atomicity, critical section, mutex, shared data through pointers
 * expect native: lost-update
 * expect tsan: data-race
 * expect tsan-gcc: data-race
 * expect helgrind: data-race
 * expect drd: data-race
 * expect watchdog: blind - not a liveness bug: every teller finishes
 * expect explore: lost-update
 * symptom: the balance ends below the opening balance plus every deposit, every run.
 * fix: the account carries its own mutex, which deposit() holds from the load to the store.
 * hint: deposit() touches no global; which memory do the tellers share anyway?
 * hint: where would you keep the lock that guards one account's balance?
 */
#include <stdio.h>

#include "racelab.h"

enum { TELLERS = 3, DEPOSITS = 100, OPENING = 1000 };

struct account {
	int id;
	long balance;
};

struct teller {
	struct account *acct;
	long amount;
};

/* acct->balance += amount, spelt out in its steps: rl_window() holds the
 * gap between load and store open until every teller has loaded. */
static void deposit(struct account *acct, long amount)
{
	long balance = acct->balance;	/* racelab:mark load */
	rl_window();
	acct->balance = balance + amount;	/* racelab:mark store */
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
	struct account savings = { .id = 7, .balance = OPENING };
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
