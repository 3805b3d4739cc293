/* racelab case: rmw_via_call
 * bug: cashiers record a sale with set_total(get_total() + amount). Each
 *   accessor takes the till's lock, so each call is safe on its own, but
 *   the lock is dropped between the get and the set: two cashiers get the
 *   same total, and the second set overwrites the first sale.
 * class: non-atomic-increment
 * concepts: atomicity, critical section, mutex, data race vs race condition
 * expect native: lost-update
 * expect tsan: blind - no data race: every access to the total is made under the till's lock, which orders them all; a read-modify-write split over two critical sections is an atomicity violation, which TSan does not look for
 * expect tsan-gcc: blind - no data race: every access to the total is made under the till's lock, which orders them all; a read-modify-write split over two critical sections is an atomicity violation, which TSan does not look for
 * expect helgrind: blind - no data race: every access to the total is made under the till's lock, which orders them all; a read-modify-write split over two critical sections is an atomicity violation, which Helgrind does not look for
 * expect drd: blind - no data race: every access to the total is made under the till's lock, which orders them all; a read-modify-write split over two critical sections is an atomicity violation, which DRD does not look for
 * expect watchdog: blind - not a liveness bug: every cashier finishes
 * expect explore: lost-update
 * expect thread-safety: blind - the annotations hold: every access to the total is made with till_lock held, which is all GUARDED_BY claims; that the get and the set must be one critical section is a claim no annotation can make
 * symptom: the till ends below the float plus every sale, every run, and no detector says a word.
 * fix: one critical section from the get to the set: record_sale() holds the till's lock across the whole read-modify-write.
 * hint: each accessor locks; how many times is the lock taken and released for one sale?
 * hint: what may another cashier do between those two critical sections?
 */
#include <stdio.h>

#include "racelab.h"
#include "thread_safety.h"

enum { CASHIERS = 3, SALES = 100, FLOAT = 500 };

static ts_mutex_t till_lock = PTHREAD_MUTEX_INITIALIZER;
static long total GUARDED_BY(till_lock);

/* The till's interface: each call holds the lock for its own access. */
static long get_total(void) EXCLUDES(till_lock)
{
	ts_mutex_lock(&till_lock);
	long t = total;
	ts_mutex_unlock(&till_lock);
	return t;
}

static void set_total(long t) EXCLUDES(till_lock)
{
	ts_mutex_lock(&till_lock);
	total = t;
	ts_mutex_unlock(&till_lock);
}

/* set_total(get_total() + amount), with the gap between the two calls
 * held open by rl_window() until every cashier has got the total. */
static void record_sale(long amount)
{
	long seen = get_total();	/* racelab:mark get */
	rl_window();
	set_total(seen + amount);	/* racelab:mark set */
}

static void *cashier(void *arg)
{
	long amount = *(long *)arg;

	for (int i = 0; i < SALES; i++)
		record_sale(amount);
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t threads[CASHIERS];
	long prices[CASHIERS];
	long expected = FLOAT;

	set_total(FLOAT);
	rl_window_init(CASHIERS);
	for (int i = 0; i < CASHIERS; i++) {
		prices[i] = 5 * (i + 1);
		expected += prices[i] * SALES;
		RL_CHECK(pthread_create(&threads[i], NULL, cashier, &prices[i]));
	}
	for (int i = 0; i < CASHIERS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	printf("till = %ld (expected %ld)\n", get_total(), expected);
	if (get_total() != expected)
		rl_symptom("lost-update", "the till holds %ld, expected %ld: %ld in sales lost",
			   get_total(), expected, expected - get_total());
	return 0;
}
