/* racelab fix: pipe_message_framing */
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

/* Reads exactly len bytes, however many read() calls that takes;
 * returns how many it read, less than len only at the end of the stream. */
static size_t read_exactly(int fd, void *buf, size_t len)
{
	char *p = buf;
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(fd, p + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			rl_check_(errno, "read", __FILE__, __LINE__);
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return done;
}

/* A message is framed: its length, then its bytes. */
static void send_message(int fd, const char *text)
{
	uint32_t len = (uint32_t)strlen(text);

	write_all(fd, &len, sizeof len);
	write_all(fd, text, len);	/* racelab:mark send */
}

/* Receives one message into buf as a string; returns 0 at the end of
 * the stream. The length says where this message ends. */
static int receive_message(int fd, char *buf, size_t cap)
{
	uint32_t len;

	if (read_exactly(fd, &len, sizeof len) != sizeof len || len >= cap)
		return 0;
	if (read_exactly(fd, buf, len) != len)	/* racelab:mark receive */
		return 0;
	buf[len] = '\0';
	return 1;
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
