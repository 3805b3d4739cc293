/* log.c - see log.h. Valgrind 3.19's words, from m_libcassert.c
 * (panics), m_mallocfree.c (out of memory), m_scheduler.c / m_threadstate.c
 * (the thread table) and m_errormgr.c (a suppressions file it cannot
 * read: "FATAL: can't open suppressions file", "FATAL: in suppressions
 * file "F" near line 3:" and the reason on the next line). */
#include "log.h"

#include <stdio.h>
#include <string.h>

/* Lines that open Valgrind's account of its own failure, and what the
 * reason is called; the reason follows on the same line, or on the next
 * line with text. at_start: only where the line starts (after its
 * ==PID==), since the words are short enough to come up elsewhere (the
 * program's arguments on the "Command:" line). */
static const struct {
	const char *opening, *called;
	int at_start;
} openings[] = {
	{ "valgrind: the 'impossible' happened:", "", 0 },
	{ "VALGRIND INTERNAL ERROR:", "internal error: ", 0 },
	{ "Valgrind's memory management: out of memory:", "out of memory: ", 0 },
	{ "FATAL:", "", 1 },
	{ NULL, NULL, 0 },
};

/* Options Valgrind tells the user to raise, with the words it uses. */
static const struct {
	const char *said, *option;
} raise_hints[] = {
	{ "--max-threads=", "--max-threads" },
	{ "--max-stackframe=", "--max-stackframe" },
	{ "--valgrind-stacksize=", "--valgrind-stacksize" },
	{ NULL, NULL },
};

/* One line, without its "==PID==" prefix and outer blanks, into buf. */
static void clean_line(const char *line, size_t n, char *buf, size_t len)
{
	size_t at = 0;

	if (n > 2 && line[0] == '=' && line[1] == '=') {
		const char *e = memchr(line + 2, '=', n - 2);

		if (e && e + 1 < line + n && e[1] == '=') {
			n -= (size_t)(e + 2 - line);
			line = e + 2;
		}
	}
	while (n && (line[0] == ' ' || line[0] == '\t'))
		line++, n--;
	while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' ||
		     line[n - 1] == '\r'))
		n--;
	at = n < len - 1 ? n : len - 1;
	memcpy(buf, line, at);
	buf[at] = '\0';
}

int rl_valgrind_log_failure(const char *text, size_t len, char *out,
			    size_t outlen)
{
	const char *p = text, *end = text + len, *option = NULL;
	const char *called = NULL;	/* set once an opening was seen */
	int more = 0;			/* the reason goes on, next line */
	char line[512], reason[512] = "";

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		clean_line(p, n, line, sizeof line);
		p += n + (nl != NULL);
		for (int i = 0; raise_hints[i].said; i++)
			if (strstr(line, raise_hints[i].said))
				option = raise_hints[i].option;
		if (called && !reason[0] && line[0]) {
			snprintf(reason, sizeof reason, "%s%s", called, line);
			continue;
		}
		/* "... near line 3:": the reason is on the next line */
		if (called && more && line[0]) {
			size_t k = strlen(reason);

			snprintf(reason + k, sizeof reason - k, " %s", line);
			more = 0;
			continue;
		}
		for (int i = 0; openings[i].opening && !called; i++) {
			const char *at = strstr(line, openings[i].opening);

			if (!at || (openings[i].at_start && at != line))
				continue;
			called = openings[i].called;
			at += strlen(openings[i].opening);
			at += strspn(at, " \t");
			if (*at)
				snprintf(reason, sizeof reason, "%s%s", called, at);
			more = *at && at[strlen(at) - 1] == ':';
		}
	}
	if (!called)
		return 0;
	if (!reason[0])
		snprintf(reason, sizeof reason, "Valgrind aborted");
	if (option)
		snprintf(out, outlen, "%s: raise %s", reason, option);
	else
		snprintf(out, outlen, "%s", reason);
	return 1;
}
