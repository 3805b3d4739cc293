/* time_dependent - how many times each thread takes the lock depends on
 * the clock, so a schedule recorded once does not fit the next run:
 * replay must say where it diverged, not pass or fail silently.
 * status: 1
 * replay: diverged
 */
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100, rounds;

static void *withdraw(void *arg)
{
	int ok;

	for (int i = 0; i < rounds; i++) {
		pthread_mutex_lock(&lock);
		pthread_mutex_unlock(&lock);
	}
	pthread_mutex_lock(&lock);
	ok = balance >= (long)arg;
	pthread_mutex_unlock(&lock);
	if (ok) {
		pthread_mutex_lock(&lock);
		balance -= (long)arg;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

int main(void)
{
	struct timespec now;
	pthread_t a, b;

	clock_gettime(CLOCK_REALTIME, &now);
	rounds = 1 + (int)(now.tv_nsec / 1000 % 7);
	pthread_create(&a, NULL, withdraw, (void *)60L);
	pthread_create(&b, NULL, withdraw, (void *)80L);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	assert(balance >= 0);
	return 0;
}
