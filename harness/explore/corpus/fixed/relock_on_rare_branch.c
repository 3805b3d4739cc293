/* relock_on_rare_branch - fixed: the error is counted by a helper that expects the caller to hold the lock already.
 * kind: deadlock
 * bug: deadlock
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPEN, CLOSING, CLOSED };
enum { MESSAGES = 6 };

static pthread_mutex_t chan_lock = PTHREAD_MUTEX_INITIALIZER;
static int state = OPEN, sent, refused, errors;

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
		abort();
	}
}

/* The caller holds chan_lock. */
static void report_error_locked(void)
{
	errors++;
}

static void *sender(void *arg)
{
	(void)arg;
	for (int i = 0; i < MESSAGES; i++) {
		check(pthread_mutex_lock(&chan_lock), "pthread_mutex_lock");
		if (state == OPEN)
			sent++;
		else if (state == CLOSED)
			refused++;
		else
			report_error_locked();
		check(pthread_mutex_unlock(&chan_lock), "pthread_mutex_unlock");
	}
	return NULL;
}

/* Closes in two steps: flush, then mark closed. */
static void *closer(void *arg)
{
	(void)arg;
	check(pthread_mutex_lock(&chan_lock), "pthread_mutex_lock");
	state = CLOSING;
	check(pthread_mutex_unlock(&chan_lock), "pthread_mutex_unlock");
	check(pthread_mutex_lock(&chan_lock), "pthread_mutex_lock");
	state = CLOSED;
	check(pthread_mutex_unlock(&chan_lock), "pthread_mutex_unlock");
	return NULL;
}

int main(void)
{
	pthread_t s, c;
	check(pthread_create(&s, NULL, sender, NULL), "pthread_create");
	check(pthread_create(&c, NULL, closer, NULL), "pthread_create");
	check(pthread_join(s, NULL), "pthread_join");
	check(pthread_join(c, NULL), "pthread_join");
	assert(sent + refused + errors == MESSAGES);
	return 0;
}
