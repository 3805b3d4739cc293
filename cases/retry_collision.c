/* racelab case: retry_collision
 * bug: an optimistic update: read the record and its version, compute,
 *   announce the write by bumping the version, then commit only if the
 *   version moved by exactly one (only our own announcement). Two clerks
 *   updating at once both announce, so each sees the other's bump, each
 *   gives up and retries - and collides again in the same way, forever.
 * class: livelock
 * concepts: optimistic concurrency, compare and retry, livelock, priority
 * expect native: blind - the program spins until the watchdog stops it, so its own check never runs
 * expect tsan: blind - every access to the record is under its mutex: no race, and a retry loop is no event to TSan
 * expect tsan-gcc: blind - every access to the record is under its mutex: no race, and a retry loop is no event to TSan
 * expect helgrind: blind - the record is properly locked, so Helgrind has nothing to report; it does not watch progress
 * expect drd: blind - the record is properly locked, so DRD has nothing to report; it does not watch progress
 * expect watchdog: livelock
 * expect explore: livelock
 * symptom: both clerks burn CPU and no update is ever committed, every run; the watchdog sees CPU spent with no progress marked.
 * fix: announce only if nobody has announced since our snapshot (compare, then bump): the first clerk to announce wins the round and commits, the other retries after it.
 * hint: a failed attempt should cost only the one who failed; whom does a failed attempt here hurt?
 * hint: when two clerks collide, which rule could pick one of them to go ahead?
 */
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
		announced = 1;
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
