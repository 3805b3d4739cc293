/* control_name.c - a data race on a global whose symbol name holds a
 * control byte (U+0001), in a file whose name (#line) holds ESC, so
 * Valgrind's XML carries raw bytes that XML 1.0 forbids and expat
 * refuses: two threads increment it unlocked. Built with clang (gcc's
 * assembler refuses the symbol).
 */
#include "racelab.h"

static int counter __asm__("counter\001");
static rl_event first_done = RL_EVENT_INIT;

#line 1 "control\033name.c"

static void *first(void *arg)
{
	counter++;	/* @control-first */
	rl_event_post(&first_done);
	return arg;
}

static void *second(void *arg)
{
	rl_event_wait(&first_done);
	counter++;	/* @control-second */
	return arg;
}

int main(void)
{
	pthread_t t1, t2;

	RL_CHECK(pthread_create(&t1, NULL, first, NULL));
	RL_CHECK(pthread_create(&t2, NULL, second, NULL));
	RL_CHECK(pthread_join(t1, NULL));
	RL_CHECK(pthread_join(t2, NULL));
	return counter == 2 ? 0 : 1;
}
