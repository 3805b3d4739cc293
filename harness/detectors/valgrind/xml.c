/* valgrind/xml.c - the XML of Valgrind's thread checkers (protocol 4) ->
 * findings.
 *
 * Helgrind and DRD share one XML protocol; they differ in their name,
 * their error kinds and their wording. So the walk over the XML below
 * knows no tool: a struct vg_tool (xml.h) carries the tool's name, its
 * kind -> category table and its text rules, and each tool's folder holds
 * its own (helgrind/parse.c, drd/parse.c).
 *
 * The walk is driven by a table of element paths from the root, so an
 * element counts only where the protocol puts it: a <stack> inside an
 * <announcethread> or a <fatal_signal> never becomes an error's stack, and
 * the <count> of <suppcounts> is not an error count.
 *
 * Asked for (rl_parse_valgrind_xml's supps), it also reads which
 * suppression files Valgrind was given (<args><vargv>) and which
 * suppressions hid how many errors (<suppcounts>), for the caller to tell
 * the user's from Valgrind's own; it opens no file itself.
 *
 * Everything is bounded (nesting, text, stacks, frames, errors): the XML
 * is written while the program under test runs, may be cut short by a
 * timeout, and this parser is fuzzed.
 *
 * Valgrind copies names (a symbol, a file) into its XML byte for byte,
 * and a program may name things with bytes XML 1.0 forbids (C0 controls
 * but tab, LF and CR) or that are not UTF-8; expat stops at the first.
 * So before expat sees it, a copy of the XML has each control byte
 * written out as the text "\xHH" (as rl_printable() shows it) and each
 * byte that is no UTF-8 as U+FFFD: the rest of the report still reads.
 *
 * An error after a <fatal_signal> is the tool's check at exit (Helgrind's
 * "Exiting thread still holds 1 lock"), made once the program was killed:
 * its finding says so (after_signal) and info->fatal_signal names the
 * signal, for the caller to tell racelab's own stop from the program's.
 */
#include "xml.h"

#include <errno.h>
#include <expat.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../util.h"

#ifdef XML_UNICODE
#error "racelab needs expat built with char, not wide, XML_Char"
#endif

enum {
	VG_MAX_DEPTH = 32,	/* Valgrind nests 5 deep; far more is junk */
	VG_MAX_TEXT = 4096,	/* bytes kept of one element's text */
	VG_MAX_STACKS = 64,	/* stacks kept per error (LockOrder has 5) */
	VG_MAX_FRAMES = 500,	/* Valgrind's own --num-callers maximum */
	VG_MAX_ERRORS = 100000,	/* findings kept per output */
	/* Bytes kept in findings: a label is copied to each stack it labels,
	 * so without a budget the output could outgrow the input 100-fold. */
	VG_MAX_KEPT = 64 << 20,
	VG_CHUNK = 1 << 20,	/* bytes per XML_Parse(), which takes int */
};

static enum rl_category vg_categorise(const struct vg_tool *tool,
				      const char *kind, const char *headline)
{
	const struct vg_kind_rule *k;
	const struct vg_text_rule *t;

	for (k = tool->kinds; k->kind; k++)
		if (strcmp(k->kind, kind) == 0)
			break;
	if (!k->kind)
		return RL_CAT_OTHER;	/* a kind newer than this table */
	if (!k->by_text)
		return k->category;
	for (t = tool->texts; t->needle; t++)
		if (strstr(headline, t->needle))
			return t->category;
	return RL_CAT_OTHER;
}

/* ---- the walk ---- */

enum vg_elem {
	E_NONE,			/* ends a path */
	E_OTHER,		/* any element this parser does not read */
	E_ROOT,
	E_PROTOCOLVERSION,
	E_PROTOCOLTOOL,
	E_TOOL,
	E_PID,
	E_PPID,
	E_ERROR,
	E_UNIQUE,
	E_KIND,
	E_WHAT,
	E_XWHAT,
	E_AUXWHAT,
	E_XAUXWHAT,
	E_TEXT,
	E_HTHREADID,
	E_STACK,
	E_FRAME,
	E_FN,
	E_DIR,
	E_FILE,
	E_LINE,
	E_ERRORCOUNTS,
	E_PAIR,
	E_COUNT,
	E_FATAL_SIGNAL,
	E_SIGNO,
	E_FIRST_OBSERVED_AT,
	E_OTHER_SEGMENT_START,
	E_OTHER_SEGMENT_END,
	E_ARGS,
	E_VARGV,
	E_ARG,
	E_SUPPCOUNTS,
	E_NAME,
	E_COUNT_OF_ELEMS
};

