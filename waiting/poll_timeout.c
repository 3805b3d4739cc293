/* racelab case: poll_timeout
 * bug: none - a correct program that waits: main waits in poll with a 500 ms timeout on a pipe nobody writes, and the timeout wakes it.
 * class: waiting
 * waits-in: poll (timed)
 * symptom: none; it ends on its own in about 0.5 s.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHECK_SYS(call) do { if ((call) == -1) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(errno)); exit(1); } } while (0)

int main(void)
{
	int fds[2], n;
	struct pollfd p;

	CHECK_SYS(pipe(fds));
	p.fd = fds[0];
	p.events = POLLIN;
	p.revents = 0;
	while ((n = poll(&p, 1, 500)) == -1 && errno == EINTR)
		;
	CHECK_SYS(n);
	if (n != 0 || p.revents != 0) {
		fprintf(stderr, "poll returned %d (revents %#x), expected a timeout\n",
			n, p.revents);
		return 1;
	}
	CHECK_SYS(close(fds[0]));
	CHECK_SYS(close(fds[1]));
	printf("poll timed out after 500 ms, as expected\n");
	return 0;
}
