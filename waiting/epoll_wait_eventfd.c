/* racelab case: epoll_wait_eventfd
 * bug: none - a correct program that waits: main waits in epoll_wait with no timeout (-1) on an eventfd that a worker adds 3 to after sleeping 0.5 s in nanosleep.
 * class: waiting
 * waits-in: epoll_wait (untimed)
 * symptom: none; it ends on its own in about 0.5 s.
 */
/* An eventfd has no "other end": the thread that will wake main holds the
 * very same descriptor. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#define CHECK(call) do { int rc_ = (call); if (rc_ != 0) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(rc_)); exit(1); } } while (0)
#define CHECK_SYS(call) do { if ((call) == -1) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(errno)); exit(1); } } while (0)

static int efd;

static void *worker(void *arg)
{
	struct timespec nap = { 0, 500000000L };
	uint64_t three = 3;

	(void)arg;
	nanosleep(&nap, NULL);
	if (write(efd, &three, sizeof three) != sizeof three) {
		perror("write");
		exit(1);
	}
	return NULL;
}

int main(void)
{
	pthread_t t;
	struct epoll_event ev = { .events = EPOLLIN }, got;
	uint64_t count = 0;
	int ep, n;

	CHECK_SYS(efd = eventfd(0, 0));
	CHECK_SYS(ep = epoll_create1(0));
	ev.data.fd = efd;
	CHECK_SYS(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev));
	CHECK(pthread_create(&t, NULL, worker, NULL));
	while ((n = epoll_wait(ep, &got, 1, -1)) == -1 && errno == EINTR)
		;
	CHECK_SYS(n);
	if (n != 1 || got.data.fd != efd ||
	    read(efd, &count, sizeof count) != sizeof count || count != 3) {
		fprintf(stderr, "epoll_wait %d, count %llu, expected 3\n", n,
			(unsigned long long)count);
		return 1;
	}
	CHECK(pthread_join(t, NULL));
	printf("epoll_wait woke with count %llu\n", (unsigned long long)count);
	return 0;
}
