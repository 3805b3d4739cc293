/* match.c - see match.h. */
#include "match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void add_loc(struct rl_loc *locs, size_t *n, const char *file, int line,
		    const char *function)
{
	size_t at = 0;

	while (at < *n && (strcmp(locs[at].file, file) < 0 ||
			   (!strcmp(locs[at].file, file) && locs[at].line < line)))
		at++;
	if (at < *n && !strcmp(locs[at].file, file) && locs[at].line == line)
		return;
	if (*n == RL_MATCH_MAX_LOCS)
		return;
	memmove(locs + at + 1, locs + at, (*n - at) * sizeof *locs);
	locs[at].file = file;
	locs[at].line = line;
	locs[at].function = function;
	(*n)++;
}

int rl_match_mine(const char *file, const char *const *dirs, size_t ndirs)
{
	for (size_t k = 0; file && k < ndirs; k++) {
		size_t n = strlen(dirs[k]);

		if (!strncmp(file, dirs[k], n) && file[n] == '/')
			return 1;
	}
	return 0;
}

const struct rl_frame *rl_match_frame(const struct rl_stack *st,
				      const char *const *dirs, size_t ndirs)
{
	const struct rl_frame *unlined = NULL;

	/* the nearest of the program's frames that has a line, else the
	 * first of them, which has none (said where it is shown) */
	for (size_t i = 0; i < st->nframes; i++)
		if (rl_match_mine(st->frames[i].file, dirs, ndirs)) {
			if (st->frames[i].line > 0)
				return &st->frames[i];
			if (!unlined)
				unlined = &st->frames[i];
		}
	return unlined;
}

void rl_match_add(struct rl_matches *m, int program, int detector, int run,
		  const struct rl_finding *f, const char *const *dirs,
		  size_t ndirs)
{
	struct rl_match_entry *e;

	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 32;
		m->e = rl_xrealloc(m->e, m->cap, sizeof *m->e);
	}
	e = &m->e[m->n++];
	memset(e, 0, sizeof *e);
	e->program = program;
	e->detector = detector;
	e->run = run;
	e->finding = f;
	/* where threads were made or memory allocated is not where the bug
	 * is, unless nothing else says */
	for (int pass = 0; pass < 2 && e->nlocs == 0; pass++)
		for (size_t s = 0; s < f->nstacks; s++) {
			const struct rl_frame *fr;

			if (pass == 0 && (f->stacks[s].role == RL_ROLE_THREAD ||
					  f->stacks[s].role == RL_ROLE_ALLOC))
				continue;
			fr = rl_match_frame(&f->stacks[s], dirs, ndirs);
			if (fr)
				add_loc(e->locs, &e->nlocs, fr->file, fr->line,
					fr->function);
		}
}

static int same_place(const struct rl_loc *a, const struct rl_loc *b)
{
	if (strcmp(a->file, b->file))
		return 0;
	return a->line == b->line ||
	       (a->function && b->function && !strcmp(a->function, b->function));
}

/* One kind of bug: the same category, or a lock-order cycle a tool
 * reports and the deadlock the watchdog saw happen on it (their places,
 * the lock calls, then tell whether they are the same locks). */
static int same_kind(enum rl_category a, enum rl_category b)
{
	return a == b ||
	       (a == RL_CAT_LOCK_ORDER && b == RL_CAT_DEADLOCK) ||
	       (a == RL_CAT_DEADLOCK && b == RL_CAT_LOCK_ORDER);
}

static int same_bug(const struct rl_match_entry *a,
		    const struct rl_match_entry *b)
{
	const char *va = a->finding->variable, *vb = b->finding->variable;

	if (a->program != b->program ||
	    !same_kind(a->finding->category, b->finding->category) ||
	    !a->nlocs || !b->nlocs)
		return 0;
	if (va && vb && !strcmp(va, vb))
		return 1;
	for (size_t i = 0; i < a->nlocs; i++)
		for (size_t j = 0; j < b->nlocs; j++)
			if (same_place(&a->locs[i], &b->locs[j]))
				return 1;
	return 0;
}

