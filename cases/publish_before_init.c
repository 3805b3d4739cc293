/* racelab case: publish_before_init
 * bug: the loader raises settings_ready before it fills in the settings
 *   the flag announces (an order violation). A reader that sees the flag
 *   up goes on to read settings that are not there yet.
 * class: race
 * concepts: order violation, happens-before, memory visibility, release/acquire
 * expect native: wrong-result
 * expect tsan: data-race
 * expect tsan-gcc: data-race
 * expect helgrind: data-race
 * expect drd: data-race
 * expect watchdog: blind - not a liveness bug: every thread runs to the end
 * expect explore: wrong-result
 * symptom: the reader sees the flag up and reads port 0 instead of 8080, every run.
 * fix: fill in the settings first, then raise the flag with a release
 *   store that the reader checks with an acquire load (or, in
 *   publish_before_init.mutex.c, do both under one mutex).
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
static rl_event flag_up = RL_EVENT_INIT;
static rl_event reader_looked = RL_EVENT_INIT;

/* The events make the reader look between the flag and the filling in,
 * every run, without ordering anything for the tools. */
static void *loader(void *arg)
{
	(void)arg;
	settings_ready = 1;	/* racelab:mark flag */
	rl_event_post(&flag_up);
	rl_event_wait(&reader_looked);
	settings.port = 8080;	/* racelab:mark fill */
	settings.backlog = 16;
	return NULL;
}

static void *reader(void *arg)
{
	struct settings *seen = arg;

	rl_event_wait(&flag_up);
	if (settings_ready)	/* racelab:mark check */
		*seen = settings;	/* racelab:mark read */
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
