/* story.c - see story.h. */
#define _GNU_SOURCE
#include "story.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../finding.h"

#define MAX_ROWS 20
#define AROUND 2		/* steps kept before and after a preemption */
#define LAST 4			/* steps kept before the bug */
#define BUG_STEPS 5		/* steps on the bug's variable kept first */
#define WINDOW 2000		/* steps looked at, before the bug */
#define MAX_LANES 3		/* more threads: one lane, named */

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static long num(const json_t *o, const char *key)
{
	return (long)json_integer_value(json_object_get(o, key));
}

const char *rl_story_thread(long t, char *buf, size_t len)
{
	return rl_thread_words(t >= 1 && t <= 1000000 ? (int)t - 1 : -1, buf, len);
}

void rl_story_step(const json_t *step, char *buf, size_t len)
{
	const char *op = str(step, "op"), *var = str(step, "var");
	const json_t *value = json_object_get(step, "value");
	long line = num(step, "line");
	char v[48] = "", at[48] = "", who[32];

	if (line)
		snprintf(at, sizeof at, " :%ld", line);
	if (!strcmp(op, "kill")) {	/* pthread_kill(main, SIGUSR1) */
		if (json_is_integer(value))
			snprintf(v, sizeof v, " to %s",
				 rl_story_thread((long)json_integer_value(value), who, sizeof who));
		snprintf(buf, len, "sends %s%s%s", str(step, "signal"), v, at);
		return;
	}
	if (!strcmp(op, "handler") || !strcmp(op, "handler-end")) {
		snprintf(buf, len, "%s handler %s", str(step, "signal"),
			 strcmp(op, "handler") ? "returns" : "runs");
		return;
	}
	if (!strcmp(op, "block"))
		op = *var ? "blocks on" : "blocks";
	else if (json_is_integer(value)) {
		if (!strcmp(op, "create") || !strcmp(op, "join"))
			snprintf(v, sizeof v, " %s",
				 rl_story_thread((long)json_integer_value(value), who, sizeof who));
		else if (strcmp(op, "sem-wait") && strcmp(op, "sem-post")) {
			long long x = json_integer_value(value);

			/* a pointer reads better in hex */
			snprintf(v, sizeof v, x > 0xffffffffLL || x < -0xffffffffLL ?
				 "=0x%llx" : "=%lld", x);
		}
	}
	snprintf(buf, len, "%s%s%s%s%s", op, *var ? " " : "", var, v, at);
}

static int is_memory(const char *op)
{
	return !strcmp(op, "read") || !strcmp(op, "write") ||
	       !strncmp(op, "atomic-", 7);
}

/* The rows a choice of steps makes: each step, its preemption mark,
 * and a "..." for each gap. */
static size_t rows_of(const json_t *trace, const char *keep, size_t n)
{
	size_t rows = 0;
	int gap = 0;

	for (size_t i = 0; i < n; i++) {
		if (!keep[i]) {
			gap = 1;
			continue;
		}
		rows += 1 + gap + json_is_true(json_object_get(
					  json_array_get(trace, i), "preempted"));
		gap = 0;
	}
	return rows;
}

static int is_step(const json_t *s, long thread, const char *op)
{
	return num(s, "thread") == thread && !strcmp(str(s, "op"), op);
}

/* A signal handler whose write the code it interrupted overwrites: the
 * lost update of a handler. Its run, its steps on that variable, and the
 * interrupted code's steps on it just before and just after are kept
 * whatever the budget (4). */
static void overwritten_handlers(const json_t *trace, char *keep, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const json_t *h = json_array_get(trace, i);
		long t = num(h, "thread");
		size_t j, k, p;

		if (!is_step(h, t, "handler"))
			continue;
		for (j = i + 1; j < n && !is_step(json_array_get(trace, j), t, "handler-end"); j++)
			;
		if (j >= n)
			continue;
		/* the thread's next memory step after the handler */
		for (k = j + 1; k < n; k++) {
			const json_t *s = json_array_get(trace, k);

			if (num(s, "thread") == t && is_memory(str(s, "op")))
				break;
		}
		if (k >= n || strcmp(str(json_array_get(trace, k), "op"), "write"))
			continue;
		const char *var = str(json_array_get(trace, k), "var");
		int wrote = 0;

		for (size_t m = i + 1; m < j && *var; m++) {
			const json_t *s = json_array_get(trace, m);

			if (is_step(s, t, "write") && !strcmp(str(s, "var"), var))
				wrote = 1, keep[m] = 4;
		}
		if (!wrote)
			continue;
		keep[i] = keep[j] = keep[k] = 4;
		for (p = i; p-- > 0;) {	/* who sent it */
			const json_t *s = json_array_get(trace, p);

			if (!strcmp(str(s, "op"), "kill") && num(s, "value") == t) {
				keep[p] = 4;
				break;
			}
		}
		for (p = i; p-- > 0;) {
			const json_t *s = json_array_get(trace, p);

			if (num(s, "thread") == t && is_memory(str(s, "op")) &&
			    !strcmp(str(s, "var"), var)) {
				keep[p] = 4;
				break;
			}
		}
	}
}

