/* racelab fix: pipe_full_deadlock */
#include <stdio.h>
#include <sys/wait.h>

#include "racelab.h"

/* Four times the default pipe capacity (64 KiB): neither message fits. */
#define MESSAGE (256 * 1024)

static char request[MESSAGE], reply[MESSAGE], got[MESSAGE];

/* Writes all of buf; write() on a pipe sleeps while the pipe is full. */
static void send_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);	/* racelab:mark write */

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			rl_check_(errno, "write", __FILE__, __LINE__);
		buf += n;
		len -= (size_t)n;
	}
}

/* Reads until len bytes or end of file; returns how many it read. */
static size_t recv_all(int fd, char *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(fd, buf + done, len - done);

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

static void fill(char *buf, char first)
{
	for (size_t i = 0; i < MESSAGE; i++)
		buf[i] = (char)(first + i % 26);
}

int main(void)
{
	int down[2], up[2];	/* parent to child, child to parent */
	size_t n;
	pid_t pid;
	int status;

	fill(request, 'a');
	fill(reply, 'A');
	RL_CHECK_ERRNO(pipe(down));
	RL_CHECK_ERRNO(pipe(up));
	pid = fork();
	if (pid < 0)
		rl_check_(errno, "fork", __FILE__, __LINE__);
	if (pid == 0) {
		rl_thread_name("child");
		RL_CHECK_ERRNO(close(down[1]));
		RL_CHECK_ERRNO(close(up[0]));
		n = recv_all(down[0], got, MESSAGE);	/* racelab:mark child-reads */
		send_all(up[1], reply, MESSAGE);	/* racelab:mark child-writes */
		if (n != MESSAGE || memcmp(got, request, MESSAGE) != 0) {
			rl_symptom("wrong-result", "the child read %zu bytes of the %d-byte request%s",
				   n, MESSAGE, n == MESSAGE ? ", and they differ" : "");
			_exit(1);
		}
		_exit(0);
	}
	rl_thread_name("parent");
	RL_CHECK_ERRNO(close(down[0]));
	RL_CHECK_ERRNO(close(up[1]));
	send_all(down[1], request, MESSAGE);	/* racelab:mark parent-writes */
	RL_CHECK_ERRNO(close(down[1]));
	n = recv_all(up[0], got, MESSAGE);
	RL_CHECK_ERRNO(close(up[0]));
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			rl_check_(errno, "waitpid", __FILE__, __LINE__);
	printf("the parent read %zu bytes, the child exited with status 0x%x\n",
	       n, status);
	if (n != MESSAGE || memcmp(got, reply, MESSAGE) != 0)
		rl_symptom("wrong-result", "the parent read %zu bytes of the %d-byte reply%s",
			   n, MESSAGE, n == MESSAGE ? ", and they differ" : "");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		rl_symptom("wrong-result", "the child did not exit cleanly (status 0x%x)",
			   status);
	return 0;
}
