/* big_file PATH MIB: writes MIB mebibytes to the file PATH, then exits 0
 * (its own data, not output: the output cap does not apply to it). */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char block[1 << 20];
	int fd;

	if (argc != 3 || (fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0)
		return 2;
	memset(block, 'x', sizeof block);
	for (int i = 0; i < atoi(argv[2]); i++)
		if (write(fd, block, sizeof block) != (ssize_t)sizeof block)
			return 1;
	return close(fd) == 0 ? 0 : 1;
}
