/* finding.c - the normalised finding list. */
#include "finding.h"

#include <ctype.h>
#include <strings.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *const category_names[RL_CAT_COUNT] = {
	[RL_CAT_DATA_RACE] = "data-race",
	[RL_CAT_LOCK_ORDER] = "lock-order",
	[RL_CAT_MUTEX_MISUSE] = "mutex-misuse",
	[RL_CAT_CONDVAR_MISUSE] = "condvar-misuse",
	[RL_CAT_THREAD_LEAK] = "thread-leak",
	[RL_CAT_SIGNAL_MISUSE] = "signal-misuse",
	[RL_CAT_MEMORY_ERROR] = "memory-error",
	[RL_CAT_DEADLOCK] = "deadlock",
	[RL_CAT_LIVELOCK] = "livelock",
	[RL_CAT_LOST_WAKEUP] = "lost-wakeup",
	[RL_CAT_STARVATION] = "starvation",
	[RL_CAT_LOST_UPDATE] = "lost-update",
	[RL_CAT_WRONG_RESULT] = "wrong-result",
	[RL_CAT_CRASH] = "crash",
	[RL_CAT_OTHER] = "other",
};

const char *rl_category_name(enum rl_category c)
{
	if ((int)c < 0 || c >= RL_CAT_COUNT)
		return NULL;
	return category_names[c];
}

int rl_category_from_name(const char *name)
{
	for (int i = 0; i < RL_CAT_COUNT; i++)
		if (strcmp(category_names[i], name) == 0)
			return i;
	return -1;
}

struct rl_finding *rl_findings_add(struct rl_findings *fs, const char *tool,
				   const char *kind, enum rl_category cat)
{
	struct rl_finding *f;

	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? 2 * fs->cap : 8;
		fs->v = rl_xrealloc(fs->v, fs->cap, sizeof *fs->v);
	}
	f = &fs->v[fs->n++];
	memset(f, 0, sizeof *f);
	f->tool = tool;
	f->kind = rl_xstrdup(kind);
	f->category = cat;
	f->count = 1;
	return f;
}

/* strcasestr's place, for a C library without it */
static const char *find_word(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return hay;
	return NULL;
}

/* "size 8", "size: 8": the number after the first "size". */
static int size_in(const char *label)
{
	const char *at = find_word(label, "size");

	if (!at)
		return 0;
	at += 4;
	while (*at == ' ' || *at == ':')
		at++;
	return isdigit((unsigned char)*at) ? atoi(at) : 0;
}

/* The role of a stack from its label: access words first, since "Write
 * of size 4 ... (mutexes: write M1)" is an access, not a lock. */
static void classify(struct rl_stack *s)
{
	static const struct {
		const char *word;
		enum rl_role role;
		char access;
	} words[] = {
		{ "read of size", RL_ROLE_ACCESS, 'r' },
		{ "write of size", RL_ROLE_ACCESS, 'w' },
		{ "conflicting load", RL_ROLE_ACCESS, 'r' },
		{ "conflicting store", RL_ROLE_ACCESS, 'w' },
		{ "allocated", RL_ROLE_ALLOC, 0 },
		{ "alloc'd", RL_ROLE_ALLOC, 0 },
		{ "heap block", RL_ROLE_ALLOC, 0 },
		{ "acquired", RL_ROLE_LOCK, 0 },
		{ "acquisition", RL_ROLE_LOCK, 0 },
		{ "first observed", RL_ROLE_LOCK, 0 },
	};

	if (!s->label)
		return;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (find_word(s->label, words[i].word)) {
			s->role = words[i].role;
			s->access = words[i].access;
			s->size = s->access ? size_in(s->label) : 0;
			return;
		}
	/* "Thread T1 (...) created by main thread", "Thread #3 was
	 * created"; but "Mutex M1 (0x...) created at" is where a lock was
	 * made, which ranks with allocations */
	if (find_word(s->label, "created"))
		s->role = strncasecmp(s->label, "thread", 6) == 0 ?
				  RL_ROLE_THREAD : RL_ROLE_ALLOC;
}

const char *rl_role_name(enum rl_role r)
{
	static const char *const names[] = {
		[RL_ROLE_OTHER] = "other", [RL_ROLE_ACCESS] = "access",
		[RL_ROLE_LOCK] = "lock",   [RL_ROLE_THREAD] = "thread",
		[RL_ROLE_ALLOC] = "alloc",
	};
	return r < RL_ROLE_COUNT ? names[r] : "other";
}

/* The text between the first pair of quotes (' or ") after at, or NULL. */
static char *quoted_after(const char *at)
{
	const char *open = strpbrk(at, "'\""), *close;

	if (!open || !(close = strchr(open + 1, *open)) || close == open + 1)
		return NULL;
	return rl_xstrndup(open + 1, (size_t)(close - open - 1));
}

