/* order.c - two mutexes with a declared order, taken in the other one
 * (ACQUIRED_BEFORE: checked under -Wthread-safety-beta).
 */
#include "racelab.h"
#include "thread_safety.h"

static ts_mutex_t first = PTHREAD_MUTEX_INITIALIZER;
static ts_mutex_t second ACQUIRED_AFTER(first) = PTHREAD_MUTEX_INITIALIZER;

int main(void)
{
	ts_mutex_lock(&first);
	ts_mutex_lock(&second);
	ts_mutex_unlock(&second);
	ts_mutex_unlock(&first);

	ts_mutex_lock(&second);
	ts_mutex_lock(&first);	/* @wrong-order */
	ts_mutex_unlock(&first);
	ts_mutex_unlock(&second);
	return 0;
}
