/* guarded.c - annotated data touched without its lock: a write and a read
 * of a GUARDED_BY variable, a write through a PT_GUARDED_BY pointer, and a
 * call to a function that REQUIRES the lock.
 */
#include "racelab.h"
#include "thread_safety.h"

static ts_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long balance GUARDED_BY(lock);
static long *cells PT_GUARDED_BY(lock);

static void deposit(long n) REQUIRES(lock)
{
	balance += n;
}

static void *worker(void *arg)
{
	balance += 1;	/* @write-unlocked */
	*cells = 2;	/* @pt-write-unlocked */
	deposit(3);	/* @call-unlocked */
	ts_mutex_lock(&lock);
	deposit(4);
	ts_mutex_unlock(&lock);
	return arg;
}

int main(void)
{
	static long cell;
	pthread_t t;

	cells = &cell;
	RL_CHECK(pthread_create(&t, NULL, worker, NULL));
	RL_CHECK(pthread_join(t, NULL));
	return balance == 8 ? 0 : (int)balance;	/* @read-unlocked */
}
