/* racelab case: free_while_used
 * bug: main hands a session to a logger thread and frees it as soon as
 *   the thread is started, without waiting for the logger to finish with
 *   it. The logger then reads freed memory.
 * class: race
 * concepts: object lifetime, ownership, use after free, join, happens-before
 * expect native: wrong-result
 * expect tsan: memory-error
 * expect tsan-gcc: memory-error
 * expect helgrind: blind - Helgrind stops watching a block once it is freed, so a read after free() is no access to it; it does not look for use after free (Memcheck's job), and even --free-is-write=yes catches only accesses made before the free
 * expect drd: blind - DRD stops watching a block once it is freed, so a read after free() is no access to it; it does not look for use after free (Memcheck's job), and even --free-is-write=yes catches only accesses made before the free
 * expect watchdog: blind - not a liveness bug: every thread runs to the end
 * expect explore: wrong-result
 * symptom: the logger reads a session whose id and uid the allocator
 *   has overwritten with its own bookkeeping, every run.
 * fix: join the logger before freeing the session: the thread that is
 *   last to use an object frees it, or waits until the others are done.
 * hint: after free(), whose memory is the session?
 * hint: what tells main that the logger has finished with it?
 */
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
	*seen = *s;	/* racelab:mark use */
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
	free(s);	/* racelab:mark free */
	rl_event_post(&owner_done);
	RL_CHECK(pthread_join(t, (void **)&seen));
	printf("logger saw session %ld of uid %ld\n", seen->id, seen->uid);
	if (seen->id != 42 || seen->uid != 1000)
		rl_symptom("wrong-result", "the logger saw session %ld of uid %ld, expected 42 of uid 1000: it read freed memory",
			   seen->id, seen->uid);
	free(seen);
	return 0;
}
