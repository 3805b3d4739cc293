/* racelab case: pipe_message_framing
 * bug: a child sends its parent three orders over a pipe, one write()
 *   each, and the parent takes each read() for one order. A pipe is a
 *   stream of bytes: it keeps no boundaries between writes. The orders
 *   are all in the pipe when the parent reads, so its first read() returns
 *   them glued into one, "buy 10buy 25sell 5", which it reads as "buy 10".
 * class: protocol
 * concepts: processes, pipes, byte streams, message framing, partial reads
 * expect native: wrong-result
 * expect tsan: blind - no memory is shared: the bytes pass through the kernel, and the program's mistake is in how it splits them, which is no race, lock or thread error
 * expect tsan-gcc: blind - no memory is shared: the bytes pass through the kernel, and the program's mistake is in how it splits them, which is no race, lock or thread error
 * expect helgrind: blind - no memory is shared: the bytes pass through the kernel, and the program's mistake is in how it splits them, which is no race, lock or thread error
 * expect drd: blind - no memory is shared: the bytes pass through the kernel, and the program's mistake is in how it splits them, which is no race, lock or thread error
 * expect watchdog: blind - not a liveness bug: both processes run to the end
 * expect explore: wrong-result, by chance - the child that writes the orders is another process, outside the scheduler: whether all three are in the pipe when the parent reads is the kernel's timing, not a schedule's
 * symptom: the parent applies one order instead of three and ends with a position of 10 instead of 30, every run.
 * fix: each message is framed: the sender writes its length (4 bytes) and then its bytes; the reader reads exactly 4 bytes, then exactly that many, looping over read() until it has them all.
 * hint: how many bytes may one read() on a pipe return: one write()'s worth, more, or less?
 * hint: if the stream keeps no boundaries, who has to write them into it?
 * hint: a read() may also return less than you asked for, even in the middle of a message: what loop does the reader need?
 */
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>

#include "racelab.h"

static const char *const orders[] = { "buy 10", "buy 25", "sell 5" };
enum { ORDERS = 3, EXPECTED_POSITION = 30 };

/* The parent is busy elsewhere until the child has sent everything; an
 * rl_event's state is its own word, so in a shared page it works across
 * fork(). */
struct shared {
	rl_event all_sent;
};

/* Writes all of buf: write() on a pipe may take less than asked. */
static void write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			rl_check_(errno, "write", __FILE__, __LINE__);
		p += n;
		len -= (size_t)n;
	}
}

static void send_message(int fd, const char *text)
{
	write_all(fd, text, strlen(text));	/* racelab:mark send */
}

/* Receives one message into buf as a string; returns 0 at the end of
 * the stream. One read() is taken for one message. */
static int receive_message(int fd, char *buf, size_t cap)
{
	ssize_t n;

	do
		n = read(fd, buf, cap - 1);	/* racelab:mark receive */
	while (n < 0 && errno == EINTR);
	if (n < 0)
		rl_check_(errno, "read", __FILE__, __LINE__);
	buf[n] = '\0';
	return n > 0;
}

/* "buy N" or "sell N": the new position. */
static long apply(long position, const char *order)
{
	char verb[8];
	long amount;

	if (sscanf(order, "%7s %ld", verb, &amount) != 2)
		return position;
	return strcmp(verb, "sell") == 0 ? position - amount : position + amount;
}

static void sender(int fd, struct shared *s)
{
	for (int i = 0; i < ORDERS; i++)
		send_message(fd, orders[i]);
	rl_event_post(&s->all_sent);
}

int main(void)
{
	int pipefd[2], status, got = 0;
	long position = 0;
	char message[64];
	struct shared *s;
	pid_t pid;

	s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s == MAP_FAILED)
		rl_check_(errno, "mmap", __FILE__, __LINE__);
	RL_CHECK_ERRNO(pipe(pipefd));
	pid = fork();
	if (pid < 0)
		rl_check_(errno, "fork", __FILE__, __LINE__);
	if (pid == 0) {
		RL_CHECK_ERRNO(close(pipefd[0]));
		sender(pipefd[1], s);
		_exit(0);
	}
	RL_CHECK_ERRNO(close(pipefd[1]));
	rl_event_wait(&s->all_sent);
	while (receive_message(pipefd[0], message, sizeof message)) {
		printf("order: \"%s\"\n", message);
		position = apply(position, message);
		got++;
	}
	RL_CHECK_ERRNO(close(pipefd[0]));
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			rl_check_(errno, "waitpid", __FILE__, __LINE__);

	printf("%d orders, position %ld\n", got, position);
	if (got != ORDERS || position != EXPECTED_POSITION)
		rl_symptom("wrong-result", "the parent read %d orders of %d and ends at position %ld, expected %d",
			   got, ORDERS, position, EXPECTED_POSITION);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		rl_symptom("wrong-result", "the child did not exit cleanly (status 0x%x)",
			   status);
	return 0;
}