static size_t root_of(size_t *parent, size_t i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

void rl_match_group(struct rl_matches *m)
{
	size_t *parent = rl_xcalloc(m->n ? m->n : 1, sizeof *parent);
	size_t *group_of_root = rl_xcalloc(m->n ? m->n : 1, sizeof *parent);

	for (size_t i = 0; i < m->n; i++)
		parent[i] = i;
	for (size_t i = 0; i < m->n; i++)
		for (size_t j = 0; j < i; j++)
			if (same_bug(&m->e[i], &m->e[j])) {
				size_t a = root_of(parent, i), b = root_of(parent, j);
				/* the earlier entry stays the root */
				if (a != b)
					parent[a > b ? a : b] = a < b ? a : b;
			}
	/* one with no line joins the first with a line of its category, else
	 * the first of its category with none: never a bridge */
	for (size_t i = 0; i < m->n; i++) {
		size_t best = i;

		if (m->e[i].nlocs)
			continue;
		for (size_t j = 0; j < m->n; j++)
			if (j != i && m->e[j].program == m->e[i].program &&
			    m->e[j].finding->category == m->e[i].finding->category &&
			    (m->e[j].nlocs || j < i)) {
				best = j;
				if (m->e[j].nlocs)
					break;
			}
		if (best != i)
			parent[i] = root_of(parent, best);
	}
	free(m->g);
	m->g = rl_xcalloc(m->n ? m->n : 1, sizeof *m->g);
	m->ng = 0;
	for (size_t i = 0; i < m->n; i++)	/* a group per root, in order */
		if (root_of(parent, i) == i) {
			struct rl_match_group *g = &m->g[m->ng];

			group_of_root[i] = m->ng++;
			g->program = m->e[i].program;
			g->category = m->e[i].finding->category;
			g->first = i;
		}
	for (size_t i = 0; i < m->n; i++) {
		struct rl_match_group *g;

		m->e[i].group = group_of_root[root_of(parent, i)];
		g = &m->g[m->e[i].group];
		if (i < g->first)
			g->first = i;
		/* a cycle that did deadlock is named by what happened */
		if (m->e[i].finding->category == RL_CAT_DEADLOCK)
			g->category = RL_CAT_DEADLOCK;
		for (size_t k = 0; k < m->e[i].nlocs; k++)
			add_loc(g->locs, &g->nlocs, m->e[i].locs[k].file,
				m->e[i].locs[k].line, m->e[i].locs[k].function);
	}
	free(parent);
	free(group_of_root);
}

int rl_match_runs(const struct rl_matches *m, size_t g, int detector)
{
	int runs = 0, last = 0;

	/* entries come in run order for each detector */
	for (size_t i = 0; i < m->n; i++)
		if (m->e[i].group == g && m->e[i].detector == detector &&
		    m->e[i].run != last) {
			last = m->e[i].run;
			runs++;
		}
	return runs;
}

const struct rl_match_entry *rl_match_first(const struct rl_matches *m,
					    size_t g, int detector)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->e[i].group == g && m->e[i].detector == detector)
			return &m->e[i];
	return NULL;
}

void rl_matches_free(struct rl_matches *m)
{
	free(m->e);
	free(m->g);
	memset(m, 0, sizeof *m);
}

/* The tool's label without its addresses: "Write of size 4 by thread T1". */
static void short_label(const char *label, char *buf, size_t len)
{
	size_t o = 0;

	if (!label) {
		snprintf(buf, len, "%s", "");
		return;
	}
	for (const char *s = label; *s && o + 1 < len; s++) {
		if (!strncmp(s, " at 0x", 6)) {
			s += 6;
			while (strchr("0123456789abcdefABCDEF", *s) && *s)
				s++;
			s--;
			continue;
		}
		if (*s == '\n' || *s == '\t' || (*s == ':' && !s[1]))
			continue;
		buf[o++] = *s;
	}
	buf[o] = '\0';
}

/* "thread 2", "main", "" */
static void thread_text(int t, char *buf, size_t len)
{
	char who[24];

	if (t >= 0)
		snprintf(buf, len, " by %s", rl_thread_words(t, who, sizeof who));
	else
		buf[0] = '\0';
}

void rl_stack_text(const struct rl_stack *st, const struct rl_frame *fr,
		   char *buf, size_t len)
{
	const char *file = fr->file ? fr->file : "?";
	const char *slash = strrchr(file, '/');
	char what[160], who[32], at[32];

	thread_text(st->thread, who, sizeof who);
	if (st->role == RL_ROLE_ACCESS && st->size)
		snprintf(what, sizeof what, "%s %d%s",
			 st->access == 'w' ? "write" : "read", st->size, who);
	else if (st->role == RL_ROLE_ACCESS)
		snprintf(what, sizeof what, "%s%s",
			 st->access == 'w' ? "write" : "read", who);
	else if (st->role == RL_ROLE_LOCK)
		snprintf(what, sizeof what, "lock%s", who);
	else
		short_label(st->label, what, sizeof what);
	snprintf(buf, len, "%s%s%s%s%s%s%s", what, what[0] ? " @ " : "",
		 slash ? slash + 1 : file, rl_line_text(fr->line, at, sizeof at),
		 fr->function ? " (" : "",
		 fr->function ? fr->function : "", fr->function ? ")" : "");
}
