/* Annotated with clang's attributes written out, no macro family at all:
 * __attribute__((capability)), ((guarded_by)), ((acquire_capability)) ...
 * A hit counter whose report() reads without the lock. */
#include <pthread.h>
#include <stdio.h>

typedef pthread_mutex_t __attribute__((capability("mutex"))) mutex_t;

static void lock(mutex_t *m) __attribute__((acquire_capability(*m)))
	__attribute__((no_thread_safety_analysis))
{
	pthread_mutex_lock(m);
}

static void unlock(mutex_t *m) __attribute__((release_capability(*m)))
	__attribute__((no_thread_safety_analysis))
{
	pthread_mutex_unlock(m);
}

static mutex_t hits_lock = PTHREAD_MUTEX_INITIALIZER;
static long hits __attribute__((guarded_by(hits_lock)));

static void *counter(void *arg)
{
	for (int i = 0; i < 100; i++) {
		lock(&hits_lock);
		hits++;
		unlock(&hits_lock);
	}
	return arg;
}

static long report(void)
{
	return hits;	/* BUG: hits_lock is not held */
}

int main(void)
{
	pthread_t t;
	long seen;

	pthread_create(&t, NULL, counter, NULL);
	seen = report();
	pthread_join(t, NULL);
	printf("%ld hits seen\n", seen);
	return 0;
}
