/* enable_before_register - fixed: main registers the handler before it enables the source.
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

enum { EVENTS = 8 };

struct handler {
	int handled;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int enabled, dropped;
static struct handler *handler; /* registered by main */

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
		abort();
	}
}

/* Events that come before the source is enabled are dropped. */
static void *event_source(void *arg)
{
	(void)arg;
	for (int i = 0; i < EVENTS; i++) {
		check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
		if (enabled)
			handler->handled++;
		else
			dropped++;
		check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
	}
	return NULL;
}

int main(void)
{
	struct handler *h = calloc(1, sizeof *h);
	if (h == NULL)
		abort();
	pthread_t t;
	check(pthread_create(&t, NULL, event_source, NULL), "pthread_create");
	check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
	handler = h;
	check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
	check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
	enabled = 1;
	check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
	check(pthread_join(t, NULL), "pthread_join");
	assert(h->handled + dropped == EVENTS);
	free(h);
	return 0;
}
