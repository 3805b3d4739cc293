/* tsan/parse.c - ThreadSanitizer's text reports -> findings.
 *
 * The format (clang 14's runtime; gcc 12's libtsan prints the same, minus
 * columns and BuildIds):
 *
 *	==================
 *	WARNING: ThreadSanitizer: data race (pid=4160)
 *	  Write of size 4 at 0x5653dcc92280 by thread T2:
 *	    #0 writer2 cases/race2.c:49:10 (race2+0xd0314) (BuildId: 58fa...)
 *
 *	  Previous write of size 4 at 0x5653dcc92280 by thread T1:
 *	    #0 writer1 cases/race2.c:35:10 (race2+0xd0226) (BuildId: 58fa...)
 *
 *	  Location is global 'counter' of size 4 at 0x5653dcc92280 (race2+...)
 *
 *	SUMMARY: ThreadSanitizer: data race cases/race2.c:49:10 in writer2
 *	==================
 *	ThreadSanitizer: reported 1 warnings
 *
 * and for a program that dies:
 *
 *	ThreadSanitizer:DEADLYSIGNAL
 *	==3673==ERROR: ThreadSanitizer: SEGV on unknown address 0x0 (pc ...)
 *	==3673==The signal is caused by a WRITE memory access.
 *	    #0 main cases/crash.c:44:10 (crash+0xd019c) (BuildId: ...)
 *	SUMMARY: ThreadSanitizer: SEGV cases/crash.c:44:10 in main
 *	==3673==ABORTING
 *
 * Mutex and signal reports print their first stack with no description
 * line, and further ones after a bare "  and:".
 *
 * The program's own output shares the stream and may land anywhere, even
 * inside a report (TSan prints a report line by line; other threads keep
 * running). So the parser trusts only lines of TSan's shapes, and only
 * where TSan puts them: frames and descriptions count only inside a
 * report, a frame only when its number continues the current stack.
 * What it cannot tell apart: a program line of exactly a description's
 * shape ("  Totals:") printed between a description and its frames takes
 * over the label, and a program line ending in 18 '=' inside a report
 * ends that report early.
 *
 * With color=always (or a terminal) TSan wraps parts of lines in ANSI
 * color codes; they are removed before a line is looked at.
 *
 * The text may have been cut (a killed run, a size limit). The last line,
 * when it has no newline, is used only if its shape proves it whole: a
 * report header with its "(pid=N)", a rule, a "reported N warnings" or an
 * "==N==ABORTING" line. Anything else there - a frame, a description, a
 * SUMMARY - may be cut mid-word and is dropped. info->complete is 0 when
 * the text ends inside a report (also inside a header, or after
 * DEADLYSIGNAL before its ERROR report), when a report is cut off by the
 * next, and when TSan itself gave up (FATAL, CHECK failed). A cut right
 * after a rule line cannot be told from a program printing one: complete.
 * A cut-off report still gives its finding, headline = kind when its
 * SUMMARY never came.
 *
 * rl_parse_tsan returns -1 in one case only: a newline-terminated
 * `WARNING: ThreadSanitizer:` line with no headline before its "(pid=N)"
 * (or none at all). TSan never prints that, so the text is not TSan's or
 * is corrupted. Parsing still runs to the end and keeps what it found.
 */
#define _GNU_SOURCE	/* memmem */
#include "parse.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../util.h"

#define TOOL "tsan"
#define RULE_LEN 18	/* TSan's rule is 18 '=' */

static const char WARNING_MARK[] = "WARNING: ThreadSanitizer:";
static const char ERROR_MARK[] = "ERROR: ThreadSanitizer: ";
static const char SUMMARY_MARK[] = "SUMMARY: ThreadSanitizer: ";
static const char DEADLY_MARK[] = "ThreadSanitizer:DEADLYSIGNAL";
static const char REPORTED_MARK[] = "ThreadSanitizer: reported ";
/* At exit, with print_suppressions=1: "ThreadSanitizer: Matched 2
 * suppressions (pid=7085):", then one "COUNT TYPE:PATTERN" line each. */
static const char SUPPRESSED_MARK[] = "ThreadSanitizer: Matched ";

/* A piece of the input: not NUL-terminated, may hold any byte. */
struct span {
	const char *p;
	size_t n;
};

enum block { IN_NONE, IN_WARNING, IN_CRASH };

