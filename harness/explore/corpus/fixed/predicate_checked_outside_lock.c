/* predicate_checked_outside_lock - fixed: the worker tests for a job under the mutex, in a loop around the wait.
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

enum { WARMUP = 4 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t job_cv = PTHREAD_COND_INITIALIZER;
static atomic_int have_job;
static int job, warm;

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
		abort();
	}
}

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < WARMUP; i++) {
		check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
		warm++;
		check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
	}
	check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
	while (!atomic_load(&have_job))
		check(pthread_cond_wait(&job_cv, &lock), "pthread_cond_wait");
	check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
	check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
	assert(job == 42);
	check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
	return NULL;
}

int main(void)
{
	pthread_t w;
	check(pthread_create(&w, NULL, worker, NULL), "pthread_create");
	check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
	job = 42;
	atomic_store(&have_job, 1);
	check(pthread_cond_signal(&job_cv), "pthread_cond_signal");
	check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
	check(pthread_join(w, NULL), "pthread_join");
	return 0;
}