static int is_write(const char *op)
{
	return !strcmp(op, "write") || !strcmp(op, "atomic-store") ||
	       !strcmp(op, "atomic-rmw") || !strcmp(op, "atomic-cas");
}

static int is_read(const char *op)
{
	return !strcmp(op, "read") || !strcmp(op, "atomic-load");
}

/* The interleaving that makes the bug, on its variable: a thread read
 * it, another thread then wrote it, and the first wrote it after, on
 * what it read (a check-then-act split in two, a lost update). The
 * latest such write, the other thread's write before it and the first
 * thread's read before that are kept above all (4); their values tell
 * the story. */
static void stale_read(const json_t *trace, char *keep, size_t n,
		       size_t from, const char *var)
{
	for (size_t i = n; i-- > from;) {
		const json_t *w = json_array_get(trace, i);
		long t = num(w, "thread");

		if (!is_write(str(w, "op")) || strcmp(str(w, "var"), var))
			continue;
		for (size_t k = i; k-- > from;) {
			const json_t *o = json_array_get(trace, k);

			if (strcmp(str(o, "var"), var) || !is_memory(str(o, "op")))
				continue;
			if (num(o, "thread") == t) {
				if (is_write(str(o, "op")))
					break;	/* its own write came between */
				continue;
			}
			if (!is_write(str(o, "op")))
				continue;
			/* k: another thread's write; t's read before it */
			for (size_t j = k; j-- > from;) {
				const json_t *r = json_array_get(trace, j);

				if (num(r, "thread") != t ||
				    strcmp(str(r, "var"), var))
					continue;
				if (is_write(str(r, "op")))
					break;
				if (is_read(str(r, "op"))) {
					keep[j] = keep[k] = keep[i] = 4;
					return;
				}
			}
			break;
		}
	}
}

/* Which steps to keep, by how much they matter (4: the stale read that
 * makes the bug, see stale_read; 3: the steps on the variable the bug
 * is about; 2: around every preemption, and the last steps; 1: the rest
 * of what the threads read and wrote of the memory they share), the
 * nearest the bug first, within the budget. */
static void choose(const json_t *trace, char *keep, size_t n)
{
	size_t rows = 0;

	memset(keep, 0, n);
	/* the story is told from the last WINDOW steps */
	for (size_t i = n; i-- > (n > WINDOW ? n - WINDOW : 0);) {
		const json_t *s = json_array_get(trace, i);
		const char *op = str(s, "op");

		if (n - i <= LAST || !strcmp(op, "kill") || !strcmp(op, "handler"))
			keep[i] = 2;
		else if (is_memory(op) && *str(s, "var"))
			keep[i] = keep[i] > 1 ? keep[i] : 1;
		if (json_is_true(json_object_get(s, "preempted")))
			for (size_t k = i >= AROUND - 1 ? i - (AROUND - 1) : 0;
			     k <= i + AROUND && k < n; k++)
				keep[k] = 2;
	}
	/* what the bug is about: the variable of the last memory step;
	 * every step on it is the last to go */
	{
		const char *bug_var = NULL;

		for (size_t i = n; i-- > 0 && !bug_var;) {
			const json_t *st = json_array_get(trace, i);

			if (is_memory(str(st, "op")) && *str(st, "var"))
				bug_var = str(st, "var");
		}
		int on_var = 0;

		for (size_t i = n; bug_var && on_var < BUG_STEPS &&
				   i-- > (n > WINDOW ? n - WINDOW : 0);) {
			const json_t *st = json_array_get(trace, i);

			if (is_memory(str(st, "op")) && !strcmp(str(st, "var"), bug_var)) {
				keep[i] = 3;
				on_var++;
			}
		}
		if (bug_var)
			stale_read(trace, keep, n, n > WINDOW ? n - WINDOW : 0,
				   bug_var);
	}
	/* noise the story does without */
	for (size_t i = 0; i + 1 < n; i++) {
		const char *op = str(json_array_get(trace, i), "op");

		if (!strcmp(op, "start") || !strcmp(op, "exit"))
			keep[i] = 0;
	}
	overwritten_handlers(trace, keep, n);
	rows = rows_of(trace, keep, n);
	/* over the budget: the earliest "may" rows go first, then the
	 * earliest around preemptions, then the earliest on the bug's
	 * variable, and the stale read last */
	for (int level = 1; level <= 4; level++)
		for (size_t i = 0; i < n && rows > MAX_ROWS; i++)
			if (keep[i] == level) {
				keep[i] = 0;
				rows = rows_of(trace, keep, n);
			}
}

