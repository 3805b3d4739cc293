/* racelab fix: double_checked_locking
 * fix: keep the double check, but make the pointer atomic: a release
 *   store publishes it after the contents, and the unlocked check is an
 *   acquire load, so a caller that sees the pointer sees the contents.
 * expect helgrind: clean, false-positive data-race - Helgrind does not see C11 atomics as synchronisation: on x86 the release store and the acquire load are plain moves, so it finds no happens-before edge and reports the pointer and the table's contents (double_checked_locking.mutex.c is a fix it can check)
 * expect drd: clean, false-positive data-race - DRD does not see C11 atomics as synchronisation: on x86 the release store and the acquire load are plain moves, so it finds no happens-before edge and reports the pointer and the table's contents (double_checked_locking.mutex.c is a fix it can check)
 */
#include <stdatomic.h>
#include <stdio.h>

#include "racelab.h"
#include "thread_safety.h"

struct table {
	int size;
	int slots[64];
};

static ts_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic(struct table *) table;	/* atomic: read without the lock */
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
	struct table *t = atomic_load_explicit(&table, memory_order_acquire);

	if (t == NULL) {
		ts_mutex_lock(&table_lock);
		t = atomic_load_explicit(&table, memory_order_relaxed);
		if (t == NULL) {
			t = table_new();
			atomic_store_explicit(&table, t, memory_order_release);
		}
		ts_mutex_unlock(&table_lock);
	}
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
