/* racelab case: flock_outside
 * bug: none of its own: it flock()s the file named by
 *   RACELAB_TEST_LOCK_FILE, which a process that is not part of the run
 *   holds (hostile_test: `flock FILE sleep 30`). It waits for the world
 *   outside: "still waiting, not hung", never a deadlock.
 * class: hostile
 * expect watchdog: clean
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

int main(void)
{
	const char *path = getenv("RACELAB_TEST_LOCK_FILE");
	int fd = path ? open(path, O_RDWR | O_CLOEXEC) : -1;

	if (fd < 0)
		return 2;
	flock(fd, LOCK_EX);
	flock(fd, LOCK_UN);
	close(fd);
	return 0;
}
