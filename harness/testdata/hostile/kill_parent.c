/* racelab case: kill_parent
 * bug: none: it leaves a child behind, and a grandchild in a session of
 *   its own, then kills its parent, racelab, with SIGKILL, which no
 *   signal handler sees. Racelab's guard must end all three, and say
 *   that racelab was killed.
 * class: hostile
 * expect native: clean
 */
#include <signal.h>
#include <unistd.h>

int main(void)
{
	int ready[2];
	char byte;
	pid_t pid;

	if (pipe(ready) < 0 || (pid = fork()) < 0)
		return 1;
	if (pid == 0) {
		if (fork() == 0) {
			if (setsid() < 0 || write(ready[1], "x", 1) != 1)
				_exit(1);
			for (;;)
				pause();
		}
		for (;;)
			pause();
	}
	/* the grandchild has left the group: the escape has happened */
	if (read(ready[0], &byte, 1) != 1)
		return 1;
	kill(getppid(), SIGKILL);
	for (;;)
		pause();
}