struct parser {
	struct rl_findings *out;
	struct rl_parse_info *info;
	enum block block;
	size_t finding;		/* the open block's finding, in out->v */
	long stack;		/* the stack taking frames, -1 if none */
	char *pending;		/* a description awaiting frames */
	char *crash_label;	/* the crash's words, for its stack */
	int crash_thread;
	int deadly_pending;	/* DEADLYSIGNAL seen, its ERROR not yet */
	int after_rule;		/* last line: a rule, no report open */
	int cut;		/* a report was left unfinished */
	int failed;		/* TSan itself gave up */
	int bad;		/* text TSan would not write; return -1 */
	char *buf;		/* a line without its color codes */
	size_t bufcap;
	char *open_frame;	/* a frame with no module yet: a newline in
				 * its path may have cut it */
	int joins;		/* lines joined to it so far */
	int summary_open;	/* a SUMMARY was the last line, which a
				 * newline in a file's name may have cut */
	char *last_module;	/* the last frame's "(module+0x...)" */
	size_t mended;		/* frames of this stack put back together */
};

/* ---- spans: bounded string helpers, since the input is not a C string */

static struct span span_from(const char *p, size_t n)
{
	struct span s = { p, n };
	return s;
}

static struct span span_after(struct span s, size_t off)
{
	return span_from(s.p + off, s.n - off);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	       c == '\v' || c == '\f';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static struct span span_trim(struct span s)
{
	while (s.n && is_space(s.p[0]))
		s = span_after(s, 1);
	while (s.n && is_space(s.p[s.n - 1]))
		s.n--;
	return s;
}

static struct span span_rtrim(struct span s)
{
	while (s.n && is_space(s.p[s.n - 1]))
		s.n--;
	return s;
}

/* Offset of lit in s, or -1. */
static long span_find(struct span s, const char *lit)
{
	const char *hit = memmem(s.p, s.n, lit, strlen(lit));

	return hit ? hit - s.p : -1;
}

static int span_starts(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n >= n && memcmp(s.p, lit, n) == 0;
}

static int span_ends(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n >= n && memcmp(s.p + s.n - n, lit, n) == 0;
}

static int span_eq(struct span s, const char *lit)
{
	return s.n == strlen(lit) && memcmp(s.p, lit, s.n) == 0;
}

/* Reads the decimal number that s starts with into *val; returns how many
 * digits it took, 0 if none. A value past INT_MAX sets *val to -1, so
 * fuzzed input cannot overflow. */
static size_t span_uint(struct span s, int *val)
{
	size_t i = 0;
	long v = 0;

	while (i < s.n && is_digit(s.p[i])) {
		if (v <= INT_MAX)
			v = v * 10 + (s.p[i] - '0');
		i++;
	}
	*val = v > INT_MAX ? -1 : (int)v;
	return i;
}

/* Is s nothing but a decimal number? Its value in *val as span_uint. */
static int span_is_uint(struct span s, int *val)
{
	return s.n && span_uint(s, val) == s.n;
}

/* A C string of s. NUL bytes (binary junk) are left out rather than
 * allowed to end the string early. */
static char *span_dup(struct span s)
{
	char *d = rl_xcalloc(s.n + 1, 1);
	size_t n = 0;

	for (size_t i = 0; i < s.n; i++)
		if (s.p[i])
			d[n++] = s.p[i];
	return d;
}

/* ---- the parse state */

static void note(struct parser *ps, const char *why)
{
	if (!ps->info->error[0])
		snprintf(ps->info->error, sizeof ps->info->error, "%s", why);
}

static struct rl_finding *cur_finding(struct parser *ps)
{
	return &ps->out->v[ps->finding];
}

static void set_pending(struct parser *ps, char *label)
{
	free(ps->pending);
	ps->pending = label;
}

static void close_frame(struct parser *ps)
{
	free(ps->open_frame);
	ps->open_frame = NULL;
	ps->joins = 0;
	ps->summary_open = 0;
}

static void end_block(struct parser *ps)
{
	ps->block = IN_NONE;
	ps->stack = -1;
	set_pending(ps, NULL);
	close_frame(ps);
}

/* A report that will never be finished: the text moved on or ended. */
static void cut_block(struct parser *ps, const char *why)
{
	if (ps->block == IN_NONE)
		return;
	ps->cut = 1;
	note(ps, why);
	end_block(ps);
}

/* The headlines TSan's report types print (tsan_report.cpp). */
static enum rl_category tsan_category(const char *kind)
{
	static const struct {
		const char *prefix;
		enum rl_category cat;
	} map[] = {
		{ "data race", RL_CAT_DATA_RACE },
		{ "lock-order-inversion", RL_CAT_LOCK_ORDER },
		{ "thread leak", RL_CAT_THREAD_LEAK },
		{ "heap-use-after-free", RL_CAT_MEMORY_ERROR },
		{ "destroy of a locked mutex", RL_CAT_MUTEX_MISUSE },
		{ "double lock of a mutex", RL_CAT_MUTEX_MISUSE },
		{ "use of an invalid mutex", RL_CAT_MUTEX_MISUSE },
		{ "unlock of an unlocked mutex", RL_CAT_MUTEX_MISUSE },
		{ "read lock of a write locked mutex", RL_CAT_MUTEX_MISUSE },
		{ "read unlock of a write locked mutex", RL_CAT_MUTEX_MISUSE },
		{ "signal-unsafe call inside", RL_CAT_SIGNAL_MISUSE },
		{ "signal handler spoils errno", RL_CAT_SIGNAL_MISUSE },
	};

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strncmp(kind, map[i].prefix, strlen(map[i].prefix)) == 0)
			return map[i].cat;
	return RL_CAT_OTHER;
}

