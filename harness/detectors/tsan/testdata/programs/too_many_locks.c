/* too_many_locks: holds 70 mutexes at once, past the 64 that TSan's
 * deadlock detector can track: its runtime fails a CHECK. */
#include <pthread.h>

static pthread_mutex_t locks[70];

int main(void)
{
	for (int i = 0; i < 70; i++)
		pthread_mutex_init(&locks[i], NULL);
	for (int i = 0; i < 70; i++)
		pthread_mutex_lock(&locks[i]);
	for (int i = 69; i >= 0; i--)
		pthread_mutex_unlock(&locks[i]);
	return 0;
}
