/* never_ends - two threads wait for a flag nobody sets: every schedule
 * spends its step budget, and explore says it has no verdict on them
 * rather than "no bug".
 * status: 2
 * said: did not end within the step budget
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

atomic_int go;	/* not static: the compiler cannot know nobody sets it */

static void *wait_for_go(void *arg)
{
	(void)arg;
	while (!atomic_load(&go))
		;
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	if (pthread_create(&a, NULL, wait_for_go, NULL) ||
	    pthread_create(&b, NULL, wait_for_go, NULL))
		abort();
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	return 0;
}