/* The TSan thread a description names: "by thread T2", "in thread T1" ->
 * 2, 1; "by main thread" -> 0; "by the same thread" -> the thread of the
 * stack before it; else -1. The first mention wins: in "Thread T1 (...)
 * created by main thread" the stack is main's. "Thread" with a capital
 * is the subject, not the stack's thread, and does not match. */
static int description_thread(struct span d, const struct rl_finding *f)
{
	long t = span_find(d, "thread T"), m = span_find(d, "main thread");
	int n = -1;

	if (t >= 0 && (m < 0 || t < m) &&
	    span_uint(span_after(d, t + 8), &n) > 0)
		return n;
	if (m >= 0)
		return 0;
	if (span_find(d, "the same thread") >= 0 && f->nstacks)
		return f->stacks[f->nstacks - 1].thread;
	return -1;
}

/* ---- frames */

/* Drops the "(module+0x1234)" and "(BuildId: ...)" groups from the end. */
static struct span strip_modules(struct span s)
{
	for (;;) {
		size_t open;
		struct span group;

		s = span_rtrim(s);
		if (!s.n || s.p[s.n - 1] != ')')
			return s;
		open = s.n - 1;
		while (open > 0 && s.p[open] != '(')
			open--;
		/* A C++ signature "f(int)" sits against its name: only a
		 * group standing alone after a space is the module's. */
		if (s.p[open] != '(' || open == 0 || s.p[open - 1] != ' ')
			return s;
		group = span_from(s.p + open + 1, s.n - open - 2);
		if (span_find(group, "+0x") < 0 &&
		    !span_starts(group, "BuildId:") &&
		    !span_eq(group, "<unknown module>"))
			return s;
		s.n = open;
	}
}

/* If s ends in ":N" (or ":?"), strips it and returns 1 with N in *val
 * (0 for "?" and for numbers too large to be a line). */
static int strip_number(struct span *s, int *val)
{
	size_t colon = s->n;
	struct span num;

	while (colon > 0 && s->p[colon - 1] != ':')
		colon--;
	if (colon == 0)
		return 0;
	num = span_after(*s, colon);
	if (span_eq(num, "?")) {
		*val = 0;
	} else if (!span_is_uint(num, val)) {
		return 0;
	} else if (*val < 0) {
		*val = 0;
	}
	s->n = colon - 1;
	return 1;
}

/* "file:line:col", "file:line", "file", "??:?", "<null>". */
static void parse_location(struct span loc, char **file, int *line)
{
	int a = 0, b = 0;

	*file = NULL;
	*line = 0;
	if (strip_number(&loc, &a))
		*line = strip_number(&loc, &b) ? b : a;
	if (!loc.n || span_eq(loc, "??") || span_eq(loc, "<null>"))
		*line = 0;
	else
		*file = span_dup(loc);
}

/* An ASan-style stack_trace_format puts "0x4a5b3c in " before the
 * function; a bare "0x4a5b3c" is a frame the symbolizer could not name. */
static struct span skip_pc(struct span fn)
{
	size_t i = 2;

