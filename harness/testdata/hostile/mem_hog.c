/* racelab case: mem_hog
 * bug: none: it and a child it forks each fill 2.5 GB of memory, then
 *   wait. Together they pass racelab's limit of resident memory for a
 *   run (4 GiB, or --memory), which must stop the run and say so.
 * class: hostile
 * expect native: clean
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (64ul << 20)
#define CHUNKS 40	/* 2.5 GB */

int main(void)
{
	if (fork() < 0)
		return 1;
	for (int i = 0; i < CHUNKS; i++) {
		char *p = malloc(CHUNK);

		if (!p)
			return 1;
		memset(p, i + 1, CHUNK);	/* resident, not only reserved */
	}
	for (;;)
		pause();
}
