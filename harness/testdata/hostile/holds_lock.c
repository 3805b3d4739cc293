/* racelab case: holds_lock
 * bug: none: a worker holds a lock for 45 s, longer than racelab waits
 *   under Helgrind (30 s). At the limit racelab sends SIGTERM, and
 *   Valgrind then reports "Exiting thread still holds 1 lock", which was
 *   taken for a mutex misuse the program made before its time limit.
 * class: hostile
 * expect helgrind: clean
 */
#include <time.h>

#include "racelab.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg)
{
	struct timespec long_time = { 45, 0 };

	RL_CHECK(pthread_mutex_lock(&lock));
	nanosleep(&long_time, NULL);
	RL_CHECK(pthread_mutex_unlock(&lock));
	return arg;
}

int main(void)
{
	pthread_t t;

	RL_CHECK(pthread_create(&t, NULL, worker, NULL));
	RL_CHECK(pthread_join(t, NULL));
	return 0;
}
