/* racelab case: accept_unix_late
 * bug: none - a correct program that waits: main waits in accept() on a listening unix socket until a worker, after sleeping 0.5 s in usleep, connects and sends one byte.
 * class: waiting
 * waits-in: accept, then read (unix socket)
 * symptom: none; it ends on its own in about 0.5 s.
 */
/* The socket's name is in Linux's abstract namespace: no file to clean up.
 * The kernel picks it (autobind), so that two runs at once cannot clash:
 * a name made of the pid did, in Bazel's sandboxes, where every test has
 * its own pid namespace but all share one network namespace. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define CHECK(call) do { int rc_ = (call); if (rc_ != 0) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(rc_)); exit(1); } } while (0)
#define CHECK_SYS(call) do { if ((call) == -1) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(errno)); exit(1); } } while (0)

static struct sockaddr_un addr = { .sun_family = AF_UNIX };
static socklen_t addr_len = sizeof addr;

static void *client(void *arg)
{
	int s;
	char c = 'k';

	(void)arg;
	usleep(500000);
	CHECK_SYS(s = socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK_SYS(connect(s, (struct sockaddr *)&addr, addr_len));
	if (write(s, &c, 1) != 1)
		CHECK_SYS(-1);
	CHECK_SYS(close(s));
	return NULL;
}

int main(void)
{
	pthread_t t;
	int listener, conn;
	char c = 0;

	CHECK_SYS(listener = socket(AF_UNIX, SOCK_STREAM, 0));
	CHECK_SYS(bind(listener, (struct sockaddr *)&addr, sizeof(sa_family_t)));
	CHECK_SYS(getsockname(listener, (struct sockaddr *)&addr, &addr_len));
	CHECK_SYS(listen(listener, 1));
	CHECK(pthread_create(&t, NULL, client, NULL));
	while ((conn = accept(listener, NULL, NULL)) == -1 && errno == EINTR)
		;
	CHECK_SYS(conn);
	if (read(conn, &c, 1) != 1 || c != 'k') {
		fprintf(stderr, "read '%c' from the client, expected 'k'\n", c);
		return 1;
	}
	CHECK(pthread_join(t, NULL));
	CHECK_SYS(close(conn));
	CHECK_SYS(close(listener));
	printf("accepted a late client\n");
	return 0;
}
