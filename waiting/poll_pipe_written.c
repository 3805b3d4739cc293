/* racelab case: poll_pipe_written
 * bug: none - a correct program that waits: main waits in poll with no timeout (-1) on a pipe that a worker writes after sleeping 0.5 s in usleep.
 * class: waiting
 * waits-in: poll (untimed)
 * symptom: none; it ends on its own in about 0.5 s.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHECK(call) do { int rc_ = (call); if (rc_ != 0) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(rc_)); exit(1); } } while (0)
#define CHECK_SYS(call) do { if ((call) == -1) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(errno)); exit(1); } } while (0)

static int fds[2];

static void *writer(void *arg)
{
	char c = 'x';

	(void)arg;
	usleep(500000);
	if (write(fds[1], &c, 1) != 1) {
		perror("write");
		exit(1);
	}
	return NULL;
}

int main(void)
{
	pthread_t t;
	struct pollfd p = { .events = POLLIN };
	char c = 0;
	int n;

	CHECK_SYS(pipe(fds));
	p.fd = fds[0];
	CHECK(pthread_create(&t, NULL, writer, NULL));
	while ((n = poll(&p, 1, -1)) == -1 && errno == EINTR)
		;
	CHECK_SYS(n);
	if (n != 1 || !(p.revents & POLLIN) || read(fds[0], &c, 1) != 1 || c != 'x') {
		fprintf(stderr, "poll %d revents %#x read '%c', expected 'x'\n",
			n, p.revents, c);
		return 1;
	}
	CHECK(pthread_join(t, NULL));
	printf("poll woke when the pipe was written\n");
	return 0;
}
