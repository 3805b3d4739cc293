/* racelab case: shm_truncate
 * bug: none of its own: it claims every slot of the page racelab shares
 *   with it (RACELAB_SHM_FILE), then cuts the file to 64 bytes and then to
 *   none. racelab mapped that file and died of SIGBUS reading it.
 * class: hostile
 * expect native: clean
 * expect watchdog: clean
 * fairness: max-wait-ms 1000
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "racelab_shm.h"

int main(void)
{
	const char *path = getenv("RACELAB_SHM_FILE");
	int fd = path ? open(path, O_RDWR | O_CLOEXEC) : -1;
	uint32_t head[2] = { RL_SHM_MAGIC, RL_SHM_SLOTS };	/* magic, nslots */

	if (fd < 0 || pwrite(fd, head, sizeof head, 0) != sizeof head)
		return 2;
	if (ftruncate(fd, 64) != 0)
		return 3;
	usleep(100 * 1000);	/* the watchdog looks every 5 ms */
	if (ftruncate(fd, 0) != 0)
		return 3;
	usleep(100 * 1000);
	return 0;
}