	if (!span_starts(fn, "0x"))
		return fn;
	while (i < fn.n && ((fn.p[i] >= '0' && fn.p[i] <= '9') ||
			    (fn.p[i] >= 'a' && fn.p[i] <= 'f')))
		i++;
	if (i == fn.n)
		return span_from(fn.p, 0);
	if (span_starts(span_after(fn, i), " in "))
		return span_trim(span_after(fn, i + 4));
	return fn;
}

/* Whether s is a word that continues a C++ signature after its ")":
 * "f() const", "f() &&", "f() [clone .cold]". */
static int is_qualifier(struct span s)
{
	static const char *const words[] = { "const", "volatile", "&", "&&",
					     "noexcept", NULL };

	for (int i = 0; words[i]; i++)
		if (span_eq(s, words[i]))
			return 1;
	return s.n && s.p[0] == '[';
}

/* The spaces of s outside brackets, in *at (at most max), their count
 * returned. The '<' and '>' of an operator's name ("operator<<") are no
 * brackets. */
static size_t outer_spaces(struct span s, size_t *at, size_t max)
{
	size_t n = 0;
	int depth = 0;

	for (size_t i = 0; i < s.n; i++) {
		char c = s.p[i];

		if (span_starts(span_after(s, i), "operator")) {
			i += strlen("operator");
			while (i < s.n && strchr("<>=-!", s.p[i]))
				i++;
			i--;
			continue;
		}
		if (strchr("([{<", c))
			depth++;
		else if (strchr(")]}>", c) && depth > 0)
			depth--;
		else if (c == ' ' && depth == 0 && n < max)
			at[n++] = i;
	}
	return n;
}

/* Where the function ends in "function location": both may hold spaces
 * (a C++ signature, a folder "my code"). A C name has none, so without
 * a '(' the function is the first word; no C++ name holds " /" outside
 * its brackets, so an absolute path starts at the first; else the
 * location starts after the first ")" (or qualifier) that no qualifier
 * follows; else it is the last word. Returns 0 for no location. */
static size_t function_end(struct span body)
{
	size_t at[64], n = outer_spaces(body, at, 64), k;

	if (n == 0)
		return 0;
	if (!memchr(body.p, '(', body.n))
		return at[0];
	for (k = 0; k < n; k++)
		if (body.p[at[k] + 1] == '/')
			return at[k];
	for (k = 0; k < n; k++) {
		size_t start = k ? at[k - 1] + 1 : 0;
		size_t end = k + 1 < n ? at[k + 1] : body.n;
		struct span prev = span_from(body.p + start, at[k] - start);
		struct span next = span_from(body.p + at[k] + 1,
					     end - at[k] - 1);

		if ((span_ends(prev, ")") || is_qualifier(prev)) &&
		    !is_qualifier(next))
			return at[k];
	}
	return at[n - 1];
}

/* body is what follows "#N ": "function location (module+off) ...". */
static void add_frame(struct rl_stack *s, struct span body)
{
	struct span fn, loc = span_from(body.p, 0);
	char *function = NULL, *file = NULL;
	size_t sp;
	int line = 0;

	body = skip_pc(span_trim(strip_modules(span_trim(body))));
	sp = function_end(body);
	if (sp > 0) {
		fn = span_trim(span_from(body.p, sp));
		loc = span_trim(span_after(body, sp + 1));
	} else {
		fn = body;
	}
	if (fn.n && !span_eq(fn, "<null>"))
		function = span_dup(fn);
	parse_location(loc, &file, &line);
	rl_stack_add_frame(s, function, file, line);
	free(function);
	free(file);
}

/* Starts a stack labelled with the pending description or, when TSan
 * printed none, with the crash's own words or the report's kind (mutex
 * and signal reports print their first stack bare). */
static struct rl_stack *new_stack(struct parser *ps)
{
	struct rl_finding *f = cur_finding(ps);
	const char *label = ps->pending;
	int thread;

	if (ps->block == IN_CRASH)
		thread = ps->crash_thread;
	else if (label)
		thread = description_thread(span_from(label, strlen(label)), f);
	else
		thread = -1;
	if (!label)
		label = ps->block == IN_CRASH ? ps->crash_label : f->kind;
	rl_finding_add_stack(f, label, thread);
	set_pending(ps, NULL);
	ps->stack = (long)f->nstacks - 1;
	return &f->stacks[ps->stack];
}

/* The first "(module+0x...)" group of a frame's body, or NULL. */
static char *module_of(struct span body)
{
	struct span tail = span_trim(span_after(body, strip_modules(body).n));
	size_t close = 0;

	while (close < tail.n && tail.p[close] != ')')
		close++;
	return close < tail.n ? span_dup(span_from(tail.p, close + 1)) : NULL;
}

