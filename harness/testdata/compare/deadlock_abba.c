/* One thread takes a then b, the other b then a, and a barrier makes
 * each hold its first lock before it asks for its second: the ABBA
 * deadlock, happening every run. The watchdog asks the debugger
 * for the stuck threads' stacks (through vgdb under Valgrind). */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both_hold_one;

static void take_two(pthread_mutex_t *first, pthread_mutex_t *second)
{
	pthread_mutex_lock(first);
	pthread_barrier_wait(&both_hold_one);
	pthread_mutex_lock(second);	/* BUG */
	pthread_mutex_unlock(second);
	pthread_mutex_unlock(first);
}

static void *ab(void *arg)
{
	(void)arg;
	take_two(&a, &b);
	return NULL;
}

static void *ba(void *arg)
{
	(void)arg;
	take_two(&b, &a);
	return NULL;
}

int main(void)
{
	pthread_t s, t;

	pthread_barrier_init(&both_hold_one, NULL, 2);
	pthread_create(&s, NULL, ab, NULL);
	pthread_create(&t, NULL, ba, NULL);
	pthread_join(s, NULL);
	pthread_join(t, NULL);
	puts("never");
	return 0;
}