void rl_finding_set_variable(struct rl_finding *f, const char *words)
{
	const char *at;
	char buf[96];

	if (f->variable || !words)
		return;
	if ((at = find_word(words, "global")) ||
	    (at = find_word(words, "data symbol"))) {
		f->variable = quoted_after(at);
		if (f->variable && !strcmp(f->variable, "??")) {
			free(f->variable);
			f->variable = NULL;
		}
	} else if ((at = find_word(words, "block of size"))) {
		snprintf(buf, sizeof buf, "heap block of size %d", size_in(at));
		f->variable = rl_xstrdup(buf);
	} else if ((at = find_word(words, "stack of "))) {
		snprintf(buf, sizeof buf, "%.*s", (int)strcspn(at, ".:,("), at);
		f->variable = rl_xstrdup(buf);
	} else if ((at = find_word(words, "'s stack"))) {
		f->variable = rl_xstrdup("a thread's stack");
	}
}

struct rl_stack *rl_finding_add_stack(struct rl_finding *f, const char *label,
				      int thread)
{
	struct rl_stack *s;

	f->stacks = rl_xrealloc(f->stacks, f->nstacks + 1, sizeof *f->stacks);
	s = &f->stacks[f->nstacks++];
	memset(s, 0, sizeof *s);
	s->label = rl_xstrdup(label);
	s->thread = thread;
	classify(s);
	return s;
}

void rl_stack_add_frame(struct rl_stack *s, const char *function,
			const char *file, int line)
{
	struct rl_frame *fr;

	s->frames = rl_xrealloc(s->frames, s->nframes + 1, sizeof *s->frames);
	fr = &s->frames[s->nframes++];
	fr->function = rl_xstrdup(function);
	fr->file = rl_xstrdup(file);
	fr->line = line;
}

static void finding_free(struct rl_finding *f)
{
	for (size_t j = 0; j < f->nstacks; j++) {
		struct rl_stack *s = &f->stacks[j];
		for (size_t k = 0; k < s->nframes; k++) {
			free(s->frames[k].function);
			free(s->frames[k].file);
		}
		free(s->frames);
		free(s->label);
	}
	free(f->stacks);
	free(f->kind);
	free(f->headline);
	free(f->variable);
	free(f->story);
	free(f->schedule_file);
}

void rl_findings_free(struct rl_findings *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		finding_free(&fs->v[i]);
	free(fs->v);
	memset(fs, 0, sizeof *fs);
}

size_t rl_findings_drop_after_signal(struct rl_findings *fs)
{
	size_t kept = 0, dropped = 0;

	for (size_t i = 0; i < fs->n; i++) {
		if (fs->v[i].after_signal) {
			finding_free(&fs->v[i]);
			dropped++;
		} else {
			fs->v[kept++] = fs->v[i];
		}
	}
	fs->n = kept;
	return dropped;
}

/* Does path end in suffix at a path-component boundary? */
static int path_ends_with(const char *path, const char *suffix)
{
	size_t lp = strlen(path), ls = strlen(suffix);

	if (ls == 0 || ls > lp)
		return 0;
	if (strcmp(path + lp - ls, suffix) != 0)
		return 0;
	return ls == lp || path[lp - ls - 1] == '/';
}

const struct rl_frame *rl_stack_frame_in(const struct rl_stack *s,
					 const char *source_suffix)
{
	const struct rl_frame *unlined = NULL;

	/* the nearest frame in the file that has a line: a frame of
	 * compiler-made code may have none, its caller does */
	for (size_t i = 0; i < s->nframes; i++)
		if (s->frames[i].file &&
		    path_ends_with(s->frames[i].file, source_suffix)) {
			if (s->frames[i].line > 0)
				return &s->frames[i];
			if (!unlined)
				unlined = &s->frames[i];
		}
	return unlined;
}

const char *rl_line_text(int line, char *buf, size_t len)
{
	if (line > 0)
		snprintf(buf, len, ":%d", line);
	else
		snprintf(buf, len, " (no line number)");
	return buf;
}

const char *rl_thread_words(int thread, char *buf, size_t len)
{
	if (thread == 0)
		snprintf(buf, len, "main");
	else if (thread > 0)
		snprintf(buf, len, "thread %d", thread);
	else
		snprintf(buf, len, "a thread");
	return buf;
}

/* *p made printable in place (a new string for the old). */
static void make_printable(char **p, int keep_newlines)
{
	char *clean;

	if (!*p)
		return;
	clean = rl_printable(*p, keep_newlines);
	free(*p);
	*p = clean;
}

void rl_findings_make_printable(struct rl_findings *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		struct rl_finding *f = &fs->v[i];

		make_printable(&f->kind, 0);
		make_printable(&f->headline, 0);
		make_printable(&f->variable, 0);
		make_printable(&f->story, 1);
		for (size_t k = 0; k < f->nstacks; k++) {
			struct rl_stack *st = &f->stacks[k];

			make_printable(&st->label, 0);
			for (size_t m = 0; m < st->nframes; m++) {
				make_printable(&st->frames[m].function, 0);
				make_printable(&st->frames[m].file, 0);
			}
		}
	}
}
