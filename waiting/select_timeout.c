/* racelab case: select_timeout
 * bug: none - a correct program that waits: main waits in select with a 0.5 s timeval on a pipe nobody writes, and the timeout wakes it.
 * class: waiting
 * waits-in: pselect6 (glibc's select; timed)
 * symptom: none; it ends on its own in about 0.5 s.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#define CHECK_SYS(call) do { if ((call) == -1) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(errno)); exit(1); } } while (0)

int main(void)
{
	int fds[2], n;
	fd_set readable;
	struct timeval tv = { 0, 500000 };

	CHECK_SYS(pipe(fds));
	FD_ZERO(&readable);
	FD_SET(fds[0], &readable);
	n = select(fds[0] + 1, &readable, NULL, NULL, &tv);
	CHECK_SYS(n);
	if (n != 0 || FD_ISSET(fds[0], &readable)) {
		fprintf(stderr, "select returned %d, expected a timeout\n", n);
		return 1;
	}
	CHECK_SYS(close(fds[0]));
	CHECK_SYS(close(fds[1]));
	printf("select timed out after 0.5 s, as expected\n");
	return 0;
}
