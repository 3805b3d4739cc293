/* many_threads - 300 threads at once: more than explore models.
 * status: 2
 * said: explore models 64 threads at most
 */
#include <pthread.h>
#include <stdlib.h>

enum { N = 300 };
static int slot[N];

static void *work(void *arg)
{
	slot[(long)arg] = 1;
	return NULL;
}

int main(void)
{
	static pthread_t t[N];

	for (long i = 0; i < N; i++)
		if (pthread_create(&t[i], NULL, work, (void *)i))
			abort();
	for (int i = 0; i < N; i++)
		if (pthread_join(t[i], NULL))
			abort();
	return 0;
}
