/* racelab fix: double_checked_locking
 * fix: drop the unlocked check and take the lock on every call: simple,
 *   and cheap unless the call is hot.
 */
#include <stdio.h>

#include "racelab.h"
#include "thread_safety.h"

struct table {
	int size;
	int slots[64];
};

static ts_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct table *table GUARDED_BY(table_lock);
static rl_event table_built = RL_EVENT_INIT;

static struct table *table_new(void)
{
	struct table *t = calloc(1, sizeof *t);

	if (!t)
		abort();
	t->size = 64;
	return t;
}

static struct table *get_table(void)
{
	struct table *t;

	ts_mutex_lock(&table_lock);
	if (table == NULL)
		table = table_new();
	t = table;
	ts_mutex_unlock(&table_lock);
	return t;
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
