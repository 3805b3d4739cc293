/* thread_safety/parse.c - clang's -Wthread-safety diagnostics -> findings.
 *
 * clang 14 writes, with -fno-caret-diagnostics (so no source line is
 * echoed, and the program's own text cannot pose as a diagnostic):
 *
 *	cases/x.c:14:2: warning: acquiring mutex 'lock' that is already held [-Wthread-safety-analysis]
 *	cases/x.c:13:2: note: mutex acquired here
 *	1 warning generated.
 *
 * A warning's option names its group: -Wthread-safety-analysis (the
 * checks, and the lock order of -Wthread-safety-beta), -precise,
 * -reference, -attributes (an annotation that names no capability),
 * -negative, -beta. Its category is read from the text, which says what
 * went wrong; a file name may hold ": warning: " too, so a line is split
 * from its end: the option in brackets last, then the text after the
 * last ": warning: ".
 */
#include "parse.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../../util.h"

#define TOOL "thread-safety"
#define OPTION "-Wthread-safety"

/* First match wins. Annotation mistakes (-attributes, "cannot resolve
 * lock expression") stay `other`. */
static const struct {
	const char *needle;
	enum rl_category category;
} rules[] = {
	/* touching guarded data, or calling what REQUIRES a lock, without
	 * holding it: the access another thread may make at the same time */
	{ "requires holding", RL_CAT_DATA_RACE },
	{ "must be acquired before", RL_CAT_LOCK_ORDER },
	{ "must be acquired after", RL_CAT_LOCK_ORDER },
	{ "cycle in acquired_before", RL_CAT_LOCK_ORDER },
	{ "that is already held", RL_CAT_MUTEX_MISUSE },
	{ "that was not held", RL_CAT_MUTEX_MISUSE },
	{ "still held at the end of", RL_CAT_MUTEX_MISUSE },
	{ "not held on every path", RL_CAT_MUTEX_MISUSE },
	{ "to be held at the end of", RL_CAT_MUTEX_MISUSE },
	{ "while mutex", RL_CAT_MUTEX_MISUSE },	/* EXCLUDES: would self-deadlock */
	{ "is held", RL_CAT_MUTEX_MISUSE },
	{ "using shared access", RL_CAT_MUTEX_MISUSE },
	{ "using exclusive access", RL_CAT_MUTEX_MISUSE },
};

static enum rl_category categorise(const char *text)
{
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (strstr(text, rules[i].needle))
			return rules[i].category;
	return RL_CAT_OTHER;
}

/* One diagnostic line, split in place: FILE:LINE:COL: SEVERITY: TEXT
 * [OPTION]. Returns 0, or -1 when the line is not of that shape. */
struct diag {
	char *file, *text, *option;	/* option: NULL when none */
	int line;
	int is_note;
};

static int positive(const char *s, const char *end, int *out)
{
	long v = 0;

	if (s == end)
		return -1;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9' || v > INT_MAX / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = (int)v;
	return v > 0 ? 0 : -1;
}

static int split(char *s, struct diag *d)
{
	static const char *const severities[] = { ": warning: ", ": note: " };
	char *sev = NULL, *p, *col, *lin;
	size_t n = strlen(s);
	int col_no, k = -1;

	/* the last severity marker: a file name may contain one */
	for (int i = 0; i < 2; i++)
		for (p = strstr(s, severities[i]); p; p = strstr(p + 1, severities[i]))
			if (p > sev)
				sev = p, k = i;
	if (!sev)
		return -1;
	d->is_note = k == 1;
	d->text = sev + strlen(severities[k]);
	d->option = NULL;
	if (n && s[n - 1] == ']' && (p = strrchr(s, '[')) && p > d->text &&
	    p[-1] == ' ') {
		s[n - 1] = '\0';
		d->option = p + 1;
		p[-1] = '\0';
		/* "-Wthread-safety-analysis,-Werror": the first is the group */
		if ((p = strchr(d->option, ',')))
			*p = '\0';
	}
	*sev = '\0';
	/* FILE:LINE:COL, from the end */
	if (!(col = strrchr(s, ':')))
		return -1;
	*col = '\0';
	if (!(lin = strrchr(s, ':')) || lin == s)
		return -1;
	if (positive(col + 1, sev, &col_no) ||
	    positive(lin + 1, col, &d->line))
		return -1;
	*lin = '\0';
	d->file = s;
	return 0;
}

int rl_parse_thread_safety(const char *text, size_t len,
			   struct rl_findings *out, struct rl_parse_info *info)
{
	struct rl_finding *cur = NULL;	/* the warning notes belong to */
	const char *p = text, *end = text + len;

	if (info) {
		info->complete = 1;
		info->tool_error_count = -1;
	}
	if (!text)
		return len ? -1 : 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		struct diag d;
		char *line;

		if (!nl) {
			/* a last line cut short may have lost its option */
			if (info)
				info->complete = 0;
			break;
		}
		line = rl_xstrndup(p, nl - p);
		p = nl + 1;
		if (split(line, &d) != 0) {
			free(line);
			continue;	/* "N warnings generated.", "In file included from" */
		}
		if (d.is_note) {
			if (cur) {
				struct rl_stack *s =
					rl_finding_add_stack(cur, d.text, -1);
				rl_stack_add_frame(s, NULL, d.file, d.line);
			}
		} else if (d.option &&
			   strncmp(d.option, OPTION, strlen(OPTION)) == 0) {
			struct rl_stack *s;

			cur = rl_findings_add(out, TOOL, d.option,
					      categorise(d.text));
			cur->headline = rl_xstrdup(d.text);
			s = rl_finding_add_stack(cur, d.text, -1);
			rl_stack_add_frame(s, NULL, d.file, d.line);
		} else {
			cur = NULL;	/* another warning's notes are its own */
		}
		free(line);
	}
	return 0;
}
