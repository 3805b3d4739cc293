/* racelab case: rwlock_upgrade
 * bug: lookup() reads a cache under the read lock and, on a miss, takes
 *   the write lock to insert the value - while it still holds the read
 *   lock. A pthread rwlock cannot be upgraded: the write lock waits until
 *   no reader holds the lock, and one reader is the waiting thread itself.
 * class: deadlock
 * concepts: readers-writer lock, lock upgrade, deadlock, check-then-act
 * expect native: blind - the program hangs at its first miss, so its own check never runs
 * expect tsan: blind - TSan's deadlock detector skips a lock the thread already holds, and takes the write lock call that never returns for an ordinary wait
 * expect tsan-gcc: blind - TSan's deadlock detector skips a lock the thread already holds, and takes the write lock call that never returns for an ordinary wait
 * expect helgrind: blind - it checks a write lock against a read lock the same thread holds only once the call returns, and it never does
 * expect drd: blind - DRD reports rwlock misuse it sees in a call that returns; the write lock call never returns, and DRD reports no hangs
 * expect watchdog: lost-wakeup - a self-deadlock really: the watchdog does not read who holds a rwlock, so it finds no owner to close the cycle and names the hang a lost wakeup
 * expect explore: deadlock
 * expect thread-safety: mutex-misuse
 * symptom: the program hangs at the first cache miss, every run.
 * fix: release the read lock, take the write lock, and look again before inserting: another thread may have inserted the key in between.
 * hint: the write lock waits until no thread holds the read lock; who holds it?
 * hint: once you let go of the read lock to take the write lock, what may have changed?
 */
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
		ts_rwlock_wrlock(&cache_lock);	/* racelab:mark upgrade */
		value = cache[key] = slow_square(key);
		computed++;
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
