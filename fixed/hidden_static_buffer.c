/* racelab fix: hidden_static_buffer */
#include <stdio.h>

#include "racelab.h"

enum { WORKERS = 2, NAME_LEN = 16 };

struct worker {
	int id;
	char name[NAME_LEN];
};

static const char *format_id_r(int id, char *buf, size_t len)
{
	snprintf(buf, len, "user-%04d", id);
	return buf;
}

/* The second rl_window() holds the gap between formatting and copying
 * open until the other worker has formatted too. */
static void *worker(void *arg)
{
	struct worker *w = arg;
	char buf[NAME_LEN];
	const char *name;

	/* Start together: a worker that spun in rl_window() long after its
	 * first access, waiting for the other to be created, could push that
	 * access out of TSan's bounded history (TSan then drops the race). */
	rl_window();
	name = format_id_r(w->id, buf, sizeof buf);
	rl_window();
	memcpy(w->name, name, sizeof w->name);
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t threads[WORKERS];
	struct worker workers[WORKERS];
	char expected[NAME_LEN];

	rl_window_init(WORKERS);
	for (int i = 0; i < WORKERS; i++) {
		workers[i].id = i + 1;
		RL_CHECK(pthread_create(&threads[i], NULL, worker, &workers[i]));
	}
	for (int i = 0; i < WORKERS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	for (int i = 0; i < WORKERS; i++) {
		snprintf(expected, sizeof expected, "user-%04d", workers[i].id);
		printf("worker %d is named %s\n", workers[i].id, workers[i].name);
		if (strcmp(workers[i].name, expected) != 0)
			rl_symptom("wrong-result", "worker %d is named %s, expected %s",
				   workers[i].id, workers[i].name, expected);
	}
	return 0;
}
