/* racelab case: name_utf8
 * bug: it locks a mutex it already holds, and hangs; its thread's name,
 *   in the page racelab shares with it (RACELAB_SHM_FILE) and in
 *   /proc (prctl), is bytes that are not UTF-8. The watchdog put the name
 *   into its deadlock finding, the JSON encoder refused it, and the result
 *   vanished from the results file.
 * class: hostile
 * expect watchdog: clean
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "racelab_shm.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

int main(void)
{
	const char *path = getenv("RACELAB_SHM_FILE");
	int fd = path ? open(path, O_RDWR | O_CLOEXEC) : -1;
	static struct rl_shm page;

	page.magic = RL_SHM_MAGIC;
	page.nslots = 1;
	page.slot[0].tid = (uint64_t)syscall(SYS_gettid);
	memcpy(page.slot[0].name, "\xff\xfe\xc0\xaf name", 10);
	if (fd < 0 || pwrite(fd, &page, sizeof page, 0) != sizeof page)
		return 2;
	prctl(PR_SET_NAME, "\xff\xfe comm", 0, 0, 0);
	pthread_mutex_lock(&lock);
	pthread_mutex_lock(&lock);	/* never returns */
	return 0;
}
