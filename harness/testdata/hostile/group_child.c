/* group_child: forks a child that stays in the group and sleeps, then
 * hangs (or, given "exit", exits at once): the runner must end the child
 * either way. Prints the child's pid. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	pid_t pid = fork();

	if (pid < 0)
		return 1;
	if (pid == 0)
		for (;;)
			pause();
	printf("%d\n", (int)pid);
	fflush(stdout);
	if (argc > 1 && strcmp(argv[1], "exit") == 0)
		return 0;
	for (;;)
		pause();
}
