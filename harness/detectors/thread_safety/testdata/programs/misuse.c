/* misuse.c - lock calls that do not pair up: a double lock, a release of
 * a lock not held, a lock still held when its function returns, and one
 * held on only some paths.
 */
#include "racelab.h"
#include "thread_safety.h"

static ts_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int count GUARDED_BY(lock);

static void twice(void)
{
	ts_mutex_lock(&lock);
	ts_mutex_lock(&lock);	/* @double-lock */
	count++;
	ts_mutex_unlock(&lock);
}

static void release_unheld(void)
{
	ts_mutex_unlock(&lock);	/* @release-unheld */
}

static void keep(void)
{
	ts_mutex_lock(&lock);	/* @still-held */
	count++;
}

static void sometimes(int n)
{
	if (n)
		ts_mutex_lock(&lock);	/* @some-paths */
	count = n;	/* @some-paths-write */
	if (n)
		ts_mutex_unlock(&lock);
}

int main(void)
{
	twice();
	release_unheld();
	keep();
	sometimes(0);
	return 0;
}
