/* racelab fix: errno_like_global */
#include <stdio.h>

#include "racelab.h"

enum { ERR_NONE, ERR_SYNTAX, ERR_RANGE };

static const char *const reasons[] = { "no error", "not a number", "out of range" };

struct job {
	const char *text;
	int expected_error;
	int reported_error;
};

static _Thread_local int last_error;

/* Returns the port, or -1 with the reason in last_error. */
static int parse_port(const char *text)
{
	char *end;
	long port = strtol(text, &end, 10);

	if (end == text || *end != '\0') {
		last_error = ERR_SYNTAX;
		return -1;
	}
	if (port < 1 || port > 65535) {
		last_error = ERR_RANGE;
		return -1;
	}
	return (int)port;
}

/* The second rl_window() holds the gap between the failure and the look
 * at its reason open until the other worker has failed too. */
static void *worker(void *arg)
{
	struct job *job = arg;

	/* Start together: a worker that spun in rl_window() long after its
	 * first access, waiting for the other to be created, could push that
	 * access out of TSan's bounded history (TSan then drops the race). */
	rl_window();
	if (parse_port(job->text) < 0) {
		rl_window();
		job->reported_error = last_error;
	}
	rl_worker_done();
	return NULL;
}

int main(void)
{
	struct job jobs[] = {
		{ "http", ERR_SYNTAX, ERR_NONE },
		{ "99999", ERR_RANGE, ERR_NONE },
	};
	enum { WORKERS = sizeof jobs / sizeof jobs[0] };
	pthread_t threads[WORKERS];

	rl_window_init(WORKERS);
	for (int i = 0; i < WORKERS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, worker, &jobs[i]));
	for (int i = 0; i < WORKERS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	for (int i = 0; i < WORKERS; i++) {
		printf("\"%s\": %s\n", jobs[i].text, reasons[jobs[i].reported_error]);
		if (jobs[i].reported_error != jobs[i].expected_error)
			rl_symptom("wrong-result", "parsing \"%s\" failed with \"%s\", but the worker was told \"%s\"",
				   jobs[i].text, reasons[jobs[i].expected_error],
				   reasons[jobs[i].reported_error]);
	}
	return 0;
}
