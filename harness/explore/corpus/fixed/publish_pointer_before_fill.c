/* publish_pointer_before_fill - fixed: the builder fills the table in first and publishes it with a release store, which the reader's acquire load pairs with.
 * kind: publication
 * bug: crash
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
 */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ROWS = 4, LOOKUPS = 6 };

struct table {
	int nrows;
	int *rows;
};

static _Atomic(struct table *) g_table;

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
		abort();
	}
}

static void *builder(void *arg)
{
	struct table *t = arg;
	int *rows = malloc(ROWS * sizeof *rows);
	if (rows == NULL)
		abort();
	for (int i = 0; i < ROWS; i++)
		rows[i] = i + 1;
	t->rows = rows;
	t->nrows = ROWS;
	atomic_store_explicit(&g_table, t, memory_order_release);
	return NULL;
}

/* Looks rows up while the table exists; counts misses before that. */
static void *reader(void *arg)
{
	int found = 0, missed = 0;
	(void)arg;
	for (int i = 0; i < LOOKUPS; i++) {
		struct table *t = atomic_load_explicit(&g_table, memory_order_acquire);
		if (t != NULL)
			found += t->rows[i % ROWS];
		else
			missed++;
	}
	assert(found >= 0 && missed <= LOOKUPS);
	return NULL;
}

int main(void)
{
	struct table *t = calloc(1, sizeof *t);
	if (t == NULL)
		abort();
	pthread_t b, r;
	check(pthread_create(&b, NULL, builder, t), "pthread_create");
	check(pthread_create(&r, NULL, reader, NULL), "pthread_create");
	check(pthread_join(b, NULL), "pthread_join");
	check(pthread_join(r, NULL), "pthread_join");
	assert(t->nrows == ROWS);
	free(t->rows);
	free(t);
	return 0;
}
