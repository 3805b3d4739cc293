/* racelab fix: free_while_used */
#include <stdio.h>

#include "racelab.h"

struct session {
	long id;
	long uid;
};

static rl_event owner_done = RL_EVENT_INIT;

/* Reads the session only once main has gone past the free (an event the
 * tools do not see), every run. */
static void *logger(void *arg)
{
	struct session *s = arg;
	struct session *seen = malloc(sizeof *seen);

	if (!seen)
		abort();
	rl_event_wait(&owner_done);
	*seen = *s;
	return seen;
}

int main(void)
{
	struct session *s = malloc(sizeof *s);
	struct session *seen;
	pthread_t t;

	if (!s)
		abort();
	s->id = 42;
	s->uid = 1000;
	RL_CHECK(pthread_create(&t, NULL, logger, s));
	rl_event_post(&owner_done);
	RL_CHECK(pthread_join(t, (void **)&seen));
	free(s);
	printf("logger saw session %ld of uid %ld\n", seen->id, seen->uid);
	if (seen->id != 42 || seen->uid != 1000)
		rl_symptom("wrong-result", "the logger saw session %ld of uid %ld, expected 42 of uid 1000: it read freed memory",
			   seen->id, seen->uid);
	free(seen);
	return 0;
}