static const char *const elem_names[E_COUNT_OF_ELEMS] = {
	[E_ROOT] = "valgrindoutput",
	[E_PROTOCOLVERSION] = "protocolversion",
	[E_PROTOCOLTOOL] = "protocoltool",
	[E_TOOL] = "tool",
	[E_PID] = "pid",
	[E_PPID] = "ppid",
	[E_ERROR] = "error",
	[E_UNIQUE] = "unique",
	[E_KIND] = "kind",
	[E_WHAT] = "what",
	[E_XWHAT] = "xwhat",
	[E_AUXWHAT] = "auxwhat",
	[E_XAUXWHAT] = "xauxwhat",
	[E_TEXT] = "text",
	[E_HTHREADID] = "hthreadid",
	[E_STACK] = "stack",
	[E_FRAME] = "frame",
	[E_FN] = "fn",
	[E_DIR] = "dir",
	[E_FILE] = "file",
	[E_LINE] = "line",
	[E_ERRORCOUNTS] = "errorcounts",
	[E_PAIR] = "pair",
	[E_COUNT] = "count",
	[E_FATAL_SIGNAL] = "fatal_signal",
	[E_SIGNO] = "signo",
	[E_FIRST_OBSERVED_AT] = "first_observed_at",
	[E_OTHER_SEGMENT_START] = "other_segment_start",
	[E_OTHER_SEGMENT_END] = "other_segment_end",
	[E_ARGS] = "args",
	[E_VARGV] = "vargv",
	[E_ARG] = "arg",
	[E_SUPPCOUNTS] = "suppcounts",
	[E_NAME] = "name",
};

/* One bounded piece of text. */
struct vg_text {
	char s[VG_MAX_TEXT + 1];
	size_t len;
	int set;
	int full;		/* cut at VG_MAX_TEXT: take no more */
};

struct vg_frame {
	struct vg_text fn, dir, file, line;
};

/* A finding's <unique>, kept beside it for the <errorcounts> lookup. */
struct vg_unique {
	unsigned long long unique;
	size_t index;			/* into vg_state.done */
};

struct vg_state {
	const struct vg_tool *tool;
	XML_Parser xp;
	struct rl_parse_info *info;

	int stopped;		/* we stopped expat; info->error says why */
	int refused;		/* ... because it is not the tool's XML */
	int depth;
	enum vg_elem path[VG_MAX_DEPTH + 1];
	const struct vg_rule *rule[VG_MAX_DEPTH + 1];
	int root_seen, root_closed, tool_known;
	int after_signal;	/* a <fatal_signal> was read */

	int text_depth;		/* depth whose text is kept, 0: none */
	struct vg_text text;

	/* The error being read: built in `cur` (0 or 1 entries) and moved to
	 * `done` only when it closes, so a cut-off error is never reported. */
	struct rl_findings cur;
	int have_unique;
	unsigned long long unique;
	struct vg_text headline;
	int seen_stack;
	struct vg_text label;	/* the nearest description so far */
	int label_thread;
	struct vg_text desc;		/* the description being read */
	int desc_thread;
	int stack_kept;		/* the stack being read has a home */
	struct vg_frame frame;

	struct rl_findings done;
	struct vg_unique *uniques;	/* sorted at <errorcounts> */
	size_t nuniques, capuniques;
	size_t dropped_errors;
	size_t kept;			/* bytes, against VG_MAX_KEPT */

	long long pair_count;
	int pair_has_count, pair_has_unique;
	unsigned long long pair_unique;
	long long counted;

	/* what the XML says of suppressions, when asked (else NULL) */
	struct vg_suppressions *supps;
	size_t capfiles, capused;
	long long supp_count;
	int supp_has_count;
	struct vg_text supp_name;
};

struct vg_rule {
	enum vg_elem path[7];	/* from the root, E_NONE-terminated */
	void (*begin)(struct vg_state *st);
	void (*end)(struct vg_state *st);	/* kept text in st->text */
	int keep_text;
};