/* clang's TSan reads llvm-symbolizer's answer a line at a time, a
 * function's name and then its file, so a newline in a file's name
 * splits one frame into more at the same address: "#0 f /tmp/my (m+0x1)"
 * then "#1 code/r.c:9:3 <null> (m+0x1)" or, with two newlines, "#1 a/b
 * r.c:9:3 (m+0x1)". A frame whose "function" holds a '/' (no function's
 * name does) or that is "file:line <null>" is put back onto the one
 * before, when that one has a file and no line yet; returns 1 if so. */
static int mend_frame(struct parser *ps, struct rl_stack *s, struct span body,
		      const char *module)
{
	struct rl_frame *prev;
	char *piece, *joined, *file = NULL;
	size_t sp;
	int line = 0;

	if (!s->nframes || !module || !ps->last_module ||
	    strcmp(module, ps->last_module))
		return 0;
	prev = &s->frames[s->nframes - 1];
	body = span_trim(strip_modules(body));
	if (!prev->file || prev->line || !body.n)
		return 0;
	if (span_ends(body, " <null>")) {
		struct span rest = span_trim(span_from(body.p,
					body.n - strlen(" <null>")));

		parse_location(rest, &file, &line);
		free(file);
		if (!line)
			return 0;
		piece = span_dup(rest);
	} else {
		sp = function_end(body);
		if (!sp || !memchr(body.p, '/', sp) || memchr(body.p, '(', sp))
			return 0;
		piece = span_dup(body);
		piece[sp] = '\n';
	}
	if (asprintf(&joined, "%s\n%s", prev->file, piece) < 0)
		abort();
	free(piece);
	parse_location(span_from(joined, strlen(joined)), &file, &line);
	free(joined);
	if (!file)
		return 0;
	free(prev->file);
	prev->file = file;
	prev->line = line;
	return 1;
}

/* "    #N body". A #0 starts a stack; any other number must continue the
 * current one, which keeps stray program lines out. A frame that does
 * not end in its "(module+0x...)" is kept open for the next lines. */
static void frame_line(struct parser *ps, struct span line)
{
	struct span rest = span_after(line, 5);	/* past "    #" */
	struct rl_stack *s = NULL;
	struct span body;
	char *module;
	size_t digits;
	int num;

	close_frame(ps);
	digits = span_uint(rest, &num);
	if (!digits || digits == rest.n || rest.p[digits] != ' ')
		return;
	if (num == 0) {
		s = new_stack(ps);
		ps->mended = 0;
	} else if (ps->stack >= 0) {
		s = &cur_finding(ps)->stacks[ps->stack];
		if ((size_t)num != s->nframes + ps->mended)
			return;
	}
	if (!s)
		return;
	body = span_trim(span_after(rest, digits + 1));
	module = module_of(body);
	if (num > 0 && mend_frame(ps, s, body, module))
		ps->mended++;
	else
		add_frame(s, body);
	free(ps->last_module);
	ps->last_module = module;
	if (!module)
		ps->open_frame = span_dup(body);
}

static int is_description(struct span line);

/* A line that goes on with the open frame: TSan writes a file's name as
 * it is, so a newline in it breaks the frame's line in two (or more).
 * The frame is read again whole once a line ends in its module; returns
 * 1 when line was taken. */
static int frame_goes_on(struct parser *ps, struct span line)
{
	struct rl_stack *s;
	struct span joined;
	char *text;

	if (!ps->open_frame)
		return 0;
	if (ps->stack < 0 || ps->joins >= 4 ||
	    span_starts(line, "    #") || span_starts(line, "    [") ||
	    is_description(line) || !line.n) {
		close_frame(ps);
		return 0;
	}
	if (asprintf(&text, "%s\n%.*s", ps->open_frame, (int)line.n,
		     line.p) < 0)
		abort();
	free(ps->open_frame);
	ps->open_frame = text;
	ps->joins++;
	joined = span_from(text, strlen(text));
	if (strip_modules(joined).n == joined.n)
		return 1;
	s = &cur_finding(ps)->stacks[ps->stack];
	if (s->nframes) {
		s->nframes--;
		free(s->frames[s->nframes].function);
		free(s->frames[s->nframes].file);
	}
	add_frame(s, joined);
	close_frame(ps);
	return 1;
}

/* ---- the line kinds */

