/* words.c - see words.h. */
#define _GNU_SOURCE
#include "words.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* Levenshtein distance, for "did you mean". */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), prev[64], cur[64];

	if (la >= 63 || lb >= 63)
		return 64;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			cur[j] = del < ins ? del : ins;
			if (sub < cur[j])
				cur[j] = sub;
		}
		memcpy(prev, cur, sizeof cur);
	}
	return prev[lb];
}

/* The name the user may have meant: the only one it begins (2 letters at
 * least), else the nearest one within 2 edits (and fewer edits than it
 * has letters); NULL when none is near. */
const char *rl_closest(const char *typed, const char *const *names)
{
	const char *best = NULL, *prefixed = NULL;
	size_t best_d = 3, len = strlen(typed);
	int prefixes = 0;

	for (int i = 0; names[i]; i++) {
		size_t d = distance(typed, names[i]);

		if (d < best_d && d < len)
			best = names[i], best_d = d;
		if (len >= 2 && strncmp(names[i], typed, len) == 0)
			prefixed = names[i], prefixes++;
	}
	return prefixes == 1 ? prefixed : best;
}

/* "a, b, c and d" */
void rl_print_list(FILE *f, const char *const *names)
{
	for (int i = 0; names[i]; i++)
		fprintf(f, "%s%s", i == 0 ? "" : names[i + 1] ? ", " : " and ",
			names[i]);
}

const char *rl_user_path(const char *path)
{
	const char *base = getenv("BUILD_WORKING_DIRECTORY");
	char *full;

	if (!base || !*base || path[0] == '/')
		return path;
	if (asprintf(&full, "%s/%s", base, path) < 0)
		abort();
	return full;	/* kept to the end of the process */
}

const char *rl_caller_dir(void)
{
	static char *dir;
	const char *base = getenv("BUILD_WORKING_DIRECTORY");

	if (!dir)
		dir = base && base[0] == '/' ? strdup(base) : getcwd(NULL, 0);
	if (!dir)
		abort();
	return dir;	/* kept to the end of the process */
}

const char *rl_caller_path(const char *path)
{
	char *full;

	if (path[0] == '/')
		return path;
	if (asprintf(&full, "%s/%s", rl_caller_dir(), path) < 0)
		abort();
	return full;	/* kept to the end of the process */
}

const char *rl_shown_path(const char *path)
{
	const char *here = rl_caller_dir();
	size_t n = strlen(here);

	if (path && path[0] == '/' && n > 1 && !strncmp(path, here, n) &&
	    path[n] == '/' && path[n + 1])
		return path + n + 1;
	return path;
}

int rl_parse_count(const char *option, const char *text, int max, int *value)
{
	size_t len = strlen(text);
	/* no more digits than max has: "00005" is no count of runs */
	int digits = snprintf(NULL, 0, "%d", max);

	if (len == 0 || len > (size_t)digits || strspn(text, "0123456789") != len ||
	    atoi(text) < 1 || atoi(text) > max) {
		fprintf(stderr, "racelab: `%s` takes a whole number from 1 to %d, not `%s`.\n",
			option, max, text);
		return -1;
	}
	*value = atoi(text);
	return 0;
}

int rl_parse_memory(const char *text, unsigned long *bytes)
{
	size_t digits = strspn(text, "0123456789");
	unsigned long n = digits && digits <= 5 ? strtoul(text, NULL, 10) : 0;
	unsigned long mb = !strcmp(text + digits, "M") ? n :
			   !strcmp(text + digits, "G") ? n * 1024 : 0;

	if (mb < 64 || mb > 64 * 1024) {
		fprintf(stderr, "racelab: `--memory` takes a size from 64M to 64G, such as 512M or 4G, not `%s`.\n",
			text);
		return -1;
	}
	*bytes = mb << 20;
	return 0;
}

int rl_parse_shard(const char *text, int *k, int *n)
{
	char end;

	if (sscanf(text, "%d/%d%c", k, n, &end) != 2 || *n < 1 || *n > 1000 ||
	    *k < 0 || *k >= *n) {
		fprintf(stderr, "racelab: `--shard` takes K/N with 0 <= K < N <= 1000, such as 0/4, not `%s`.\n",
			text);
		return -1;
	}
	return 0;
}

int rl_refuse(const char *fmt, ...)
{
	va_list ap;

	fputs("racelab: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 2;
}

int rl_screen_width(FILE *f)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");

	if (!isatty(fileno(f)))
		return 0;
	if (ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	if (env && atoi(env) >= 20)
		return atoi(env);
	return 80;
}

void rl_print_wrapped(FILE *f, const char *text, int col, int indent, int width)
{
	int start = col;

	if (width <= 0) {
		fprintf(f, "%s\n", text);
		return;
	}
	text += strspn(text, " ");
	while (*text) {
		int n = (int)strcspn(text, " ");

		if (col > start && col + 1 + n > width) {
			fprintf(f, "\n%*s", indent, "");
			col = start = indent;
		} else if (col > start) {
			fputc(' ', f);
			col++;
		}
		/* a word longer than the line is cut where the line ends */
		while (col + n > width && width - col > 0 && col == start) {
			fprintf(f, "%.*s\n%*s", width - col, text, indent, "");
			text += width - col;
			n -= width - col;
			col = start = indent;
		}
		fprintf(f, "%.*s", n, text);
		col += n;
		text += n;
		text += strspn(text, " ");
	}
	fputc('\n', f);
}
