/* racelab case: symptom_devzero
 * bug: none of its own: its symptom file (RACELAB_SYMPTOM_FILE) is a
 *   symbolic link to /dev/zero, which never ends. racelab followed it and
 *   read zeros for ever.
 * class: hostile
 * expect native: clean
 */
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
	const char *path = getenv("RACELAB_SYMPTOM_FILE");

	if (!path)
		return 2;
	unlink(path);
	return symlink("/dev/zero", path) == 0 ? 0 : 3;
}
