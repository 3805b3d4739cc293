/* flood: writes to stdout forever, for the output cap (RLIMIT_FSIZE). */
#include <string.h>
#include <unistd.h>

int main(void)
{
	char block[4096];

	memset(block, 'x', sizeof block);
	for (;;)
		if (write(1, block, sizeof block) < 0)
			return 1;	/* only if SIGXFSZ were not fatal */
}
