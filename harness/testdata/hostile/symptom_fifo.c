/* racelab case: symptom_fifo
 * bug: none of its own: it puts a FIFO where racelab reads its symptoms
 *   (RACELAB_SYMPTOM_FILE). racelab opened it to read and waited for a
 *   writer for ever.
 * class: hostile
 * expect native: clean
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	const char *path = getenv("RACELAB_SYMPTOM_FILE");

	if (!path)
		return 2;
	unlink(path);
	return mkfifo(path, 0644) == 0 ? 0 : 3;
}
