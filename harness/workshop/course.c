/* course.c - the workshop's course, cases/course.txt, and the
 * participant's progress through it, DIR/progress.json (exercise_int.h).
 */
#define _GNU_SOURCE
#include "exercise_int.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "harness/output.h"
#include "harness/util.h"
#include "harness/words.h"

/* ---- the course */

int ex_course_load(const char *root, struct course *c)
{
	char path[PATH_MAX], line[512], *part = NULL;
	FILE *f;
	int lineno = 0;

	memset(c, 0, sizeof *c);
	snprintf(path, sizeof path, "%s/cases/course.txt", root);
	if (!(f = fopen(path, "r")))
		return rl_refuse("cannot read the course, %s (%s).", path,
			      strerror(errno));
	while (fgets(line, sizeof line, f)) {
		char *s = line;

		lineno++;
		s[strcspn(s, "\r\n")] = '\0';
		while (isspace((unsigned char)*s))
			s++;
		if (!strncmp(s, "## ", 3)) {
			part = rl_xstrdup(s + 3);
			continue;
		}
		if (!*s || *s == '#')
			continue;
		if (strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(s)) {
			fclose(f);
			return rl_refuse("%s:%d: `%s` is not a case name.", path, lineno, s);
		}
		if (c->n == MAX_COURSE)
			break;
		c->names[c->n] = rl_xstrdup(s);
		c->lines[c->n] = lineno;
		c->parts[c->n++] = part ? part : "";
	}
	fclose(f);
	if (!c->n)
		return rl_refuse("the course, %s, names no exercise.", path);
	return 0;
}

/* Is the i-th exercise a case with a fix? Else one sentence, and 2. */
int ex_course_check(const char *root, const struct course *c, int i)
{
	char src[PATH_MAX], fix[PATH_MAX];
	struct stat st;

	snprintf(src, sizeof src, "%s/cases/%s.c", root, c->names[i]);
	snprintf(fix, sizeof fix, "%s/fixed/%s.c", root, c->names[i]);
	if (stat(src, &st) == 0 && stat(fix, &st) == 0)
		return 0;
	return rl_refuse("%s/cases/course.txt:%d names `%s`, which is not a case with a fix (cases/%s.c and fixed/%s.c).",
		      root, c->lines[i], c->names[i], c->names[i], c->names[i]);
}

int ex_course_index(const struct course *c, const char *name)
{
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->names[i], name))
			return i;
	return -1;
}

int ex_unknown_exercise(const struct course *c, const char *name)
{
	const char *near = rl_closest(name, (const char *const *)c->names);

	if (near)
		return rl_refuse("there is no exercise `%s`: did you mean `%s`?",
			      name, near);
	return rl_refuse("there is no exercise `%s`: `./racelab exercise list` shows the course.",
		      name);
}

/* ---- progress: DIR/progress.json */

static char *progress_path(const struct options *o)
{
	char *p;

	if (asprintf(&p, "%s/progress.json", o->dir) < 0)
		abort();
	return p;
}

json_t *ex_progress_load(const struct options *o)
{
	char *path = progress_path(o);
	json_error_t err;
	json_t *p = json_load_file(path, 0, &err);

	if (!p || !json_is_object(p) ||
	    !json_is_object(json_object_get(p, "exercises"))) {
		json_decref(p);
		p = json_pack("{s:i, s:{}}", "version", 1, "exercises");
	}
	free(path);
	return p;
}

json_t *ex_progress_of(json_t *p, const char *name)
{
	json_t *all = json_object_get(p, "exercises");
	json_t *e = json_object_get(all, name);

	if (!json_is_object(e)) {
		e = json_pack("{s:s, s:i, s:i}", "status", "not started",
			      "hints", 0, "checks", 0);
		json_object_set_new(all, name, e);
	}
	return e;
}

const char *ex_status_of(json_t *p, const char *name)
{
	json_t *e = json_object_get(json_object_get(p, "exercises"), name);
	const char *s = json_string_value(json_object_get(e, "status"));

	return s ? s : "not started";
}

int ex_int_of(json_t *e, const char *key)
{
	return (int)json_integer_value(json_object_get(e, key));
}

void ex_now_text(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
}

/* The first unsolved exercise after the after-th (-1: from the start),
 * going round the course; -1 when all are solved. */
int ex_next_unsolved(json_t *p, const struct course *c, int after)
{
	for (int k = 1; k <= c->n; k++) {
		int i = (after + k + c->n) % c->n;

		if (strcmp(ex_status_of(p, c->names[i]), "solved"))
			return i;
	}
	return -1;
}

/* "Next: ./racelab exercise start NAME" (check, once started), or that
 * the course is done, in the words given. */
void ex_print_next(json_t *p, const struct course *c, int next,
		const char *done)
{
	if (next >= 0)
		printf("Next: ./racelab exercise %s %s\n",
		       strcmp(ex_status_of(p, c->names[next]), "not started") ? "check" : "start",
		       c->names[next]);
	else
		printf("%s\n", done);
}

/* Written whole to a fresh file (output.h), then renamed over the old
 * one: never through a link, never half written. */
int ex_progress_save(const struct options *o, json_t *p)
{
	char *path = progress_path(o), *tmp;
	FILE *f;
	int rc = -1;

	if (asprintf(&tmp, "%s.new", path) < 0)
		abort();
	if ((f = rl_output_open(tmp)))
		rc = ((json_dumpf(p, f, JSON_INDENT(2) | JSON_SORT_KEYS) != 0) +
		      (fclose(f) != 0)) ? -1 : 0;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1;
	if (rc)
		fprintf(stderr, "racelab: cannot save the progress in %s (%s).\n",
			path, strerror(errno));
	free(tmp);
	free(path);
	return rc;
}
