/* flag_set_without_lock - fixed: the producer sets the flag and signals while it holds the mutex.
 * kind: lost-wakeup
 * bug: deadlock
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
 */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ITEMS = 6 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready_cv = PTHREAD_COND_INITIALIZER;
static atomic_int ready;
static int items[ITEMS];

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
		abort();
	}
}

static void *consumer(void *arg)
{
	(void)arg;
	check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
	while (!atomic_load(&ready))
		check(pthread_cond_wait(&ready_cv, &lock), "pthread_cond_wait");
	int sum = 0;
	for (int i = 0; i < ITEMS; i++)
		sum += items[i];
	check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
	assert(sum == ITEMS * (ITEMS + 1) / 2);
	return NULL;
}

static void *producer(void *arg)
{
	(void)arg;
	for (int i = 0; i < ITEMS; i++) {
		check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
		items[i] = i + 1;
		check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
	}
	check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
	atomic_store(&ready, 1);
	check(pthread_cond_signal(&ready_cv), "pthread_cond_signal");
	check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
	return NULL;
}

int main(void)
{
	pthread_t c, p;
	check(pthread_create(&c, NULL, consumer, NULL), "pthread_create");
	check(pthread_create(&p, NULL, producer, NULL), "pthread_create");
	check(pthread_join(c, NULL), "pthread_join");
	check(pthread_join(p, NULL), "pthread_join");
	return 0;
}
