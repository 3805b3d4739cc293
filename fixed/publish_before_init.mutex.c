/* racelab case: publish_before_init
 * bug: the loader raises settings_ready before it fills in the settings
 *   the flag announces (an order violation). A reader that sees the flag
 *   up goes on to read settings that are not there yet.
 * class: race
 * concepts: order violation, happens-before, memory visibility, release/acquire
 * symptom: the reader sees the flag up and reads port 0 instead of 8080, every run.
 * fix: fill in the settings and raise the flag under one mutex, which the
 *   reader also holds to check the flag and read the settings.
 * hint: what does the flag promise the reader, and is that promise true yet?
 * hint: a flag only publishes what was written before it, and only if the
 *   reader's check is ordered after the writer's store.
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
