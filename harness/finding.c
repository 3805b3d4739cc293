/* finding.c - the normalised finding list. */
#include "finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

struct rl_stack *rl_finding_add_stack(struct rl_finding *f, const char *label,
				      int thread)
{
	struct rl_stack *s;

	f->stacks = rl_xrealloc(f->stacks, f->nstacks + 1, sizeof *f->stacks);
	s = &f->stacks[f->nstacks++];
	memset(s, 0, sizeof *s);
	s->label = rl_xstrdup(label);
	s->thread = thread;
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

void rl_findings_free(struct rl_findings *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		struct rl_finding *f = &fs->v[i];
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
	}
	free(fs->v);
	memset(fs, 0, sizeof *fs);
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
	for (size_t i = 0; i < s->nframes; i++)
		if (s->frames[i].file &&
		    path_ends_with(s->frames[i].file, source_suffix))
			return &s->frames[i];
	return NULL;
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
