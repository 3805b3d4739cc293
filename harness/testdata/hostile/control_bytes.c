/* racelab case: control_bytes
 * bug: two threads increment a global with no lock; the global's symbol
 *   is named "counter\001" and its threads' functions live in a file named
 *   with ESC (#line), so Valgrind's XML holds raw bytes that XML 1.0
 *   forbids. expat refused them, the reader kept nothing, and the race
 *   was "helgrind reported nothing".
 * class: hostile
 * expect helgrind: data-race
 * expect drd: data-race
 */
#include "racelab.h"

static int counter __asm__("counter\001");
static rl_event first_done = RL_EVENT_INIT;

static void bump(void)
{
	counter++;	/* racelab:mark bump */
}

#line 1 "control\033bytes.c"
static void *first(void *arg)
{
	bump();
	rl_event_post(&first_done);
	return arg;
}

static void *second(void *arg)
{
	rl_event_wait(&first_done);
	bump();
	return arg;
}

int main(void)
{
	pthread_t t1, t2;

	RL_CHECK(pthread_create(&t1, NULL, first, NULL));
	RL_CHECK(pthread_create(&t2, NULL, second, NULL));
	RL_CHECK(pthread_join(t1, NULL));
	RL_CHECK(pthread_join(t2, NULL));
	return 0;
}
