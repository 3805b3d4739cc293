/* racelab case: read_pipe_thread
 * bug: none - a correct program that waits: main waits in read() on a pipe whose write end a worker writes to after sleeping 0.5 s in usleep.
 * class: waiting
 * waits-in: read (pipe)
 * symptom: none; it ends on its own in about 0.5 s.
 */
#include <errno.h>
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
	int answer = 4711;

	(void)arg;
	usleep(500000);
	if (write(fds[1], &answer, sizeof answer) != sizeof answer) {
		perror("write");
		exit(1);
	}
	return NULL;
}

int main(void)
{
	pthread_t t;
	int got = 0;
	ssize_t n;

	CHECK_SYS(pipe(fds));
	CHECK(pthread_create(&t, NULL, writer, NULL));
	while ((n = read(fds[0], &got, sizeof got)) == -1 && errno == EINTR)
		;
	CHECK_SYS(n);
	if (n != sizeof got || got != 4711) {
		fprintf(stderr, "read %zd bytes, value %d, expected 4711\n", n, got);
		return 1;
	}
	CHECK(pthread_join(t, NULL));
	printf("read %d from the pipe\n", got);
	return 0;
}
