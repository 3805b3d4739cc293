/* Clean on its first run and wrong on every later one, the same every
 * time: the first run leaves first_run_clean.done where it runs, and a
 * run that finds it fails its check. compare_test: with --runs, a
 * detector's line says what the run that found something said. */
#include <assert.h>
#include <fcntl.h>
#include <unistd.h>

int main(void)
{
	int fd = open("first_run_clean.done", O_WRONLY | O_CREAT | O_EXCL, 0644);

	if (fd >= 0)
		return close(fd);	/* the first run: nothing wrong */
	assert(fd >= 0);	/* BUG: every later run */
	return 0;
}
