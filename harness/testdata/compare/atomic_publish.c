/* A correct publication through a C11 release store and an acquire
 * load: TSan models them and is silent; Helgrind and DRD see plain moves
 * and report the flag and the data it guards (FP lines). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static int payload;
static atomic_int ready;

static void *producer(void *arg)
{
	(void)arg;
	payload = 42;	/* FP: published by the release store below */
	atomic_store_explicit(&ready, 1, memory_order_release);	/* FP */
	return NULL;
}

int main(void)
{
	pthread_t t;
	int seen = 0;

	pthread_create(&t, NULL, producer, NULL);
	while (!atomic_load_explicit(&ready, memory_order_acquire))	/* FP */
		;
	seen = payload;	/* FP: after the acquire load that saw 1 */
	pthread_join(t, NULL);
	printf("%d\n", seen);
	return seen == 42 ? 0 : 1;
}
