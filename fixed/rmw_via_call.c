/* racelab fix: rmw_via_call */
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

/* The get, the add and the set under one hold of the lock: the other
 * cashiers wait for the lock while rl_window() lets this one through. */
static void record_sale(long amount)
{
	ts_mutex_lock(&till_lock);
	long seen = total;
	rl_window();
	total = seen + amount;
	ts_mutex_unlock(&till_lock);
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
