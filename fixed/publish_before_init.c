/* racelab fix: publish_before_init
 * expect helgrind: clean, false-positive data-race - Helgrind does not see C11 atomics as synchronisation: on x86 the release store and the acquire load are plain moves, so it finds no happens-before edge and reports the flag and the settings it guards (publish_before_init.mutex.c is the fix Helgrind can check)
 * expect drd: clean, false-positive data-race - DRD does not see C11 atomics as synchronisation: on x86 the release store and the acquire load are plain moves, so it finds no happens-before edge and reports the flag and the settings it guards (publish_before_init.mutex.c is the fix DRD can check)
 */
#include <stdatomic.h>
#include <stdio.h>

#include "racelab.h"

struct settings {
	int port;
	int backlog;
};

static struct settings settings;
static atomic_int settings_ready;
static rl_event flag_up = RL_EVENT_INIT;
static rl_event reader_looked = RL_EVENT_INIT;

/* The events make the reader look between the flag and the filling in,
 * every run, without ordering anything for the tools. */
static void *loader(void *arg)
{
	(void)arg;
	settings.port = 8080;
	settings.backlog = 16;
	atomic_store_explicit(&settings_ready, 1, memory_order_release);
	rl_event_post(&flag_up);
	rl_event_wait(&reader_looked);
	return NULL;
}

static void *reader(void *arg)
{
	struct settings *seen = arg;

	rl_event_wait(&flag_up);
	if (atomic_load_explicit(&settings_ready, memory_order_acquire))
		*seen = settings;
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
