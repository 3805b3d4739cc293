/* racelab case: timerfd_read
 * bug: none - a correct program that waits: main waits in read() on a timerfd set to expire once, 0.5 s later; the kernel's timer wakes it, and no thread or process holds another end.
 * class: waiting
 * waits-in: read (timerfd)
 * symptom: none; it ends on its own in about 0.5 s.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <unistd.h>

#define CHECK_SYS(call) do { if ((call) == -1) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(errno)); exit(1); } } while (0)

int main(void)
{
	struct itimerspec once = { { 0, 0 }, { 0, 500000000L } };
	uint64_t expirations = 0;
	ssize_t n;
	int fd;

	CHECK_SYS(fd = timerfd_create(CLOCK_MONOTONIC, 0));
	CHECK_SYS(timerfd_settime(fd, 0, &once, NULL));
	while ((n = read(fd, &expirations, sizeof expirations)) == -1 &&
	       errno == EINTR)
		;
	CHECK_SYS(n);
	if (n != sizeof expirations || expirations != 1) {
		fprintf(stderr, "read %zd bytes, %llu expirations, expected 1\n", n,
			(unsigned long long)expirations);
		return 1;
	}
	CHECK_SYS(close(fd));
	printf("the timer expired once\n");
	return 0;
}
