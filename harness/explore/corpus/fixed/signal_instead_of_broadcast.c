/* signal_instead_of_broadcast - fixed: resume() wakes every waiter with pthread_cond_broadcast.
 * kind: lost-wakeup
 * bug: deadlock
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { WAITERS = 2, CHECKINS = 4 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cv = PTHREAD_COND_INITIALIZER;
static int gate_open = 1, passed, pauses, arrivals;

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
		abort();
	}
}

static void pause_gate(void)
{
	check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
	gate_open = 0;
	pauses++;
	check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
}

static void resume_gate(void)
{
	check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
	gate_open = 1;
	check(pthread_cond_broadcast(&gate_cv), "pthread_cond_broadcast");
	check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
}

static void *maintainer(void *arg)
{
	(void)arg;
	pause_gate();
	resume_gate();
	return NULL;
}

static void *waiter(void *arg)
{
	(void)arg;
	for (int i = 0; i < CHECKINS; i++) {
		check(pthread_mutex_lock(&stats_lock), "pthread_mutex_lock");
		arrivals++;
		check(pthread_mutex_unlock(&stats_lock), "pthread_mutex_unlock");
	}
	check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
	while (!gate_open)
		check(pthread_cond_wait(&gate_cv, &lock), "pthread_cond_wait");
	passed++;
	check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
	return NULL;
}

int main(void)
{
	pthread_t m, w[WAITERS];
	check(pthread_create(&m, NULL, maintainer, NULL), "pthread_create");
	for (int i = 0; i < WAITERS; i++)
		check(pthread_create(&w[i], NULL, waiter, NULL), "pthread_create");
	check(pthread_join(m, NULL), "pthread_join");
	for (int i = 0; i < WAITERS; i++)
		check(pthread_join(w[i], NULL), "pthread_join");
	assert(passed == WAITERS && pauses == 1 && arrivals == WAITERS * CHECKINS);
	return 0;
}
