/* util.c - see util.h. */
#include "util.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void out_of_memory(void)
{
	fputs("racelab: out of memory\n", stderr);
	abort();
}

void *rl_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *rl_xrealloc(void *p, size_t n, size_t size)
{
	if (size && n > (size_t)-1 / size)
		out_of_memory();
	p = realloc(p, n * size ? n * size : 1);
	if (!p)
		out_of_memory();
	return p;
}

char *rl_xstrdup(const char *s)
{
	return s ? rl_xstrndup(s, strlen(s)) : NULL;
}

char *rl_xstrndup(const char *s, size_t n)
{
	char *d;

	if (!s)
		return NULL;
	d = strndup(s, n);
	if (!d)
		out_of_memory();
	return d;
}

int rl_read_small(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

char *rl_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = rl_xcalloc((size_t)n + 1, 1);
		*len = fread(buf, 1, (size_t)n, f);
	}
	fclose(f);
	return buf;
}

char *rl_printable(const char *s, int keep_newlines)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 0, i;
	char *d, *o;

	if (!s)
		return NULL;
	for (i = 0; u[i]; i++)
		n += (u[i] < 0x20 && !(keep_newlines && u[i] == '\n')) || u[i] == 0x7f ||
		     (u[i] == 0xc2 && u[i + 1] >= 0x80 && u[i + 1] <= 0x9f) ? 6 : 1;
	o = d = rl_xcalloc(n + 1, 1);
	for (i = 0; u[i]; i++) {
		if (u[i] == 0xc2 && u[i + 1] >= 0x80 && u[i + 1] <= 0x9f) {
			/* a C1 control (CSI, OSC) in UTF-8: \u0080-\u009f */
			o += sprintf(o, "\\u%04x", u[++i]);
		} else if ((u[i] < 0x20 && !(keep_newlines && u[i] == '\n')) ||
			   u[i] == 0x7f) {
			o += sprintf(o, "\\x%02x", u[i]);
		} else {
			*o++ = (char)u[i];
		}
	}
	*o = 0;
	return d;
}
