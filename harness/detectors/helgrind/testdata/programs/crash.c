/* crash.c - a data race, then the program dies of SIGSEGV: Helgrind's XML
 * carries a <fatal_signal> block (with its own stack) after the error.
 */
#include "racelab.h"

static volatile int shared;	/* volatile: keep the racy store before the crash */
static rl_event written = RL_EVENT_INIT;

static void *writer(void *arg)
{
	shared = 1;	/* @crash-first */
	rl_event_post(&written);
	return arg;
}

int main(void)
{
	pthread_t t;
	volatile int *nowhere = NULL;

	RL_CHECK(pthread_create(&t, NULL, writer, NULL));
	rl_event_wait(&written);
	shared = 2;	/* @crash-race */
	*nowhere = shared;	/* @crash-segv */
	return 0;
}
