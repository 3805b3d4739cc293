/* racelab case: pause_sigalrm
 * bug: none - a correct program that waits: main waits in pause() until SIGALRM from a 0.5 s setitimer(ITIMER_REAL) alarm runs its handler.
 * class: waiting
 * waits-in: pause
 * symptom: none; it ends on its own in about 0.5 s.
 */
/* setitimer rather than alarm(): alarm() counts whole seconds. The check of
 * `fired` before pause() could in theory miss a signal that arrives between
 * them; with the alarm 0.5 s away that gap is never reached. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#define CHECK_SYS(call) do { if ((call) == -1) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(errno)); exit(1); } } while (0)

static volatile sig_atomic_t fired;

static void on_alarm(int sig)
{
	(void)sig;
	fired = 1;
}

int main(void)
{
	struct sigaction sa;
	struct itimerval half = { { 0, 0 }, { 0, 500000 } };

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	CHECK_SYS(sigaction(SIGALRM, &sa, NULL));
	CHECK_SYS(setitimer(ITIMER_REAL, &half, NULL));
	while (!fired)
		pause();
	printf("SIGALRM woke pause()\n");
	return 0;
}
