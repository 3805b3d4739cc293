/* racelab case: fsync_file
 * bug: none - a correct program that waits: main writes a 20 MB file in 1 MB pieces and waits in fsync until the disk has it, again from the start until 0.4 s have passed, then checks its size and removes it.
 * class: waiting
 * waits-in: write, fsync (disk I/O, D state)
 * symptom: none; it ends on its own in about 0.5 s (one pass at least, however slow the disk).
 */
/* The file goes in $TEST_TMPDIR when set (Bazel), else the current directory.
 * A fast disk syncs 20 MB in 0.1 s, hence the passes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHECK_SYS(call) do { if ((call) == -1) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(errno)); unlink(path); exit(1); } } while (0)

enum { PIECE = 1 << 20, PIECES = 20 };

static char buf[PIECE];
static char path[4096];

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int main(void)
{
	const char *dir = getenv("TEST_TMPDIR");
	double start = now();
	struct stat st;
	int fd, i, passes = 0;

	snprintf(path, sizeof path, "%s/fsync_file.XXXXXX", dir && *dir ? dir : ".");
	CHECK_SYS(fd = mkstemp(path));
	do {
		CHECK_SYS(lseek(fd, 0, SEEK_SET));
		for (i = 0; i < PIECES; i++) {
			memset(buf, 'a' + (i + passes) % 26, sizeof buf);
			if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf)
				CHECK_SYS(-1);
		}
		CHECK_SYS(fsync(fd));
		passes++;
	} while (now() - start < 0.4);
	CHECK_SYS(fstat(fd, &st));
	CHECK_SYS(close(fd));
	CHECK_SYS(unlink(path));
	if (st.st_size != (off_t)PIECE * PIECES) {
		fprintf(stderr, "file is %lld bytes, expected %lld\n",
			(long long)st.st_size, (long long)PIECE * PIECES);
		return 1;
	}
	printf("wrote and synced %d MB %d time(s)\n", PIECES, passes);
	return 0;
}
