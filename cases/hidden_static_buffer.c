/* racelab case: hidden_static_buffer
 * bug: format_id() looks like a pure function, but the string it returns
 *   lives in one static buffer shared by every caller. Two workers format
 *   their ids; the second overwrites the first's result before the first
 *   has copied it.
 * class: race
 * concepts: reentrancy, thread safety, hidden shared state, static buffer, reentrant (_r) functions
 * expect native: wrong-result
 * expect tsan: data-race
 * expect tsan-gcc: data-race
 * expect helgrind: data-race
 * expect drd: data-race
 * expect watchdog: blind - not a liveness bug: every thread runs to the end
 * expect explore: blind - the threads race inside snprintf() and memcpy() on the C library's static buffer, and the C library is not instrumented: its accesses are no scheduling points, and no race to explore
 * symptom: one worker ends up with the other worker's name, every run.
 * fix: the caller passes the buffer (format_id_r style): each worker formats into its own.
 * hint: where does the string that format_id() returns live?
 * hint: think of strtok() and strtok_r(), ctime() and ctime_r().
 */
#include <stdio.h>

#include "racelab.h"

enum { WORKERS = 2, NAME_LEN = 16 };

struct worker {
	int id;
	char name[NAME_LEN];
};

static const char *format_id(int id)
{
	static char buf[NAME_LEN];

	snprintf(buf, sizeof buf, "user-%04d", id);	/* racelab:mark format */
	return buf;
}

/* The second rl_window() holds the gap between formatting and copying
 * open until the other worker has formatted too. */
static void *worker(void *arg)
{
	struct worker *w = arg;
	const char *name;

	/* Start together: a worker that spun in rl_window() long after its
	 * first access, waiting for the other to be created, could push that
	 * access out of TSan's bounded history (TSan then drops the race). */
	rl_window();
	name = format_id(w->id);
	rl_window();
	memcpy(w->name, name, sizeof w->name);	/* racelab:mark copy */
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
