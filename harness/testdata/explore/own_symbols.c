/* own_symbols - defines the scheduler's own entry points: it cannot be
 * linked with racelab's, and explore says so instead of running a
 * program whose locks it would not see.
 * status: 2
 * said: multiple definition of `pthread_mutex_lock'
 */
#include <pthread.h>

int pthread_mutex_lock(pthread_mutex_t *m)
{
	(void)m;
	return 0;
}

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

int main(void)
{
	return pthread_mutex_lock(&m);
}
