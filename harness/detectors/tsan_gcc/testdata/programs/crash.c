/* crash.c - a data race, then the program dies of SIGSEGV.
 *
 * The race is ordered as in race2.c (a relaxed atomic, no happens-before);
 * after the report the main thread writes through a null pointer, so TSan
 * prints its DEADLYSIGNAL report and the "reported N warnings" line never
 * comes.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

static long total;
static atomic_int done;
static int *volatile target;	/* volatile: keep the store a real one */

static void *first(void *arg)
{
	(void)arg;
	total += 10;			/* CRASH-RACE-PREV */
	atomic_store_explicit(&done, 1, memory_order_relaxed);
	return NULL;
}

static void *second(void *arg)
{
	(void)arg;
	while (!atomic_load_explicit(&done, memory_order_relaxed))
		sched_yield();
	total += 20;			/* CRASH-RACE-CUR */
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, first, NULL);	/* CREATE-T1 */
	pthread_create(&t2, NULL, second, NULL);	/* CREATE-T2 */
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("crash: total=%ld, now storing through a null pointer\n", total);
	fflush(stdout);
	*target = 1;			/* CRASH-SEGV */
	return 0;
}