/* Offset of the "(pid=N)" that s ends with, or -1. */
static long pid_suffix(struct span s)
{
	size_t i, end;

	if (!s.n || s.p[s.n - 1] != ')')
		return -1;
	end = i = s.n - 1;
	while (i > 0 && is_digit(s.p[i - 1]))
		i--;
	if (i == end || i < 5 || memcmp(s.p + i - 5, "(pid=", 5) != 0)
		return -1;
	return (long)i - 5;
}

/* Opens the report block's finding; its headline is the kind until a
 * SUMMARY line says more. */
static void open_block(struct parser *ps, enum block b, const char *kind,
		       enum rl_category cat)
{
	struct rl_finding *f = rl_findings_add(ps->out, TOOL, kind, cat);

	f->headline = rl_xstrdup(kind);
	ps->finding = ps->out->n - 1;
	ps->block = b;
	ps->stack = -1;
	set_pending(ps, NULL);
}

/* "WARNING: ThreadSanitizer: <kind> (pid=N)". A whole line with no kind
 * marks the text bad. The "(pid=N)" is optional on a whole line, as old
 * runtimes left it out of some reports. */
static void warning_line(struct parser *ps, struct span line, long at,
			int whole)
{
	struct span rest;
	long pid;
	char *kind;

	cut_block(ps, "a report was cut off by the next one");
	rest = span_trim(span_after(line, at + strlen(WARNING_MARK)));
	pid = pid_suffix(rest);
	if (pid >= 0) {
		rest = span_trim(span_from(rest.p, (size_t)pid));
	} else if (!whole) {
		ps->cut = 1;
		note(ps, "the text ends inside a report header");
		return;
	}
	kind = span_dup(rest);
	if (!kind[0]) {
		note(ps, "a ThreadSanitizer WARNING line has no headline");
		ps->bad = 1;
	} else {
		open_block(ps, IN_WARNING, kind, tsan_category(kind));
	}
	free(kind);
}

/* The crash stack's thread. The report ends "(pc ... T<tid>)" with the
 * kernel's tid, not TSan's thread number; but tid == pid (the "==PID=="
 * before the marker) is the main thread, TSan's 0. Else -1. */
static int crash_thread(struct span line, long at, struct span text)
{
	int pid = -1, tid = -1;
	size_t t, end;

	if (at < 5 || !span_starts(line, "==") ||
	    span_uint(span_after(line, 2), &pid) != (size_t)at - 4 ||
	    memcmp(line.p + at - 2, "==", 2) != 0 || pid < 0)
		return -1;
	if (!span_ends(text, ")"))
		return -1;
	end = t = text.n - 1;
	while (t > 0 && is_digit(text.p[t - 1]))
		t--;
	if (t == end || t < 2 || text.p[t - 1] != 'T' || text.p[t - 2] != ' ')
		return -1;
	span_uint(span_after(text, t), &tid);
	return tid == pid ? 0 : -1;
}

/* "==PID==ERROR: ThreadSanitizer: SEGV on unknown address ...". */
static void error_line(struct parser *ps, struct span line, long at,
		       int whole)
{
	struct span text;
	size_t w = 0;
	char *kind;

	cut_block(ps, "a report was cut off by a crash report");
	text = span_trim(span_after(line, at + strlen(ERROR_MARK)));
	ps->info->crashed = 1;
	ps->deadly_pending = 0;
	if (!whole) {
		ps->cut = 1;
		note(ps, "the text ends inside a crash report");
		return;
	}
	while (w < text.n && !is_space(text.p[w]) && text.p[w] != '(' &&
	       text.p[w] != ':')
		w++;
	kind = span_dup(span_from(text.p, w));
	open_block(ps, IN_CRASH, kind[0] ? kind : "crash", RL_CAT_CRASH);
	free(kind);
	free(ps->crash_label);
	ps->crash_label = span_dup(text);
	ps->crash_thread = crash_thread(line, at, text);
}

/* "SUMMARY: ThreadSanitizer: data race x.c:12:5 in worker". A crash's
 * kind comes from here when present: the ERROR line says "requested
 * allocation size ..." where the summary says "allocation-size-too-big". */
