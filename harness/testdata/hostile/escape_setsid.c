/* escape_setsid: leaves a grandchild behind in a session (and group) of
 * its own, then exits; only the runner's subreaper sweep can find it.
 * Prints the grandchild's pid. The parent waits until the grandchild has
 * left the group, so the escape has happened every run. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	int ready[2];
	char byte;
	pid_t pid;

	if (pipe(ready) < 0 || (pid = fork()) < 0)
		return 1;
	if (pid == 0) {
		if (setsid() < 0 || write(ready[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	if (read(ready[0], &byte, 1) != 1)
		return 1;
	printf("%d\n", (int)pid);
	return 0;
}
