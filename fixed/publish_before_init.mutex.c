/* racelab fix: publish_before_init
 * fix: fill in the settings and raise the flag under one mutex, which the
 *   reader also holds to check the flag and read the settings.
 */
#include <stdio.h>

#include "racelab.h"

struct settings {
	int port;
	int backlog;
};

static struct settings settings;
static int settings_ready;
static pthread_mutex_t settings_lock = PTHREAD_MUTEX_INITIALIZER;
static rl_event flag_up = RL_EVENT_INIT;
static rl_event reader_looked = RL_EVENT_INIT;

/* The events make the reader look between the flag and the filling in,
 * every run, without ordering anything for the tools. */
static void *loader(void *arg)
{
	(void)arg;
	RL_CHECK(pthread_mutex_lock(&settings_lock));
	settings.port = 8080;
	settings.backlog = 16;
	settings_ready = 1;
	RL_CHECK(pthread_mutex_unlock(&settings_lock));
	rl_event_post(&flag_up);
	rl_event_wait(&reader_looked);
	return NULL;
}

static void *reader(void *arg)
{
	struct settings *seen = arg;

	rl_event_wait(&flag_up);
	RL_CHECK(pthread_mutex_lock(&settings_lock));
	if (settings_ready)
		*seen = settings;
	RL_CHECK(pthread_mutex_unlock(&settings_lock));
	rl_event_post(&reader_looked);
	return NULL;
}

int main(void)
{
	pthread_t l, r;
	struct settings seen = { -1, -1 };

	RL_CHECK(pthread_create(&l, NULL, loader, NULL));
	RL_CHECK(pthread_create(&r, NULL, reader, &seen));
	RL_CHECK(pthread_join(l, NULL));
	RL_CHECK(pthread_join(r, NULL));
	printf("reader saw port %d, backlog %d\n", seen.port, seen.backlog);
	/* only what the reader read once it saw the flag is judged: a
	 * reader that looked before the flag went up read nothing */
	if ((seen.port != -1 || seen.backlog != -1) &&
	    (seen.port != 8080 || seen.backlog != 16))
		rl_symptom("wrong-result", "the reader saw settings_ready but read port %d, backlog %d (expected 8080, 16)",
			   seen.port, seen.backlog);
	return 0;
}
