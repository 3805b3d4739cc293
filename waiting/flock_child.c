/* racelab case: flock_child
 * bug: none - a correct program that waits: the parent waits in flock(LOCK_EX) on a file that a forked child has locked and holds while it sleeps 0.5 s in nanosleep; the child's exit releases it.
 * class: waiting
 * waits-in: read (pipe, from the child), flock, then wait4
 * symptom: none; it ends on its own in about 0.5 s.
 */
/* The file is made in $TEST_TMPDIR when set, else the current directory. The
 * child opens it anew: a flock belongs to an open file, not a process. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHECK_SYS(call) do { if ((call) == -1) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(errno)); unlink(path); exit(1); } } while (0)

static char path[4096];

int main(void)
{
	const char *dir = getenv("TEST_TMPDIR");
	int fd, held[2], status, rc;
	pid_t child;
	char c = 0;

	snprintf(path, sizeof path, "%s/flock_child.XXXXXX", dir && *dir ? dir : ".");
	CHECK_SYS(fd = mkstemp(path));
	CHECK_SYS(pipe(held));
	CHECK_SYS(child = fork());
	if (child == 0) {
		struct timespec nap = { 0, 500000000L };
		int mine = open(path, O_RDWR);

		if (mine == -1 || flock(mine, LOCK_EX) == -1 || write(held[1], "h", 1) != 1)
			_exit(2);
		nanosleep(&nap, NULL);
		_exit(0);	/* closing `mine` releases the lock */
	}
	CHECK_SYS(close(held[1]));
	if (read(held[0], &c, 1) != 1 || c != 'h') {
		fprintf(stderr, "the child could not take the lock\n");
		unlink(path);
		return 1;
	}
	while ((rc = flock(fd, LOCK_EX)) == -1 && errno == EINTR)
		;
	CHECK_SYS(rc);
	CHECK_SYS(close(fd));
	CHECK_SYS(waitpid(child, &status, 0));
	CHECK_SYS(unlink(path));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "child status %#x\n", status);
		return 1;
	}
	printf("got the lock once the child let go\n");
	return 0;
}
