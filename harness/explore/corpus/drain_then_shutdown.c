/* drain_then_shutdown - main shares the job queue with a helper and shuts the result sink as soon as it finds the queue empty, but the helper may have taken the last job and not yet recorded it, and then writes through the NULL sink.
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
	g_sink->total += job; /* NULL once main has shut the sink */
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
	/* BUG: an empty queue does not mean the helper has recorded its
	 * last job; the sink must be shut after the join. */
	check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
	g_sink = NULL;
	check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
	check(pthread_join(t, NULL), "pthread_join");
	assert(s->total == JOBS * (JOBS + 1) / 2);
	free(s);
	return 0;
}
