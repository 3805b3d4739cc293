/* racelab case: join_reader_pipe
 * bug: none - a correct program that waits: main waits in pthread_join on a reader thread that waits in read() on a pipe, which a writer thread writes to after sleeping 0.5 s in nanosleep.
 * class: waiting
 * waits-in: futex (join), reader in read (pipe), writer in clock_nanosleep
 * symptom: none; it ends on its own in about 0.5 s.
 */
/* A chain of waits: main -> reader -> writer, and the last one is asleep. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHECK(call) do { int rc_ = (call); if (rc_ != 0) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(rc_)); exit(1); } } while (0)
#define CHECK_SYS(call) do { if ((call) == -1) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(errno)); exit(1); } } while (0)

static int fds[2];
static int got;	/* written by the reader, read by main after the join */

static void *reader(void *arg)
{
	ssize_t n;

	(void)arg;
	while ((n = read(fds[0], &got, sizeof got)) == -1 && errno == EINTR)
		;
	CHECK_SYS(n);
	return n == sizeof got ? &got : NULL;
}

static void *writer(void *arg)
{
	struct timespec nap = { 0, 500000000L };
	int value = 314;

	(void)arg;
	nanosleep(&nap, NULL);
	if (write(fds[1], &value, sizeof value) != sizeof value)
		CHECK_SYS(-1);
	return NULL;
}

int main(void)
{
	pthread_t r, w;
	void *res;

	CHECK_SYS(pipe(fds));
	CHECK(pthread_create(&r, NULL, reader, NULL));
	CHECK(pthread_create(&w, NULL, writer, NULL));
	CHECK(pthread_join(r, &res));
	CHECK(pthread_join(w, NULL));
	if (res != &got || got != 314) {
		fprintf(stderr, "the reader got %d, expected 314\n", got);
		return 1;
	}
	printf("the reader got %d\n", got);
	return 0;
}
