/* drain_then_shutdown - fixed: the sink is shut after the join, when the helper has recorded everything.
 * kind: order
 * bug: crash
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
 */
#include <assert.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { JOBS = 8 };

struct sink {
	int total;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct sink *g_sink;
static int next_job = 1;

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
		abort();
	}
}

/* Takes the next job, 0 when there is none left. */
static int take_job(void)
{
	check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
	int job = next_job <= JOBS ? next_job++ : 0;
	check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
	return job;
}

static void record(int job)
{
	check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
	g_sink->total += job;
	check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
}

static void *helper(void *arg)
{
	(void)arg;
	for (int job; (job = take_job()) != 0;)
		record(job);
	return NULL;
}

int main(void)
{
	struct sink *s = calloc(1, sizeof *s);
	if (s == NULL)
		abort();
	g_sink = s;
	pthread_t t;
	check(pthread_create(&t, NULL, helper, NULL), "pthread_create");
	for (int job; (job = take_job()) != 0;)
		record(job);
	check(pthread_join(t, NULL), "pthread_join");
	check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
	g_sink = NULL;
	check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
	assert(s->total == JOBS * (JOBS + 1) / 2);
	free(s);
	return 0;
}
