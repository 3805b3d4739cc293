/* racelab fix: double_checked_locking
 * expect helgrind: clean, false-positive data-race - Helgrind does not model pthread_once: a caller that finds the table built leaves through glibc's fast path, an acquire load of the once word, which Helgrind does not see as synchronisation; so it reports the pointer and the contents (double_checked_locking.mutex.c is a fix it can check)
 */
#include <stdio.h>

#include "racelab.h"

struct table {
	int size;
	int slots[64];
};

static struct table *table;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;
static rl_event table_built = RL_EVENT_INIT;

static struct table *table_new(void)
{
	struct table *t = calloc(1, sizeof *t);

	if (!t)
		abort();
	t->size = 64;
	return t;
}

static void build_table(void)
{
	table = table_new();
}

static struct table *get_table(void)
{
	RL_CHECK(pthread_once(&table_once, build_table));
	return table;
}

static void *first(void *arg)
{
	(void)arg;
	get_table();
	rl_event_post(&table_built);
	return NULL;
}

/* Comes after the table is built (an event the tools do not see), so
 * its unlocked check finds the pointer set and never takes the lock. */
static void *second(void *arg)
{
	int *size = arg;

	rl_event_wait(&table_built);
	*size = get_table()->size;
	return NULL;
}

int main(void)
{
	pthread_t a, b;
	int size = -1;

	RL_CHECK(pthread_create(&a, NULL, first, NULL));
	RL_CHECK(pthread_create(&b, NULL, second, &size));
	RL_CHECK(pthread_join(a, NULL));
	RL_CHECK(pthread_join(b, NULL));
	printf("second caller saw a table of size %d\n", size);
	if (size != 64)
		rl_symptom("wrong-result", "the second caller saw a table of size %d, expected 64",
			   size);
	return 0;
}
