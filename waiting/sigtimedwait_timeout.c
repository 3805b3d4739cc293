/* racelab case: sigtimedwait_timeout
 * bug: none - a correct program that waits: main waits in sigtimedwait for a SIGUSR1 nobody sends, and the 0.5 s timeout wakes it with EAGAIN.
 * class: waiting
 * waits-in: rt_sigtimedwait (timed)
 * symptom: none; it ends on its own in about 0.5 s.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK_SYS(call) do { if ((call) == -1) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(errno)); exit(1); } } while (0)

int main(void)
{
	sigset_t set;
	struct timespec timeout = { 0, 500000000L };
	int rc;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK_SYS(sigprocmask(SIG_BLOCK, &set, NULL));
	while ((rc = sigtimedwait(&set, NULL, &timeout)) == -1 && errno == EINTR)
		;
	if (rc != -1 || errno != EAGAIN) {
		fprintf(stderr, "expected a timeout (EAGAIN), got %d (%s)\n", rc,
			strerror(errno));
		return 1;
	}
	printf("no signal within 0.5 s, as expected\n");
	return 0;
}
