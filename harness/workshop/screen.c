/* screen.c - a check's items and what the terminal shows of them: the
 * progress line on stderr, each item's lines on stdout, and the items as
 * JSON from the slow detectors' process (exercise_int.h).
 */
#define _GNU_SOURCE
#include "exercise_int.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "harness/runner.h"

struct item *ex_add_item(struct check *ck, const char *name, enum state st,
		      const char *fmt, ...)
{
	struct item *it = &ck->items[ck->nitems < MAX_ITEMS - 1 ? ck->nitems++ : ck->nitems];
	va_list ap;

	memset(it, 0, sizeof *it);
	snprintf(it->name, sizeof it->name, "%s", name);
	it->st = st;
	va_start(ap, fmt);
	vsnprintf(it->line[0], sizeof it->line[0], fmt, ap);
	va_end(ap);
	it->nlines = 1;
	return it;
}

void ex_add_detail(struct item *it, const char *text)
{
	if (it->nlines < ITEM_LINES)
		snprintf(it->line[it->nlines++], sizeof it->line[0], "%s", text);
}

/* ---- the progress line: on a terminal, what runs now and for how long,
 * on stderr, redrawn in place; an item's line takes its place */
struct progress_line ex_progress;

void ex_progress_draw(void)
{
	ex_progress.shown = rl_now_s();
	fprintf(stderr, "\r  ....  %s, %.1f s\033[K", ex_progress.what,
		ex_progress.shown - ex_progress.since);
}

static void progress_tick(double elapsed)
{
	(void)elapsed;
	if (ex_progress.what[0] && rl_now_s() - ex_progress.shown >= 0.2)
		ex_progress_draw();
}

/* Says what runs now (its time counted from the first call with these
 * words). */
void ex_progress_set(const struct target *t, const char *fmt, ...)
{
	char what[sizeof ex_progress.what];
	va_list ap;

	if (!ex_progress.on || t->quiet)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (strcmp(what, ex_progress.what)) {
		snprintf(ex_progress.what, sizeof ex_progress.what, "%s", what);
		ex_progress.since = rl_now_s();
	}
	rl_runner_on_tick(progress_tick);
	ex_progress_draw();
}

void ex_progress_clear(void)
{
	if (ex_progress.on && ex_progress.what[0])
		fputs("\r\033[K", stderr);
	ex_progress.what[0] = '\0';
	rl_runner_on_tick(NULL);
}

/* The slow detectors, in a process beside the fast ones: their items are
 * written as JSON to path and read back. */
json_t *ex_items_json(const struct check *ck)
{
	json_t *a = json_array();

	for (int i = 0; i < ck->nitems; i++) {
		const struct item *it = &ck->items[i];
		json_t *lines = json_array();

		for (int k = 0; k < it->nlines; k++)
			json_array_append_new(lines, json_string(it->line[k]));
		json_array_append_new(a, json_pack("{s:s, s:i, s:o}", "name", it->name,
						   "state", it->st, "lines", lines));
	}
	return a;
}

void ex_items_from_json(struct check *ck, json_t *a)
{
	size_t i, k;
	json_t *e, *l;

	json_array_foreach(a, i, e) {
		struct item *it = ex_add_item(ck, json_string_value(json_object_get(e, "name")),
					   (enum state)json_integer_value(json_object_get(e, "state")),
					   "%s", "");

		it->nlines = 0;
		json_array_foreach(json_object_get(e, "lines"), k, l)
			ex_add_detail(it, json_string_value(l) ? json_string_value(l) : "");
	}
}

/* text from column 24, wrapped at 80 columns, its continuation lines
 * indented as its first. */
static void print_wrapped(const char *text)
{
	int indent = (int)strspn(text, " "), col = 24 + indent;
	const char *s = text + indent;

	printf("%*s", indent, "");
	while (*s) {
		size_t n = strcspn(s, " ");

		if (col > 24 + indent && col + 1 + (int)n > 80) {
			printf("\n%*s", 24 + indent + 2, "");
			col = 24 + indent + 2;
		} else if (col > 24 + indent) {
			putchar(' ');
			col++;
		}
		col += printf("%.*s", (int)n, s);
		s += n;
		s += strspn(s, " ");
	}
	putchar('\n');
}

/* What the screen shows of one item. */
void ex_print_item(const struct target *t, const struct item *it)
{
	static const char *const mark[] = { "ok  ", "FAIL", "note" };
	static const char *const paint[] = { "\033[32m", "\033[1;31m", "\033[33m" };

	if (t->quiet)
		return;
	ex_progress_clear();
	printf("  %s%s%s  %-15s ", t->colour ? paint[it->st] : "", mark[it->st],
	       t->colour ? "\033[0m" : "", it->name);
	print_wrapped(it->line[0]);
	for (int k = 1; k < it->nlines; k++) {
		if (it->line[k][0] == '|') {
			printf("  %s\n", it->line[k] + 1);
			continue;
		}
		printf("%24s", "");
		print_wrapped(it->line[k]);
	}
	fflush(stdout);
}
