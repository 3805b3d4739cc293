/* clean.c - the same shapes as guarded.c, misuse.c and order.c, written
 * right: the analysis has nothing to say.
 */
#include "racelab.h"
#include "thread_safety.h"

static ts_mutex_t first = PTHREAD_MUTEX_INITIALIZER;
static ts_mutex_t second ACQUIRED_AFTER(first) = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static long balance GUARDED_BY(first);
static long other GUARDED_BY(second);

static void deposit(long n) REQUIRES(first)
{
	balance += n;
}

static void *worker(void *arg)
{
	ts_mutex_lock(&first);
	deposit(1);
	ts_mutex_lock(&second);
	other = balance;
	ts_mutex_unlock(&second);
	RL_CHECK(pthread_cond_signal(&changed));
	ts_mutex_unlock(&first);
	return arg;
}

int main(void)
{
	pthread_t t;
	long seen;

	RL_CHECK(pthread_create(&t, NULL, worker, NULL));
	ts_mutex_lock(&first);
	while (balance == 0)
		ts_cond_wait(&changed, &first);
	seen = balance;
	ts_mutex_unlock(&first);
	RL_CHECK(pthread_join(t, NULL));
	return seen == 1 ? 0 : 1;
}
