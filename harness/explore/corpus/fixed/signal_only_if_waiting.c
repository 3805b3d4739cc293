/* signal_only_if_waiting - fixed: the notifier sets the flag and counts the waiters in one critical section.
 * kind: lost-wakeup
 * bug: deadlock
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { STEPS = 4 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cv = PTHREAD_COND_INITIALIZER;
static int done, waiting, steps;

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
		abort();
	}
}

/* Skips the signal when nobody waits. */
static void finish(void)
{
	check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
	done = 1;
	int anyone = waiting > 0;
	check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
	if (anyone)
		check(pthread_cond_signal(&done_cv), "pthread_cond_signal");
}

static void *waiter(void *arg)
{
	(void)arg;
	for (int i = 0; i < STEPS; i++) {
		check(pthread_mutex_lock(&stats_lock), "pthread_mutex_lock");
		steps++;
		check(pthread_mutex_unlock(&stats_lock), "pthread_mutex_unlock");
	}
	check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
	while (!done) {
		waiting++;
		check(pthread_cond_wait(&done_cv, &lock), "pthread_cond_wait");
		waiting--;
	}
	check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
	return NULL;
}

int main(void)
{
	pthread_t w;
	check(pthread_create(&w, NULL, waiter, NULL), "pthread_create");
	for (int i = 0; i < STEPS; i++) {
		check(pthread_mutex_lock(&stats_lock), "pthread_mutex_lock");
		steps++;
		check(pthread_mutex_unlock(&stats_lock), "pthread_mutex_unlock");
	}
	finish();
	check(pthread_join(w, NULL), "pthread_join");
	assert(done && steps == 2 * STEPS);
	return 0;
}