static void summary_line(struct parser *ps, struct span line, long at)
{
	struct span text = span_after(line, at + strlen(SUMMARY_MARK));
	struct rl_finding *f;
	char *headline, *kind;
	size_t w = 0;

	if (ps->block == IN_NONE)
		return;
	f = cur_finding(ps);
	text = span_trim(text);
	headline = span_dup(text);
	if (!headline[0]) {
		free(headline);
		return;
	}
	free(f->headline);
	f->headline = headline;
	while (w < text.n && !is_space(text.p[w]))
		w++;
	kind = span_dup(span_from(text.p, w));
	if (ps->block == IN_CRASH && kind[0]) {
		/* A stack already labelled with the crash's words keeps
		 * them: the summary only renames the kind. */
		free(f->kind);
		f->kind = kind;
	} else {
		free(kind);
	}
	ps->stack = -1;
	set_pending(ps, NULL);
	close_frame(ps);
	ps->summary_open = ps->block == IN_WARNING;
}

/* A line between a report's SUMMARY and its closing rule: the rest of a
 * file's name that held a newline, when the SUMMARY so far lacks its
 * " in function" and this line has it. Returns 1 when line was taken. */
static int summary_goes_on(struct parser *ps, struct span line)
{
	struct rl_finding *f = cur_finding(ps);
	char *headline;

	if (!ps->summary_open || !f->headline || ps->joins >= 4 || !line.n ||
	    span_starts(line, "  ") || strstr(f->headline, " in ") ||
	    span_find(line, " in ") < 0) {
		ps->summary_open = 0;
		return 0;
	}
	if (asprintf(&headline, "%s\n%.*s", f->headline, (int)line.n,
		     line.p) < 0)
		abort();
	free(f->headline);
	f->headline = headline;
	ps->joins++;
	return 1;
}
static void suppressed_line(struct parser *ps, struct span line, long at)
{
	struct span rest = span_after(line, at + strlen(SUPPRESSED_MARK));
	size_t d;
	int n;

	d = span_uint(rest, &n);
	if (d && n > 0 && span_starts(span_after(rest, d), " suppression") &&
	    ps->info->suppressed <= INT_MAX - n)
		ps->info->suppressed += n;
}

static void reported_line(struct parser *ps, struct span line, long at)
{
	struct span rest = span_after(line, at + strlen(REPORTED_MARK));
	size_t d;
	int n;

	d = span_uint(rest, &n);
	if (!d || n < 0 || !span_starts(span_after(rest, d), " warning"))
		return;
	cut_block(ps, "a report was never closed");
	ps->info->tool_error_count = n;
}

/* Does the line end in TSan's rule of 18 '='? Program output may sit in
 * front of it ("foo=================="), not a "==PID==" prefix. */
static int is_rule(struct span line)
{
	if (line.n < RULE_LEN)
		return 0;
	for (size_t i = line.n - RULE_LEN; i < line.n; i++)
		if (line.p[i] != '=')
			return 0;
	return 1;
}

/* "  Write of size 4 at 0x... by thread T2:": two spaces, then text, then
 * a colon. Only TSan's description lines have that shape. */
static int is_description(struct span line)
{
	return line.n > 3 && line.p[0] == ' ' && line.p[1] == ' ' &&
	       !is_space(line.p[2]) && line.p[line.n - 1] == ':';
}

/* "  And 2 more similar thread leaks." */
static void and_more_line(struct parser *ps, struct span body)
{
	struct span rest = span_after(body, strlen("And "));
	int n;
	size_t d = span_uint(rest, &n);

	if (d && n >= 0 && n < INT_MAX &&
	    span_starts(span_after(rest, d), " more similar"))
		cur_finding(ps)->count = (unsigned)n + 1;
}

/* A line inside a report that is not one of its markers. */
static void body_line(struct parser *ps, struct span line)
{
	struct span body = span_trim(line);

	if (frame_goes_on(ps, line) || summary_goes_on(ps, line))
		return;
	if (span_starts(line, "    #")) {
		frame_line(ps, line);
	} else if (span_starts(line, "    ") &&
		   span_eq(body, "[failed to restore the stack]")) {
		if (ps->pending)
			new_stack(ps);
		ps->stack = -1;
	} else if (is_description(line)) {
		set_pending(ps, span_dup(span_rtrim(span_from(body.p,
							      body.n - 1))));
		ps->stack = -1;
		if (span_starts(body, "Location is "))
			rl_finding_set_variable(cur_finding(ps), ps->pending);
	} else if (span_starts(body, "Location is ") && ps->block == IN_WARNING) {
		/* a global, or a stack: no frames follow */
		char *words = span_dup(body);
		rl_finding_set_variable(cur_finding(ps), words);
		free(words);
	} else if (ps->block == IN_WARNING && span_starts(line, "  And ")) {
		and_more_line(ps, body);
	}
}

