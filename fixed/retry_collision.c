/* racelab fix: retry_collision */
#include <stdio.h>

#include "racelab.h"

enum { CLERKS = 2, UPDATES = 200 };

static struct {
	pthread_mutex_t lock;
	long version;	/* bumped by every announcement and every commit */
	long balance;
} account = { PTHREAD_MUTEX_INITIALIZER, 0, 0 };

/* rl_window() keeps the clerks in step: both take their snapshot before
 * either announces, and both announce before either validates. The lock is
 * taken with plain pthread calls, never held across a window: a clerk
 * waiting for it must not count as being in the window (as one waiting in
 * rl_lock() would), or the other would run a step ahead. */
static void add(long amount)
{
	for (;;) {
		long seen, balance;
		int announced, ok;

		RL_CHECK(pthread_mutex_lock(&account.lock));
		seen = account.version;
		balance = account.balance + amount;
		RL_CHECK(pthread_mutex_unlock(&account.lock));
		rl_window();

		RL_CHECK(pthread_mutex_lock(&account.lock));
		announced = account.version == seen;
		if (announced)
			account.version++;	/* racelab:mark announce */
		RL_CHECK(pthread_mutex_unlock(&account.lock));
		rl_window();

		RL_CHECK(pthread_mutex_lock(&account.lock));
		ok = announced && account.version == seen + 1;	/* racelab:mark validate */
		if (ok) {
			account.balance = balance;
			account.version++;
		}
		RL_CHECK(pthread_mutex_unlock(&account.lock));
		if (ok)
			break;
	}
	rl_progress();
}

static void *clerk(void *arg)
{
	(void)arg;
	for (int i = 0; i < UPDATES; i++)
		add(1);
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t threads[CLERKS];

	rl_marks_progress();
	rl_window_init(CLERKS);
	for (int i = 0; i < CLERKS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, clerk, NULL));
	for (int i = 0; i < CLERKS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	printf("balance %ld\n", account.balance);
	if (account.balance != (long)CLERKS * UPDATES)
		rl_symptom("lost-update", "balance %ld, expected %ld", account.balance,
			   (long)CLERKS * UPDATES);
	return 0;
}