/* Cuts a cell to width, keeping its ":LINE" at the end. */
static void fit(char *cell, int width)
{
	char *at = strrchr(cell, ':');
	size_t len = strlen(cell), tail;

	if ((int)len <= width || width < 8)
		return;
	if (!at || at == cell || at[-1] != ' ') {
		cell[width] = '\0';
		return;
	}
	tail = strlen(at - 1);
	if ((int)tail >= width) {
		cell[width] = '\0';
		return;
	}
	memmove(cell + width - tail, at - 1, tail + 1);
	cell[width - tail - 1] = '~';
}

static void add(json_t *rows, const char *text, int width)
{
	char *cut = strndup(text, (size_t)width);
	size_t n = strlen(cut);

	while (n && cut[n - 1] == ' ')	/* the columns' padding */
		cut[--n] = '\0';

	json_array_append_new(rows, json_string(cut));
	free(cut);
}

json_t *rl_story(const json_t *trace, int nthreads, const char *end,
		 int width)
{
	json_t *rows = json_array();
	size_t n = json_array_size(trace);
	char *keep = calloc(n + 1, 1), line[512], cell[128];
	int lanes = nthreads <= MAX_LANES, col;
	size_t last = (size_t)-1;

	if (!keep)
		return rows;
	if (width < 40)
		width = 40;
	col = lanes ? (width - 6) / (nthreads ? nthreads : 1) : width - 10;
	if (col > 40)
		col = 40;
	choose(trace, keep, n);
	/* the heading: one column per thread */
	snprintf(line, sizeof line, "%-6s", "step");
	for (int t = 1; lanes && t <= nthreads; t++) {
		char name[32];

		rl_story_thread(t, name, sizeof name);
		snprintf(line + strlen(line), sizeof line - strlen(line),
			 "%-*.*s", col, col - 1, name);
	}
	if (!lanes)
		snprintf(line + strlen(line), sizeof line - strlen(line),
			 "thread: what it did");
	add(rows, line, width);
	for (size_t i = 0; i < n; i++) {
		const json_t *s = json_array_get(trace, i);
		int t = (int)num(s, "thread");
		char who[32];

		if (!keep[i])
			continue;
		if (last != (size_t)-1 && i > last + 1)
			add(rows, "  ...", width);
		else if (last == (size_t)-1 && i > 0)
			add(rows, "  ...", width);
		last = i;
		rl_story_step(s, cell, sizeof cell);
		fit(cell, lanes ? col - 1 : width - 10);
		snprintf(line, sizeof line, "%-6ld", num(s, "step"));
		if (lanes && t >= 1 && t <= nthreads) {
			snprintf(line + strlen(line), sizeof line - strlen(line),
				 "%*s%-.*s", (t - 1) * col, "", col - 1, cell);
		} else {
			snprintf(line + strlen(line), sizeof line - strlen(line),
				 "%s: %s", rl_story_thread(t, who, sizeof who), cell);
		}
		add(rows, line, width);
		if (json_is_true(json_object_get(s, "preempted"))) {
			/* in a lane, the caret under the step says whose it
			 * was; in the one lane of many threads, the name does */
			if (lanes)
				snprintf(line, sizeof line, "%*s^ preempted here",
					 6 + (t - 1) * col, "");
			else
				snprintf(line, sizeof line, "%6s^ %s preempted here",
					 "", rl_story_thread(t, who, sizeof who));
			add(rows, line, width);
		}
	}
	if (end && *end) {
		snprintf(line, sizeof line, "=> %s", end);
		/* the end sentence may wrap: it is the point of the story */
		for (const char *p = line; *p;) {
			size_t take = strlen(p);

			if ((int)take > width) {
				take = (size_t)width;
				while (take > 20 && p[take] != ' ')
					take--;
			}
			{
				char *part = strndup(p, take);

				json_array_append_new(rows, json_string(part));
				free(part);
			}
			p += take;
			while (*p == ' ')
				p++;
			if (*p) {
				memmove(line, p, strlen(p) + 1);
				memmove(line + 3, line, strlen(line) + 1);
				memcpy(line, "   ", 3);
				p = line;
			}
		}
	}
	free(keep);
	return rows;
}
