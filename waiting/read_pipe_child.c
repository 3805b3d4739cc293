/* racelab case: read_pipe_child
 * bug: none - a correct program that waits: the parent waits in read() on a pipe that a forked child writes to after sleeping 0.5 s in nanosleep, then reaps it with waitpid.
 * class: waiting
 * waits-in: read (pipe, other end in a child process), then wait4
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
	int fds[2], got = 0, status;
	ssize_t n;
	pid_t child;

	CHECK_SYS(pipe(fds));
	CHECK_SYS(child = fork());
	if (child == 0) {
		struct timespec nap = { 0, 500000000L };
		int answer = 1234;

		close(fds[0]);
		nanosleep(&nap, NULL);
		_exit(write(fds[1], &answer, sizeof answer) == sizeof answer ? 0 : 2);
	}
	CHECK_SYS(close(fds[1]));	/* else read() would never see EOF */
	while ((n = read(fds[0], &got, sizeof got)) == -1 && errno == EINTR)
		;
	CHECK_SYS(n);
	CHECK_SYS(waitpid(child, &status, 0));
	if (n != sizeof got || got != 1234 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		fprintf(stderr, "read %zd bytes, value %d, child status %#x\n",
			n, got, status);
		return 1;
	}
	printf("read %d from the child\n", got);
	return 0;
}