static void stop(struct vg_state *st, int refuse, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Ends the parse. refuse: the input is not this tool's XML (-1); else it
 * is broken, and what was read before stays. The first reason wins. */
static void stop(struct vg_state *st, int refuse, const char *fmt, ...)
{
	va_list ap;

	if (st->stopped)
		return;
	st->stopped = 1;
	st->refused = refuse;
	va_start(ap, fmt);
	vsnprintf(st->info->error, sizeof st->info->error, fmt, ap);
	va_end(ap);
	XML_StopParser(st->xp, XML_FALSE);
}

static void text_clear(struct vg_text *t)
{
	t->s[0] = '\0';
	t->len = 0;
	t->set = 0;
	t->full = 0;
}

/* Appends what fits; a cut backs off to a UTF-8 character boundary, so
 * that a kept text is still valid UTF-8 for the reports made of it. */
static void text_append(struct vg_text *t, const char *s, size_t n)
{
	t->set = 1;
	if (t->full)
		return;
	if (n > VG_MAX_TEXT - t->len) {
		n = VG_MAX_TEXT - t->len;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		t->full = 1;
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static void text_set(struct vg_text *t, const char *s, size_t n)
{
	text_clear(t);
	text_append(t, s, n);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Valgrind indents its text; keep what is between the blanks. */
static void text_trim(struct vg_text *t)
{
	size_t start = 0, end = t->len;

	while (start < end && is_blank(t->s[start]))
		start++;
	while (end > start && is_blank(t->s[end - 1]))
		end--;
	memmove(t->s, t->s + start, end - start);
	t->len = end - start;
	t->s[t->len] = '\0';
}

/* A whole-text number, or -1 when the text is not one (or too big). */
static long long parse_number(const char *s, int base)
{
	unsigned long long v;
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end || v > LLONG_MAX)
		return -1;
	return (long long)v;
}

/* The number after the tool's thread mark ("thread #3"), or -1. */
static int thread_in(const struct vg_tool *tool, const char *s)
{
	size_t n = strlen(tool->thread_mark);
	long v;

	for (; *s; s++) {
		if (strncasecmp(s, tool->thread_mark, n) != 0)
			continue;
		s += n;
		if (*s < '0' || *s > '9')
			continue;
		v = strtol(s, NULL, 10);
		return v > INT_MAX ? -1 : (int)v;
	}
	return -1;
}

static struct rl_finding *current(struct vg_state *st)
{
	return st->cur.n ? &st->cur.v[0] : NULL;
}

/* Counts n bytes about to be kept in a finding; 0, and the parse stops
 * there, once the budget is spent. */
static int spend(struct vg_state *st, size_t n)
{
	st->kept += n;
	if (st->kept <= VG_MAX_KEPT)
		return 1;
	stop(st, 0, "the findings would keep more than %d MiB of text",
	     VG_MAX_KEPT >> 20);
	return 0;
}

/* ---- preamble ---- */

static void got_protocol_version(struct vg_state *st)
{
	if (strcmp(st->text.s, "4") != 0)
		stop(st, 1, "Valgrind XML protocol version \"%.64s\"; "
		     "this parser reads version 4", st->text.s);
}

/* <protocoltool> comes first; <tool> repeats it (and is all that
 * protocols 1-3, Memcheck only, had). */
static void got_tool(struct vg_state *st)
{
	if (strcmp(st->text.s, st->tool->name) == 0) {
		st->tool_known = 1;
		return;
	}
	if (!st->text.s[0])
		stop(st, 1, "the Valgrind XML names no tool; expected %s",
		     st->tool->name);
	else
		stop(st, 1, "this is the XML of valgrind --tool=%.64s, not %s",
		     st->text.s, st->tool->name);
}

static void got_pid(struct vg_state *st)
{
	st->info->pid = atoi(st->text.s);
}

static void got_ppid(struct vg_state *st)
{
	st->info->ppid = atoi(st->text.s);
}

static void fatal_signal_begin(struct vg_state *st)
{
	st->info->crashed = 1;
	st->after_signal = 1;
}

static void got_signo(struct vg_state *st)
{
	long long v = parse_number(st->text.s, 10);

	if (v > 0 && v < 65 && !st->info->fatal_signal)
		st->info->fatal_signal = (int)v;
}

/* ---- one error ---- */

static void error_begin(struct vg_state *st)
{
	if (!st->tool_known) {
		stop(st, 1, "an <error> before the XML names its tool");
		return;
	}
	if (st->done.n >= VG_MAX_ERRORS) {
		st->dropped_errors++;
		return;
	}
	rl_findings_add(&st->cur, st->tool->name, NULL, RL_CAT_OTHER);
	st->have_unique = 0;
	text_clear(&st->headline);
	text_clear(&st->label);
	st->label_thread = -1;
	st->seen_stack = 0;
	st->stack_kept = 0;
}

static void remember_unique(struct vg_state *st, size_t index)
{
	if (!st->have_unique)
		return;
	if (st->nuniques == st->capuniques) {
		st->capuniques = st->capuniques ? 2 * st->capuniques : 64;
		st->uniques = rl_xrealloc(st->uniques, st->capuniques,
					  sizeof *st->uniques);
	}
	st->uniques[st->nuniques].unique = st->unique;
	st->uniques[st->nuniques].index = index;
	st->nuniques++;
}

static void error_end(struct vg_state *st)
{
	struct rl_finding *f = current(st), *g;

	if (!f || !spend(st, st->headline.len + sizeof *f))
		return;
	if (!f->kind)
		f->kind = rl_xstrdup("");
	f->headline = rl_xstrdup(st->headline.s);
	f->category = vg_categorise(st->tool, f->kind, f->headline);
	f->after_signal = st->after_signal;
	g = rl_findings_add(&st->done, f->tool, NULL, f->category);
	*g = *f;	/* hands over the strings and stacks */
	st->cur.n = 0;
	remember_unique(st, st->done.n - 1);
}

static void got_error_unique(struct vg_state *st)
{
	long long v = parse_number(st->text.s, 16);

	if (!current(st) || v < 0)
		return;
	st->unique = (unsigned long long)v;
	st->have_unique = 1;
}

static void got_kind(struct vg_state *st)
{
	struct rl_finding *f = current(st);

	if (!f || f->kind)
		return;
	f->kind = rl_xstrdup(st->text.s);
}

static void desc_begin(struct vg_state *st)
{
	text_clear(&st->desc);
	st->desc_thread = -1;
}

static void got_desc_text(struct vg_state *st)
{
	text_set(&st->desc, st->text.s, st->text.len);
}

/* An xwhat may name several threads (UnlockForeign: the unlocker, then
 * the owner); the first is the one the text is about. */
static void got_desc_thread(struct vg_state *st)
{
	long long v = parse_number(st->text.s, 10);

	if (st->desc_thread < 0 && v >= 0 && v <= INT_MAX)
		st->desc_thread = (int)v;
}

/* A description ends: it labels the stacks that follow it. The primary
 * lines before the first stack also make the headline, joined, because
 * PthAPIerror splits its sentence over an <xwhat> and a <what> ("Thread
 * #1's call to pthread_mutex_destroy failed" "with error code 16 ..."). */
static void desc_done(struct vg_state *st, int primary)
{
	int thread = st->desc_thread;

	if (!current(st))
		return;
	if (thread < 0)
		thread = thread_in(st->tool, st->desc.s);
	if (primary && !st->seen_stack) {
		if (st->headline.len && st->desc.len)
			text_append(&st->headline, " ", 1);
		text_append(&st->headline, st->desc.s, st->desc.len);
		text_set(&st->label, st->headline.s, st->headline.len);
		if (st->label_thread < 0)
			st->label_thread = thread;
		return;
	}
	text_set(&st->label, st->desc.s, st->desc.len);
	st->label_thread = thread;
}

static void what_end(struct vg_state *st)
{
	got_desc_text(st);
	desc_done(st, 1);
}

static void xwhat_end(struct vg_state *st)
{
	desc_done(st, 1);
}

static void auxwhat_end(struct vg_state *st)
{
	got_desc_text(st);
	if (current(st) && st->desc.len)	/* "... inside data symbol \"x\"" */
		rl_finding_set_variable(current(st), st->desc.s);
	desc_done(st, 0);
}

static void xauxwhat_end(struct vg_state *st)
{
	desc_done(st, 0);
}

static void stack_begin(struct vg_state *st)
{
	struct rl_finding *f = current(st);

	st->stack_kept = 0;
	if (!f)
		return;
	st->seen_stack = 1;
	if (f->nstacks >= VG_MAX_STACKS ||
	    !spend(st, st->label.len + sizeof *f->stacks))
		return;
	/* Valgrind's #1 is main: one less is the creation order */
	rl_finding_add_stack(f, st->label.set ? st->label.s : NULL,
			     st->label_thread > 0 ? st->label_thread - 1 :
						    st->label_thread);
	st->stack_kept = 1;
}

/* DRD puts further stacks inside an element that says what they are:
 * where the mutex or condition variable was first seen, and where the
 * other thread's segment of a conflicting access began and ended. */
static void nested_label(struct vg_state *st, const char *what)
{
	text_set(&st->label, what, strlen(what));
	st->label_thread = -1;
	st->seen_stack = 1;
}

static void first_observed_begin(struct vg_state *st)
{
	nested_label(st, "first observed at");
}

static void segment_start_begin(struct vg_state *st)
{
	nested_label(st, "other segment start");
}

static void segment_end_begin(struct vg_state *st)
{
	nested_label(st, "other segment end");
}

static void stack_end(struct vg_state *st)
{
	st->stack_kept = 0;
}

static void frame_begin(struct vg_state *st)
{
	text_clear(&st->frame.fn);
	text_clear(&st->frame.dir);
	text_clear(&st->frame.file);
	text_clear(&st->frame.line);
}

static void frame_end(struct vg_state *st)
{
	struct rl_finding *f = current(st);
	struct rl_stack *s;
	const struct vg_frame *fr = &st->frame;
	char path[2 * VG_MAX_TEXT + 2];
	const char *file = NULL;
	long long line = parse_number(fr->line.s, 10);

	if (!f || !st->stack_kept)
		return;
	s = &f->stacks[f->nstacks - 1];
	if (s->nframes >= VG_MAX_FRAMES ||
	    !spend(st, fr->fn.len + fr->dir.len + fr->file.len +
			       sizeof *s->frames))
		return;
	if (fr->file.set && fr->dir.set && fr->dir.len) {
		snprintf(path, sizeof path, "%s/%s", fr->dir.s, fr->file.s);
		file = path;
	} else if (fr->file.set) {
		file = fr->file.s;
	}
	rl_stack_add_frame(s, fr->fn.set ? fr->fn.s : NULL, file,
			   line > 0 && line <= INT_MAX ? (int)line : 0);
}

static void got_fn(struct vg_state *st)
{
	text_set(&st->frame.fn, st->text.s, st->text.len);
}

static void got_dir(struct vg_state *st)
{
	text_set(&st->frame.dir, st->text.s, st->text.len);
}

static void got_file(struct vg_state *st)
{
	text_set(&st->frame.file, st->text.s, st->text.len);
}

static void got_line(struct vg_state *st)
{
	text_set(&st->frame.line, st->text.s, st->text.len);
}

/* ---- errorcounts ---- */

static int unique_cmp(const void *a, const void *b)
{
	const struct vg_unique *x = a, *y = b;

	return x->unique < y->unique ? -1 : x->unique > y->unique;
}

/* Valgrind may emit <errorcounts> more than once (the protocol allows it
 * while the program runs); each block restates the counts so far, so the
 * last one read is the one that stands. */
static void counts_begin(struct vg_state *st)
{
	if (st->nuniques)
		qsort(st->uniques, st->nuniques, sizeof *st->uniques,
		      unique_cmp);
	st->counted = 0;
}

static void counts_end(struct vg_state *st)
{
	st->info->tool_error_count =
		st->counted > INT_MAX ? INT_MAX : (int)st->counted;
}

static void pair_begin(struct vg_state *st)
{
	st->pair_has_count = st->pair_has_unique = 0;
}

static void got_pair_count(struct vg_state *st)
{
	st->pair_count = parse_number(st->text.s, 10);
	st->pair_has_count = st->pair_count >= 0;
}

static void got_pair_unique(struct vg_state *st)
{
	long long v = parse_number(st->text.s, 16);

	st->pair_has_unique = v >= 0;
	st->pair_unique = (unsigned long long)v;
}

static void pair_end(struct vg_state *st)
{
	struct vg_unique key = { .unique = st->pair_unique }, *hit;

	if (!st->pair_has_count)
		return;
	/* the tool counted it even if we dropped its error */
	st->counted += st->pair_count;
	if (st->counted > INT_MAX)
		st->counted = INT_MAX;
	if (!st->pair_has_unique || !st->nuniques)
		return;
	hit = bsearch(&key, st->uniques, st->nuniques, sizeof *st->uniques,
		      unique_cmp);
	if (hit)
		st->done.v[hit->index].count = st->pair_count < 1 ? 1 :
			st->pair_count > UINT_MAX ? UINT_MAX :
			(unsigned)st->pair_count;
}

/* ---- suppressions ---- */

void rl_vg_suppressions_free(struct vg_suppressions *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nfiles; i++)
		free(s->files[i]);
	for (size_t i = 0; i < s->nused; i++)
		free(s->used[i].name);
	free(s->files);
	free(s->used);
	memset(s, 0, sizeof *s);
}

/* The FILE of "--suppressions=FILE" or "--TOOL:suppressions=FILE" when
 * TOOL is this tool; NULL for any other argument. Valgrind takes the
 * option name to end at the first ':' or '=', so a ':' in FILE is no
 * tool prefix; an option for another tool is not this run's. */
static const char *suppressions_arg(const struct vg_tool *tool,
				    const char *arg)
{
	static const char OPT[] = "suppressions=";
	const char *name, *colon;
	size_t n = strlen(tool->name);

	if (strncmp(arg, "--", 2) != 0)
		return NULL;
	name = arg + 2;
	colon = name + strcspn(name, ":=");
	if (*colon == ':') {
		if ((size_t)(colon - name) != n || strncmp(name, tool->name, n))
			return NULL;
		name = colon + 1;
	}
	if (strncmp(name, OPT, sizeof OPT - 1) != 0)
		return NULL;
	return name + sizeof OPT - 1;
}

static void got_varg(struct vg_state *st)
{
	struct vg_suppressions *s = st->supps;
	const char *file;

	if (!s || !(file = suppressions_arg(st->tool, st->text.s)) || !*file)
		return;
	if (st->text.full || s->nfiles >= VG_MAX_SUPP_FILES) {
		s->cut = 1;
		return;
	}
	if (s->nfiles == st->capfiles) {
		st->capfiles = st->capfiles ? 2 * st->capfiles : 4;
		s->files = rl_xrealloc(s->files, st->capfiles, sizeof *s->files);
	}
	s->files[s->nfiles++] = rl_xstrdup(file);
}

/* Like <errorcounts>, a later block restates the counts: the last one
 * read stands. */
static void suppcounts_begin(struct vg_state *st)
{
	struct vg_suppressions *s = st->supps;

	if (!s)
		return;
	for (size_t i = 0; i < s->nused; i++)
		free(s->used[i].name);
	s->nused = 0;
}

static void supp_pair_begin(struct vg_state *st)
{
	st->supp_has_count = 0;
	text_clear(&st->supp_name);
}

static void got_supp_count(struct vg_state *st)
{
	st->supp_count = parse_number(st->text.s, 10);
	st->supp_has_count = st->supp_count >= 0;
}

static void got_supp_name(struct vg_state *st)
{
	text_set(&st->supp_name, st->text.s, st->text.len);
	st->supp_name.full = st->text.full;
}

static void supp_pair_end(struct vg_state *st)
{
	struct vg_suppressions *s = st->supps;

	if (!s || !st->supp_has_count || !st->supp_name.len)
		return;
	/* a cut name could only match another name by mistake */
	if (st->supp_name.full || s->nused >= VG_MAX_SUPP_USED) {
		s->cut = 1;
		return;
	}
	if (s->nused == st->capused) {
		st->capused = st->capused ? 2 * st->capused : 8;
		s->used = rl_xrealloc(s->used, st->capused, sizeof *s->used);
	}
	s->used[s->nused].name = rl_xstrdup(st->supp_name.s);
	s->used[s->nused].count = st->supp_count;
	s->nused++;
}

#define R(...) { __VA_ARGS__, E_NONE }
/* A stack inside <error><E>, labelled by begin. */
#define NESTED_STACK(E, begin)                                               \
	{ R(E_ROOT, E_ERROR, E), begin, NULL, 0 },                           \
	{ R(E_ROOT, E_ERROR, E, E_STACK), stack_begin, stack_end, 0 },       \
	{ R(E_ROOT, E_ERROR, E, E_STACK, E_FRAME), frame_begin, frame_end, 0 }, \
	{ R(E_ROOT, E_ERROR, E, E_STACK, E_FRAME, E_FN), NULL, got_fn, 1 },  \
	{ R(E_ROOT, E_ERROR, E, E_STACK, E_FRAME, E_DIR), NULL, got_dir, 1 }, \
	{ R(E_ROOT, E_ERROR, E, E_STACK, E_FRAME, E_FILE), NULL, got_file, 1 }, \
	{ R(E_ROOT, E_ERROR, E, E_STACK, E_FRAME, E_LINE), NULL, got_line, 1 }

static const struct vg_rule vg_rules[] = {
	{ R(E_ROOT, E_PROTOCOLVERSION), NULL, got_protocol_version, 1 },
	{ R(E_ROOT, E_PROTOCOLTOOL), NULL, got_tool, 1 },
	{ R(E_ROOT, E_TOOL), NULL, got_tool, 1 },
	{ R(E_ROOT, E_PID), NULL, got_pid, 1 },
	{ R(E_ROOT, E_PPID), NULL, got_ppid, 1 },
	{ R(E_ROOT, E_FATAL_SIGNAL), fatal_signal_begin, NULL, 0 },
	{ R(E_ROOT, E_FATAL_SIGNAL, E_SIGNO), NULL, got_signo, 1 },
	{ R(E_ROOT, E_ERROR), error_begin, error_end, 0 },
	{ R(E_ROOT, E_ERROR, E_UNIQUE), NULL, got_error_unique, 1 },
	{ R(E_ROOT, E_ERROR, E_KIND), NULL, got_kind, 1 },
	{ R(E_ROOT, E_ERROR, E_WHAT), desc_begin, what_end, 1 },
	{ R(E_ROOT, E_ERROR, E_XWHAT), desc_begin, xwhat_end, 0 },
	{ R(E_ROOT, E_ERROR, E_XWHAT, E_TEXT), NULL, got_desc_text, 1 },
	{ R(E_ROOT, E_ERROR, E_XWHAT, E_HTHREADID), NULL, got_desc_thread, 1 },
	{ R(E_ROOT, E_ERROR, E_AUXWHAT), desc_begin, auxwhat_end, 1 },
	{ R(E_ROOT, E_ERROR, E_XAUXWHAT), desc_begin, xauxwhat_end, 0 },
	{ R(E_ROOT, E_ERROR, E_XAUXWHAT, E_TEXT), NULL, got_desc_text, 1 },
	{ R(E_ROOT, E_ERROR, E_XAUXWHAT, E_HTHREADID), NULL, got_desc_thread,
	  1 },
	{ R(E_ROOT, E_ERROR, E_STACK), stack_begin, stack_end, 0 },
	{ R(E_ROOT, E_ERROR, E_STACK, E_FRAME), frame_begin, frame_end, 0 },
	{ R(E_ROOT, E_ERROR, E_STACK, E_FRAME, E_FN), NULL, got_fn, 1 },
	{ R(E_ROOT, E_ERROR, E_STACK, E_FRAME, E_DIR), NULL, got_dir, 1 },
	{ R(E_ROOT, E_ERROR, E_STACK, E_FRAME, E_FILE), NULL, got_file, 1 },
	{ R(E_ROOT, E_ERROR, E_STACK, E_FRAME, E_LINE), NULL, got_line, 1 },
	NESTED_STACK(E_FIRST_OBSERVED_AT, first_observed_begin),
	NESTED_STACK(E_OTHER_SEGMENT_START, segment_start_begin),
	NESTED_STACK(E_OTHER_SEGMENT_END, segment_end_begin),
	{ R(E_ROOT, E_ERRORCOUNTS), counts_begin, counts_end, 0 },
	{ R(E_ROOT, E_ERRORCOUNTS, E_PAIR), pair_begin, pair_end, 0 },
	{ R(E_ROOT, E_ERRORCOUNTS, E_PAIR, E_COUNT), NULL, got_pair_count, 1 },
	{ R(E_ROOT, E_ERRORCOUNTS, E_PAIR, E_UNIQUE), NULL, got_pair_unique,
	  1 },
	{ R(E_ROOT, E_ARGS, E_VARGV, E_ARG), NULL, got_varg, 1 },
	{ R(E_ROOT, E_SUPPCOUNTS), suppcounts_begin, NULL, 0 },
	{ R(E_ROOT, E_SUPPCOUNTS, E_PAIR), supp_pair_begin, supp_pair_end, 0 },
	{ R(E_ROOT, E_SUPPCOUNTS, E_PAIR, E_COUNT), NULL, got_supp_count, 1 },
	{ R(E_ROOT, E_SUPPCOUNTS, E_PAIR, E_NAME), NULL, got_supp_name, 1 },
};

#undef R

static enum vg_elem elem_of(const char *name)
{
	for (enum vg_elem e = E_ROOT; e < E_COUNT_OF_ELEMS; e++)
		if (strcmp(elem_names[e], name) == 0)
			return e;
	return E_OTHER;
}

/* The rule for the element path now open, or NULL. */
static const struct vg_rule *rule_for(const struct vg_state *st)
{
	const size_t n = sizeof vg_rules / sizeof vg_rules[0];

	for (size_t i = 0; i < n; i++) {
		const enum vg_elem *p = vg_rules[i].path;
		int d = 0;

		while (d < st->depth && p[d] == st->path[d])
			d++;
		if (d == st->depth && p[d] == E_NONE)
			return &vg_rules[i];
	}
	return NULL;
}

static void XMLCALL on_start(void *data, const XML_Char *name,
			     const XML_Char **attrs)
{
	struct vg_state *st = data;
	enum vg_elem e = elem_of(name);
	const struct vg_rule *r;

	(void)attrs;
	if (st->stopped)
		return;
	if (!st->root_seen) {
		st->root_seen = 1;
		if (e != E_ROOT) {
			stop(st, 1, "the XML's root is <%.64s>, not <%s>: "
			     "not Valgrind's output", name,
			     elem_names[E_ROOT]);
			return;
		}
	}
	if (st->depth >= VG_MAX_DEPTH) {
		stop(st, 0, "XML nested deeper than %d at line %lu",
		     VG_MAX_DEPTH,
		     (unsigned long)XML_GetCurrentLineNumber(st->xp));
		return;
	}
	st->path[st->depth++] = e;
	r = st->rule[st->depth] = rule_for(st);
	if (r && r->keep_text) {
		st->text_depth = st->depth;
		text_clear(&st->text);
	}
	if (r && r->begin)
		r->begin(st);
}

static void XMLCALL on_end(void *data, const XML_Char *name)
{
	struct vg_state *st = data;
	const struct vg_rule *r;

	(void)name;
	if (st->stopped || st->depth == 0)
		return;
	r = st->rule[st->depth];
	if (st->text_depth == st->depth) {
		text_trim(&st->text);
		st->text_depth = 0;
	}
	if (r && r->end)
		r->end(st);
	if (--st->depth == 0)
		st->root_closed = 1;
}

static void XMLCALL on_text(void *data, const XML_Char *s, int len)
{
	struct vg_state *st = data;

	if (st->stopped || !st->text_depth || st->depth != st->text_depth ||
	    len <= 0)
		return;
	text_append(&st->text, s, (size_t)len);
}

/* Valgrind never writes a DOCTYPE; refusing one also refuses every
 * entity-expansion trick before it starts. */
static void XMLCALL on_doctype(void *data, const XML_Char *name,
			       const XML_Char *sysid, const XML_Char *pubid,
			       int has_internal_subset)
{
	struct vg_state *st = data;

	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal_subset;
	stop(st, 1, "the XML has a DOCTYPE, which Valgrind never writes");
}

/* The length of the UTF-8 character at s (at most n bytes), or 0 when s
 * starts no character XML allows: a byte that is no UTF-8 (a stray
 * continuation, an overlong form, a surrogate, past U+10FFFF, a cut
 * sequence), or U+FFFE or U+FFFF. */
static size_t utf8_char(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;	/* overlong */
	else if (s[0] == 0xed)
		hi = 0x9f;	/* surrogates */
	else if (s[0] == 0xf0)
		lo = 0x90;	/* overlong */
	else if (s[0] == 0xf4)
		hi = 0x8f;	/* past U+10FFFF */
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	if (len == 3 && s[0] == 0xef && s[1] == 0xbf && s[2] >= 0xbe)
		return 0;	/* U+FFFE, U+FFFF */
	return len;
}

static int is_forbidden_control(unsigned char c)
{
	return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
}

/* xml as expat can read it (see the top of this file): a new buffer in
 * *clean (its length in *clean_len) when a byte had to be written out,
 * else NULL and xml stands as it is. */
static void make_readable(const char *xml, size_t len, char **clean,
			  size_t *clean_len)
{
	const unsigned char *u = (const unsigned char *)xml;
	static const char replacement[] = "\xef\xbf\xbd";	/* U+FFFD */
	size_t i, n, out = 0;
	char *d;

	*clean = NULL;
	*clean_len = 0;
	for (i = 0; i < len; i += n)
		if (is_forbidden_control(u[i]) || !(n = utf8_char(u + i, len - i)))
			break;
	if (i == len)
		return;
	/* at most 4 bytes for each one: "\xHH", or U+FFFD for a byte; and
	 * the NUL sprintf writes after the last */
	d = rl_xcalloc(len * 4 + 1, 1);
	memcpy(d, xml, i);
	out = i;
	while (i < len) {
		if (is_forbidden_control(u[i])) {
			out += (size_t)sprintf(d + out, "\\x%02x", u[i]);
			i++;
		} else if (!(n = utf8_char(u + i, len - i))) {
			memcpy(d + out, replacement, 3);
			out += 3;
			i++;
		} else {
			memcpy(d + out, u + i, n);
			out += n;
			i += n;
		}
	}
	*clean = d;
	*clean_len = out;
}

/* Feeds the whole input to expat; 0 when it parsed to the end. */
static int feed(struct vg_state *st, const char *xml, size_t len)
{
	size_t off = 0;

	for (;;) {
		size_t n = len - off < VG_CHUNK ? len - off : VG_CHUNK;
		int final = off + n == len;

		if (XML_Parse(st->xp, xml + off, (int)n, final) !=
		    XML_STATUS_OK)
			return -1;
		off += n;
		if (final)
			return 0;
	}
}

/* Why expat gave up, in info->error, unless a handler already said. */
static void say_broken(struct vg_state *st, const char *what)
{
	enum XML_Error code = XML_GetErrorCode(st->xp);

	if (st->stopped)
		return;
	snprintf(st->info->error, sizeof st->info->error,
		 "%s: line %lu, column %lu: %s", what,
		 (unsigned long)XML_GetCurrentLineNumber(st->xp),
		 (unsigned long)XML_GetCurrentColumnNumber(st->xp),
		 XML_ErrorString(code));
}

/* Appends the finished findings to out; `done` keeps no strings after. */
static void hand_over(struct vg_state *st, struct rl_findings *out)
{
	for (size_t i = 0; i < st->done.n; i++) {
		struct rl_finding *f = &st->done.v[i];
		struct rl_finding *g = rl_findings_add(out, f->tool, NULL,
						       f->category);
		*g = *f;
	}
	st->done.n = 0;
}

/* The verdict on the parse once expat is done; see parsers.h. */
static int conclude(struct vg_state *st, int broken, struct rl_findings *out)
{
	struct rl_parse_info *info = st->info;

	if (st->refused)
		return -1;
	if (!st->root_seen) {
		if (broken)
			say_broken(st, "not XML");
		return -1;
	}
	if (!st->tool_known) {
		say_broken(st, "the XML ends before it names its tool");
		if (!broken)
			snprintf(info->error, sizeof info->error,
				 "the XML never names its tool");
		return -1;
	}
	if (broken) {
		size_t kept = st->done.n;

		say_broken(st, "broken XML");
		snprintf(info->error + strlen(info->error),
			 sizeof info->error - strlen(info->error),
			 "; kept the %zu error%s read before it", kept,
			 kept == 1 ? "" : "s");
	} else if (st->dropped_errors) {
		snprintf(info->error, sizeof info->error,
			 "more than %d errors: %zu not read", VG_MAX_ERRORS,
			 st->dropped_errors);
	}
	info->complete = !broken && st->root_closed;
	hand_over(st, out);
	return 0;
}

static int vg_parse_xml(const struct vg_tool *tool, const char *xml,
			size_t len, struct rl_findings *out,
			struct rl_parse_info *info,
			struct vg_suppressions *supps)
{
	struct vg_state *st;
	int broken, ret;
	char *clean;
	size_t clean_len;

	memset(info, 0, sizeof *info);
	info->tool_error_count = -1;
	st = rl_xcalloc(1, sizeof *st);
	st->tool = tool;
	st->info = info;
	st->supps = supps;
	if (supps)
		memset(supps, 0, sizeof *supps);
	st->xp = XML_ParserCreate(NULL);
	if (!st->xp) {
		snprintf(info->error, sizeof info->error,
			 "expat: out of memory");
		free(st);
		return -1;
	}
	XML_SetUserData(st->xp, st);
	XML_SetElementHandler(st->xp, on_start, on_end);
	XML_SetCharacterDataHandler(st->xp, on_text);
	XML_SetStartDoctypeDeclHandler(st->xp, on_doctype);

	make_readable(xml ? xml : "", xml ? len : 0, &clean, &clean_len);
	if (clean)
		broken = feed(st, clean, clean_len) != 0;
	else
		broken = feed(st, xml ? xml : "", xml ? len : 0) != 0;
	free(clean);
	ret = conclude(st, broken, out);

	XML_ParserFree(st->xp);
	rl_findings_free(&st->cur);
	rl_findings_free(&st->done);
	free(st->uniques);
	free(st);
	return ret;
}

int rl_parse_valgrind_xml(const struct vg_tool *tool, const char *xml,
			  size_t len, struct rl_findings *out,
			  struct rl_parse_info *info,
			  struct vg_suppressions *supps)
{
	return vg_parse_xml(tool, xml, len, out, info, supps);
}
