/* racelab case: waitpid_child
 * bug: none - a correct program that waits: the parent waits in waitpid on a forked child that sleeps 0.5 s in nanosleep and exits with status 7.
 * class: waiting
 * waits-in: wait4
 * symptom: none; it ends on its own in about 0.5 s.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHECK_SYS(call) do { if ((call) == -1) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(errno)); exit(1); } } while (0)

int main(void)
{
	pid_t child, got;
	int status = 0;

	CHECK_SYS(child = fork());
	if (child == 0) {
		struct timespec nap = { 0, 500000000L };

		nanosleep(&nap, NULL);
		_exit(7);
	}
	while ((got = waitpid(child, &status, 0)) == -1 && errno == EINTR)
		;
	CHECK_SYS(got);
	if (got != child || !WIFEXITED(status) || WEXITSTATUS(status) != 7) {
		fprintf(stderr, "waitpid gave pid %d status %#x, expected exit 7\n",
			(int)got, status);
		return 1;
	}
	printf("child exited with 7\n");
	return 0;
}
