/* racelab fix: lazy_init_race */
#include <stdio.h>

#include "racelab.h"

enum { WORKERS = 2 };

struct registry {
	pthread_mutex_t lock;
	int members;
};

static struct registry *registry;
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;

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

	RL_CHECK(pthread_mutex_lock(&registry_lock));
	r = registry;
	if (r == NULL) {
		rl_window();
		r = registry_new();
		registry = r;
	}
	RL_CHECK(pthread_mutex_unlock(&registry_lock));
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
