/* stack_size_then_pop - fixed: workers pop and test what pop returned, instead of testing the size first.
 * kind: atomicity
 * bug: crash
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
 */
#include <assert.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { JOBS = 7, WORKERS = 2, TRIES = 4 };

struct job {
	int id;
	int done;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct job jobs[JOBS];
static struct job *stack[JOBS];
static int depth;

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
		abort();
	}
}

/* Returns NULL when the stack is empty. */
static struct job *stack_pop(void)
{
	struct job *j = NULL;
	check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
	if (depth > 0)
		j = stack[--depth];
	check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
	return j;
}

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < TRIES; i++) {
		struct job *j = stack_pop();
		if (j != NULL)
			j->done++;
	}
	return NULL;
}

int main(void)
{
	for (int i = 0; i < JOBS; i++) {
		jobs[i].id = i;
		stack[depth++] = &jobs[i];
	}
	pthread_t t[WORKERS];
	for (int i = 0; i < WORKERS; i++)
		check(pthread_create(&t[i], NULL, worker, NULL), "pthread_create");
	for (int i = 0; i < WORKERS; i++)
		check(pthread_join(t[i], NULL), "pthread_join");
	for (int i = 0; i < JOBS; i++)
		assert(jobs[i].done == 1);
	return 0;
}
