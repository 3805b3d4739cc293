/* misuse.c - the reports that are not data races, one after another:
 * unlock of an unlocked mutex, destroy of a locked mutex, a read of freed
 * memory racing with the free, and a signal handler that calls malloc.
 * Error-checking mutexes make glibc refuse the bad calls instead of
 * corrupting the lock, so the program runs on to the next one.
 */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static int *shared;
static atomic_int freed;

static void *freer(void *arg)
{
	(void)arg;
	free(shared);			/* MISUSE-FREE */
	atomic_store_explicit(&freed, 1, memory_order_relaxed);
	return NULL;
}

static void *reader(void *arg)
{
	(void)arg;
	while (!atomic_load_explicit(&freed, memory_order_relaxed))
		sched_yield();
	return (void *)(long)*shared;	/* MISUSE-UAF */
}

static void on_usr1(int sig)
{
	char *volatile p;	/* volatile: or clang drops the pair */

	(void)sig;
	p = malloc(16);			/* MISUSE-SIGNAL */
	free(p);
}

int main(void)
{
	pthread_mutexattr_t attr;
	pthread_mutex_t m, d;
	pthread_t t1, t2;

	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&m, &attr);	/* INIT-M */
	pthread_mutex_unlock(&m);	/* MISUSE-UNLOCK */
	/* A second mutex: TSan reports nothing more about one it has
	 * already reported as misused. */
	pthread_mutex_init(&d, &attr);	/* INIT-D */
	pthread_mutex_lock(&d);		/* LOCK-D */
	pthread_mutex_destroy(&d);	/* MISUSE-DESTROY */

	shared = malloc(sizeof *shared);
	*shared = 7;
	pthread_create(&t1, NULL, freer, NULL);	/* CREATE-T1 */
	pthread_create(&t2, NULL, reader, NULL);	/* CREATE-T2 */
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);

	signal(SIGUSR1, on_usr1);
	raise(SIGUSR1);			/* RAISE */
	printf("misuse: done\n");
	return 0;
}
