/* racelab case: flock_abba
 * bug: two processes, parent and forked child, each open two files (a
 *   description of their own) and flock(LOCK_EX) them in opposite
 *   orders; a pipe each way makes each hold its first before it asks for
 *   its second: the ABBA deadlock across processes on file locks, every
 *   run. The watchdog took a thread in flock() for one waiting on the
 *   world outside: "still waiting, not hung" until the time limit.
 * class: hostile
 * expect watchdog: clean
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

static char path_a[600], path_b[600];
static int tell, hear;	/* the pipe to the other process, and from it */

/* Says a word to the other process and waits for its word. */
static void meet(void)
{
	char c = 'x';

	if (write(tell, &c, 1) != 1 || read(hear, &c, 1) != 1)
		exit(2);
}

static void take_two(int first, int second)
{
	flock(first, LOCK_EX);
	meet();
	flock(second, LOCK_EX);	/* BUG: the other process holds it */
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	int to_child[2], to_parent[2], a, b;
	pid_t child;

	snprintf(path_a, sizeof path_a, "%s/flock_abba.a.XXXXXX", tmp ? tmp : "/tmp");
	snprintf(path_b, sizeof path_b, "%s/flock_abba.b.XXXXXX", tmp ? tmp : "/tmp");
	if ((a = mkstemp(path_a)) < 0 || close(a) != 0 ||
	    (b = mkstemp(path_b)) < 0 || close(b) != 0 ||
	    pipe(to_child) != 0 || pipe(to_parent) != 0)
		return 2;
	if ((child = fork()) < 0)
		return 2;
	tell = child ? to_child[1] : to_parent[1];
	hear = child ? to_parent[0] : to_child[0];
	if ((a = open(path_a, O_RDWR | O_CLOEXEC)) < 0 ||
	    (b = open(path_b, O_RDWR | O_CLOEXEC)) < 0)
		return 2;
	meet();	/* both opened: the names are no longer needed */
	if (child) {
		unlink(path_a);
		unlink(path_b);
		take_two(a, b);
		waitpid(child, NULL, 0);
	} else {
		take_two(b, a);
	}
	return 0;
}
