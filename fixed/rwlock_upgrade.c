/* racelab fix: rwlock_upgrade */
#include <stdio.h>

#include "racelab.h"
#include "thread_safety.h"

enum { LOOKERS = 2, KEYS = 16, LOOKUPS = 200 };

static ts_rwlock_t cache_lock = PTHREAD_RWLOCK_INITIALIZER;
static long cache[KEYS] GUARDED_BY(cache_lock);	/* 0: not computed yet */
static int computed GUARDED_BY(cache_lock);	/* how many values were computed */

static long slow_square(int key)
{
	return (long)key * key + 1;
}

/* The cached value of key, computed and inserted on a miss. */
static long lookup(int key)
{
	long value;

	ts_rwlock_rdlock(&cache_lock);
	value = cache[key];
	if (value == 0) {
		ts_rwlock_rdunlock(&cache_lock);
		ts_rwlock_wrlock(&cache_lock);
		value = cache[key];
		if (value == 0) {	/* nobody inserted it in between */
			value = cache[key] = slow_square(key);
			computed++;
		}
		ts_rwlock_wrunlock(&cache_lock);
		return value;
	}
	ts_rwlock_rdunlock(&cache_lock);
	return value;
}

static void *looker(void *arg)
{
	long seed = (long)arg, sum = 0;

	for (int i = 0; i < LOOKUPS; i++)
		sum += lookup((int)((i * 7 + seed) % KEYS));
	return (void *)sum;
}

int main(void)
{
	pthread_t threads[LOOKERS];
	int wrong = 0, values;

	for (long i = 0; i < LOOKERS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, looker, (void *)i));
	for (int i = 0; i < LOOKERS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	ts_rwlock_rdlock(&cache_lock);
	for (int k = 0; k < KEYS; k++)
		wrong += cache[k] != slow_square(k);
	values = computed;
	ts_rwlock_rdunlock(&cache_lock);
	printf("%d values computed for %d keys, %d wrong\n", values, KEYS, wrong);
	if (values != KEYS || wrong)
		rl_symptom("wrong-result", "%d values computed for %d keys (%d wrong): a key was computed twice",
			   values, KEYS, wrong);
	return 0;
}
