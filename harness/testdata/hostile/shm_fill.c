/* racelab case: shm_fill
 * bug: none of its own: it keeps the magic number of the page racelab
 *   shares with it (RACELAB_SHM_FILE) and fills the rest with 0xFF bytes:
 *   2^32 slots, thread ids of 2^64 - 1, names with no end. racelab read
 *   past the names, called it starvation of "thread 18446744073709551615"
 *   and lost the result to the invalid UTF-8.
 * class: hostile
 * expect native: clean
 * expect watchdog: clean
 * fairness: max-wait-ms 1000 min-jain 0.5
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "racelab_shm.h"

int main(void)
{
	const char *path = getenv("RACELAB_SHM_FILE");
	int fd = path ? open(path, O_RDWR | O_CLOEXEC) : -1;
	static unsigned char page[RL_SHM_SIZE];
	uint32_t magic = RL_SHM_MAGIC;

	memset(page, 0xff, sizeof page);
	memcpy(page, &magic, sizeof magic);
	if (fd < 0 || pwrite(fd, page, sizeof page, 0) != sizeof page)
		return 2;
	usleep(100 * 1000);	/* the watchdog looks every 5 ms */
	return 0;
}
