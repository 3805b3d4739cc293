/* racelab case: lazy_init_race
 * bug: get_registry() creates the registry on first use: "if it is NULL,
 *   make it". Two workers both see NULL, both build a registry and both
 *   store it; the second store overwrites the first, whose member is lost
 *   with it (and the object leaks).
 * class: race
 * concepts: check-then-act, atomicity, critical section, mutex, lazy initialisation
 * expect native: lost-update
 * expect tsan: data-race
 * expect tsan-gcc: data-race
 * expect helgrind: data-race
 * expect drd: data-race
 * expect watchdog: blind - not a liveness bug: every thread runs to the end
 * expect explore: lost-update
 * symptom: the registry ends with 1 member instead of 2, every run.
 * fix: one mutex around the check and the creation, so only the first caller creates.
 * hint: what can the other worker do between the NULL check and the store?
 * hint: "check, then act" is safe only if nobody can act between the two.
 */
#include <stdio.h>

#include "racelab.h"

enum { WORKERS = 2 };

struct registry {
	pthread_mutex_t lock;
	int members;
};

static struct registry *registry;

static struct registry *registry_new(void)
{
	struct registry *r = calloc(1, sizeof *r);

	if (!r)
		abort();
	RL_CHECK(pthread_mutex_init(&r->lock, NULL));
	return r;
}

/* rl_window() holds the gap between the check and the store open until
 * the other worker has checked too. */
static struct registry *get_registry(void)
{
	struct registry *r;

	r = registry;	/* racelab:mark check */
	if (r == NULL) {
		rl_window();
		r = registry_new();
		registry = r;	/* racelab:mark create */
	}
	return r;
}

static void *worker(void *arg)
{
	struct registry *r;

	(void)arg;
	/* Start together: a worker that spun in rl_window() long after its
	 * first access, waiting for the other to be created, could push that
	 * access out of TSan's bounded history (TSan then drops the race). */
	rl_window();
	r = get_registry();
	rl_lock(&r->lock);
	r->members++;
	rl_unlock(&r->lock);
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t threads[WORKERS];

	rl_window_init(WORKERS);
	for (int i = 0; i < WORKERS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, worker, NULL));
	for (int i = 0; i < WORKERS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	printf("registry has %d members (expected %d)\n", registry->members,
	       WORKERS);
	if (registry->members != WORKERS)
		rl_symptom("lost-update", "the registry has %d of %d members: the other worker joined a registry that was then overwritten (and leaked)",
			   registry->members, WORKERS);
	return 0;
}
