/* spins_without_points - a thread spins on a flag the compiler knows
 * nobody sets, so the loop reaches no scheduling point at all: explore
 * stops the schedule at its time, and the search with it (no schedule
 * has ended, so none will), and says why, rather than "no bug".
 * status: 2
 * said: ran without reaching a scheduling point
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

static atomic_int go;

static void *wait_for_go(void *arg)
{
	(void)arg;
	while (!atomic_load(&go))
		;
	return NULL;
}

int main(void)
{
	pthread_t a;

	if (pthread_create(&a, NULL, wait_for_go, NULL))
		abort();
	pthread_join(a, NULL);
	return 0;
}