/* The line without its "ESC [ ... letter" color codes: a copy in ps->buf
 * when there were any. */
static struct span strip_colors(struct parser *ps, struct span line)
{
	size_t i = 0, n = 0;

	if (!memchr(line.p, '\033', line.n))
		return line;
	if (ps->bufcap < line.n) {
		ps->buf = rl_xrealloc(ps->buf, line.n, 1);
		ps->bufcap = line.n;
	}
	while (i < line.n) {
		if (line.p[i] == '\033' && i + 1 < line.n &&
		    line.p[i + 1] == '[') {
			for (i += 2; i < line.n; i++)
				if (line.p[i] >= 0x40 && line.p[i] <= 0x7e)
					break;
			i++;	/* the final letter */
			continue;
		}
		ps->buf[n++] = line.p[i++];
	}
	return span_from(ps->buf, n);
}

/* One line, without its newline; whole is 0 for a last line that had
 * none (and so may have been cut). */
static void parse_line(struct parser *ps, struct span line, int whole)
{
	int after_rule = ps->after_rule;
	long at;

	line = span_rtrim(strip_colors(ps, line));	/* and a "\r" */
	ps->after_rule = 0;
	if ((at = span_find(line, WARNING_MARK)) >= 0) {
		warning_line(ps, line, at, whole);
	} else if ((at = span_find(line, ERROR_MARK)) >= 0) {
		error_line(ps, line, at, whole);
	} else if (span_find(line, DEADLY_MARK) >= 0) {
		ps->info->crashed = 1;
		ps->deadly_pending = 1;
	} else if ((at = span_find(line, SUMMARY_MARK)) >= 0) {
		if (whole)
			summary_line(ps, line, at);
	} else if ((at = span_find(line, REPORTED_MARK)) >= 0) {
		reported_line(ps, line, at);
	} else if ((at = span_find(line, SUPPRESSED_MARK)) >= 0) {
		if (whole)
			suppressed_line(ps, line, at);
	} else if (span_find(line, "FATAL: ThreadSanitizer") >= 0 ||
		   span_find(line, "ThreadSanitizer: CHECK failed") >= 0) {
		/* The runtime itself gave up: whatever came before may be
		 * all there is. */
		struct span t = span_trim(line);
		char *text = span_dup(t);

		ps->failed = 1;
		note(ps, "ThreadSanitizer itself failed");
		if (!ps->info->tool_failed[0])
			snprintf(ps->info->tool_failed,
				 sizeof ps->info->tool_failed, "%s", text);
		free(text);
	} else if (is_rule(line)) {
		if (ps->block == IN_WARNING)
			end_block(ps);
		else
			ps->after_rule = 1;
	} else if (ps->block == IN_CRASH && span_ends(line, "==ABORTING")) {
		/* Another thread's DEADLYSIGNAL will get no report now. */
		ps->deadly_pending = 0;
		end_block(ps);
	} else if (ps->block != IN_NONE && whole) {
		body_line(ps, line);
	} else if (!whole && after_rule && line.n &&
		   line.n < strlen(WARNING_MARK) &&
		   memcmp(WARNING_MARK, line.p, line.n) == 0) {
		/* "==================\nWARNING: Thre": a header cut short. */
		ps->cut = 1;
		note(ps, "the text ends inside a report header");
	}
}

int rl_parse_tsan(const char *text, size_t len, struct rl_findings *out,
		  struct rl_parse_info *info)
{
	struct rl_parse_info scratch;
	struct parser ps = { .out = out, .stack = -1 };
	size_t pos = 0;

	if (!info)
		info = &scratch;
	ps.info = info;
	memset(info, 0, sizeof *info);
	info->tool_error_count = -1;
	if (!text)
		len = 0;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;

		parse_line(&ps, span_from(text + pos, end - pos), nl != NULL);
		pos = end + 1;
	}
	if (ps.block != IN_NONE)
		cut_block(&ps, "the text ends inside a report");
	if (ps.deadly_pending) {
		ps.cut = 1;
		note(&ps, "the text ends before the crash report");
	}
	info->complete = !ps.cut && !ps.failed && !ps.bad;
	set_pending(&ps, NULL);
	close_frame(&ps);
	free(ps.last_module);
	free(ps.crash_label);
	free(ps.buf);
	return ps.bad ? -1 : 0;
}
