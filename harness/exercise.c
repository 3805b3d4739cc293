/* exercise.c - see exercise.h. */
#define _GNU_SOURCE
#include "exercise.h"

#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <jansson.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "build.h"
#include "contract.h"
#include "jobs.h"
#include "detector.h"
#include "match.h"
#include "output.h"
#include "session.h"
#include "util.h"
#include "words.h"
#include "workshop/judge.h"
#include "workshop/work.h"

#define MAX_COURSE 256
#define MAX_ITEMS 16
/* explore's part of a check: up to this many schedules, on every core,
 * for at most this long (a solved check's explore costs about that) */
#define EXPLORE_SCHEDULES 1000
#define EXPLORE_SECONDS 1.0
#define ITEM_LINES 30
#define DEFAULT_RUNS 3
#define PROBE_FIELDS 4
#define WORK_TIMEOUT_S 30	/* the work run (workshop/work.h), the copy's and the reference's */

const char rl_exercise_usage[] =
	"./racelab exercise list [--dir DIR]\n"
	"./racelab exercise start|hint|reset NAME [--dir DIR]\n"
	"./racelab exercise check|watch NAME [--all] [--runs N] [--dir DIR]\n"
	"./racelab exercise solution NAME [--give-up] [--dir DIR]\n"
	"./racelab exercise verify [NAME...]\n"
	"    The workshop. start copies a broken program of the course into\n"
	"    DIR (default: workshop/ in the workspace) without its answers;\n"
	"    check builds your copy and runs it under every detector (--runs N\n"
	"    of each fast one, default 3) and says what is still wrong: it stops\n"
	"    at the first failing line (--all: every detector all the same);\n"
	"    watch checks again on every save; hint gives the next hint; solution\n"
	"    shows the reference fix once solved; reset starts again; list\n"
	"    shows the course and your progress. verify proves each exercise\n"
	"    unsolved as shipped and solved by its reference fixes. Status: 0\n"
	"    done (check: solved), 1 not solved, 2 it could not run.\n";

/* ---- the command line */

struct options {
	const char *sub;
	const char *names[MAX_COURSE];
	int nnames;
	const char *dir;	/* the working folder */
	const char *dir_arg;	/* --dir as typed, or NULL */
	const char *root;	/* the workspace: cases/, fixed/, harness/ */
	int runs, runs_given, give_up;
	int all;	/* check, watch: every detector, past the first failure */
};

static const char *const SUBS[] = { "list", "start", "check", "watch", "hint",
				    "solution", "reset", "verify", NULL };

/* ---- the course */

struct course {
	char *names[MAX_COURSE];
	char *parts[MAX_COURSE];	/* the part each one is in */
	int lines[MAX_COURSE];		/* where course.txt names it */
	int n;
};

static int course_load(const char *root, struct course *c)
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
static int course_check(const char *root, const struct course *c, int i)
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

static int course_index(const struct course *c, const char *name)
{
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->names[i], name))
			return i;
	return -1;
}

static int unknown_exercise(const struct course *c, const char *name)
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

static json_t *progress_load(const struct options *o)
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

static json_t *progress_of(json_t *p, const char *name)
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

static const char *status_of(json_t *p, const char *name)
{
	json_t *e = json_object_get(json_object_get(p, "exercises"), name);
	const char *s = json_string_value(json_object_get(e, "status"));

	return s ? s : "not started";
}

static int int_of(json_t *e, const char *key)
{
	return (int)json_integer_value(json_object_get(e, key));
}

static void now_text(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
}

/* The first unsolved exercise after the after-th (-1: from the start),
 * going round the course; -1 when all are solved. */
static int next_unsolved(json_t *p, const struct course *c, int after)
{
	for (int k = 1; k <= c->n; k++) {
		int i = (after + k + c->n) % c->n;

		if (strcmp(status_of(p, c->names[i]), "solved"))
			return i;
	}
	return -1;
}

/* "Next: ./racelab exercise start NAME" (check, once started), or that
 * the course is done, in the words given. */
static void print_next(json_t *p, const struct course *c, int next,
		       const char *done)
{
	if (next >= 0)
		printf("Next: ./racelab exercise %s %s\n",
		       strcmp(status_of(p, c->names[next]), "not started") ? "check" : "start",
		       c->names[next]);
	else
		printf("%s\n", done);
}

/* Written whole to a fresh file (output.h), then renamed over the old
 * one: never through a link, never half written. */
static int progress_save(const struct options *o, json_t *p)
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

/* ---- the participant's copy */

/* What each forcing call of racelab.h is for, said in the copy and when
 * one is missing. */
static const struct {
	const char *name, *purpose;
	int required;	/* the check cannot judge without it */
} RL_CALLS[] = {
	{ "rl_window_init", "says how many workers rl_window() waits for", 1 },
	{ "rl_window", "holds the race window open until every worker is in it, so the bug shows every run", 1 },
	{ "rl_worker_done", "tells rl_window() this worker will not come again", 1 },
	{ "rl_event_wait", "waits until another thread has got somewhere, forcing the order the bug needs", 1 },
	{ "rl_event_post", "tells the thread waiting in rl_event_wait() to go on", 1 },
	{ "rl_symptom", "is the program's own check: it reports a wrong result", 1 },
	{ "rl_marks_progress", "tells racelab's oracle this program counts its progress", 1 },
	{ "rl_progress", "counts a unit of useful work, for racelab's livelock check", 1 },
	{ "rl_lock", "is pthread_mutex_lock() that also tells racelab's oracle the thread waits; plain pthread_mutex_lock() works too", 0 },
	{ "rl_cond_wait", "is pthread_cond_wait() that also tells racelab's oracle the thread waits; plain pthread_cond_wait() works too", 0 },
	{ "rl_sem_wait", "is sem_wait() that also tells racelab's oracle the thread waits; plain sem_wait() works too", 0 },
	{ "rl_rdlock", "is pthread_rwlock_rdlock() that also tells racelab's oracle the thread waits", 0 },
	{ "rl_wrlock", "is pthread_rwlock_wrlock() that also tells racelab's oracle the thread waits", 0 },
	{ "rl_barrier_wait", "is pthread_barrier_wait() that also tells racelab's oracle the thread waits", 0 },
	{ "rl_join", "is pthread_join() that also tells racelab's oracle the thread waits", 0 },
	{ "rl_thread_name", "names the thread in racelab's reports", 0 },
};
#define NCALLS (sizeof RL_CALLS / sizeof RL_CALLS[0])

/* A copy of text with its comments blanked (newlines kept, so lines
 * keep their numbers); string and character literals stay. */
static char *without_comments(const char *text)
{
	char *out = rl_xstrdup(text), *s = out;

	while (*s) {
		if (*s == '"' || *s == '\'') {
			char q = *s++;

			while (*s && *s != q && *s != '\n') {
				if (*s == '\\' && s[1])
					s++;
				s++;
			}
			if (*s == q)
				s++;
		} else if (s[0] == '/' && s[1] == '*') {
			char *end = strstr(s + 2, "*/");
			char *stop = end ? end + 2 : s + strlen(s);

			for (; s < stop; s++)
				if (*s != '\n')
					*s = ' ';
		} else if (s[0] == '/' && s[1] == '/') {
			while (*s && *s != '\n')
				*s++ = ' ';
		} else {
			s++;
		}
	}
	return out;
}

/* Calls each identifier of code (comment-free) with its line. */
static void each_identifier(const char *code,
			    void (*fn)(const char *id, size_t len,
				       const char *after, int line, void *),
			    void *arg)
{
	int line = 1;

	for (const char *s = code; *s;) {
		if (*s == '\n') {
			line++;
			s++;
		} else if (isalpha((unsigned char)*s) || *s == '_') {
			const char *start = s;

			while (isalnum((unsigned char)*s) || *s == '_')
				s++;
			if (start == code || !(isalnum((unsigned char)start[-1])))
				fn(start, (size_t)(s - start), s, line, arg);
		} else {
			s++;
		}
	}
}

struct uses {
	int used[NCALLS];
};

static void note_use(const char *id, size_t len, const char *after, int line,
		     void *arg)
{
	struct uses *u = arg;

	(void)after;
	(void)line;
	for (size_t k = 0; k < NCALLS; k++)
		if (strlen(RL_CALLS[k].name) == len &&
		    !strncmp(id, RL_CALLS[k].name, len))
			u->used[k] = 1;
}

static void uses_of(const char *text, struct uses *u)
{
	char *code = without_comments(text);

	memset(u, 0, sizeof *u);
	each_identifier(code, note_use, u);
	free(code);
}

/* The functions a program defines, from its comment-free text: for each,
 * which of racelab.h's calls it makes, itself or through the functions
 * of the file it calls. A definition is a name, its parameters in
 * parentheses, and a body in braces at the file's top level. */
#define MAX_FUNCS 128
struct funcs {
	int n;
	struct {
		char name[64];
		size_t start, end;	/* the body, braces included */
		struct uses calls;	/* made in its body, or through a callee */
		unsigned char called[MAX_FUNCS];	/* the file's functions it names */
	} f[MAX_FUNCS];
};

static int func_index(const struct funcs *fs, const char *id, size_t len)
{
	for (int i = 0; i < fs->n; i++)
		if (strlen(fs->f[i].name) == len && !strncmp(fs->f[i].name, id, len))
			return i;
	return -1;
}

struct callees {
	const struct funcs *fs;
	unsigned char *called;
};

static void note_callee(const char *id, size_t len, const char *after,
			int line, void *arg)
{
	struct callees *c = arg;
	int i = func_index(c->fs, id, len);

	(void)after;
	(void)line;
	if (i >= 0)
		c->called[i] = 1;
}

static void functions_of(const char *code, struct funcs *fs)
{
	size_t n = strlen(code), name_at = 0, name_len = 0;
	int depth = 0, changed = 1;
	char last = 0;	/* the last character outside blanks at depth 0 */

	fs->n = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = code[i];

		if (ch == '"' || ch == '\'') {	/* a literal: skipped whole */
			for (i++; i < n && code[i] != ch && code[i] != '\n'; i++)
				if (code[i] == '\\' && i + 1 < n)
					i++;
			last = ch;
			continue;
		}
		if (ch == '{') {
			if (depth++ == 0 && last == ')' && name_len &&
			    name_len < sizeof fs->f[0].name && fs->n < MAX_FUNCS) {
				memcpy(fs->f[fs->n].name, code + name_at, name_len);
				fs->f[fs->n].name[name_len] = '\0';
				fs->f[fs->n].start = i;
				fs->f[fs->n].end = n;
				fs->n++;
			}
		} else if (ch == '}') {
			if (depth > 0 && --depth == 0) {
				if (fs->n && fs->f[fs->n - 1].end == n)
					fs->f[fs->n - 1].end = i + 1;
				name_len = 0;
				last = '}';
			}
		} else if (depth == 0 && (isalpha((unsigned char)ch) || ch == '_')) {
			size_t at = i;

			while (i + 1 < n && (isalnum((unsigned char)code[i + 1]) || code[i + 1] == '_'))
				i++;
			/* a name followed by its parameters */
			for (size_t j = i + 1; j < n; j++)
				if (code[j] == '(') {
					name_at = at;
					name_len = i + 1 - at;
					break;
				} else if (!isspace((unsigned char)code[j])) {
					break;
				}
			last = 'a';
		} else if (depth == 0 && !isspace((unsigned char)ch)) {
			last = ch;
		}
	}
	for (int k = 0; k < fs->n; k++) {
		char *body = strndup(code + fs->f[k].start, fs->f[k].end - fs->f[k].start);

		if (!body)
			abort();
		struct callees callees = { fs, fs->f[k].called };

		memset(&fs->f[k].calls, 0, sizeof fs->f[k].calls);
		each_identifier(body, note_use, &fs->f[k].calls);
		memset(fs->f[k].called, 0, sizeof fs->f[k].called);
		each_identifier(body, note_callee, &callees);
		free(body);
	}
	while (changed) {	/* through the callees, to a fixed point */
		changed = 0;
		for (int k = 0; k < fs->n; k++)
			for (int j = 0; j < fs->n; j++)
				for (size_t c = 0; fs->f[k].called[j] && c < NCALLS; c++)
					if (fs->f[j].calls.used[c] && !fs->f[k].calls.used[c]) {
						fs->f[k].calls.used[c] = 1;
						changed = 1;
					}
	}
}

/* Does the function of that name in fs make call c (NULL: there is no
 * such function)? */
static const int *reaches(const struct funcs *fs, const char *name, size_t c)
{
	int i = func_index(fs, name, strlen(name));

	return i < 0 ? NULL : &fs->f[i].calls.used[c];
}

/* Does the function named so make call c in the program of fs, and in
 * every reference fix (fixes[], read into theirs[])? */
static int made_everywhere(const struct funcs *fs, const struct funcs *theirs,
			   int nfixes, const char *name, size_t c)
{
	const int *r = reaches(fs, name, c);

	if (!r || !*r || !nfixes)
		return 0;
	for (int x = 0; x < nfixes; x++)
		if (!(r = reaches(&theirs[x], name, c)) || !*r)
			return 0;
	return 1;
}

/* A required call of racelab.h that a function of the copy no longer
 * makes, where the exercise's program and every reference fix make it in
 * the function of that name: the forcing is per thread (rl_window()
 * waits for every worker), so a call kept elsewhere in the file does not
 * stand for it. A function that lost it only because it no longer calls
 * a function that still makes it (the work deleted, not the forcing), or
 * because a callee so required lost it (that one is named), is not the
 * one named. Writes the function's name into where, and returns the
 * call's index, or -1. */
static int gone_from_function(const struct rl_contract *fixes, int nfixes,
			      const char *copy, const char *orig, char *where,
			      size_t wlen)
{
	static struct funcs mine, before, theirs[8];
	char *code;

	if (nfixes > 8)
		nfixes = 8;
	code = without_comments(copy);
	functions_of(code, &mine);
	free(code);
	code = without_comments(orig);
	functions_of(code, &before);
	free(code);
	for (int x = 0; x < nfixes; x++) {
		size_t len;
		char *text = rl_read_file(fixes[x].path, &len);

		code = without_comments(text ? text : "");
		free(text);
		functions_of(code, &theirs[x]);
		free(code);
	}
	for (size_t c = 0; c < NCALLS; c++) {
		if (!RL_CALLS[c].required)
			continue;
		for (int k = 0; k < before.n; k++) {
			const char *name = before.f[k].name;
			int m = func_index(&mine, name, strlen(name)), excused = 0;

			if (m < 0 || mine.f[m].calls.used[c] ||
			    !made_everywhere(&before, theirs, nfixes, name, c))
				continue;
			for (int j = 0; j < before.n && !excused; j++) {
				const char *callee = before.f[j].name;
				int g = func_index(&mine, callee, strlen(callee));

				if (!before.f[k].called[j] || g < 0 || g == m)
					continue;
				/* the call to a function that still makes it,
				 * dropped; or a required callee that lost it */
				excused = mine.f[g].calls.used[c] ? !mine.f[m].called[g] :
					  made_everywhere(&before, theirs, nfixes, callee, c);
			}
			if (!excused) {
				snprintf(where, wlen, "%s", name);
				return (int)c;
			}
		}
	}
	return -1;
}

/* The program after its header comment, with its marks taken out, or
 * NULL when it has no racelab header (a case's or a fix's). */
static char *body_of(const char *text)
{
	const char *end;
	char *body, *mark;

	if ((strncmp(text, "/* racelab case:", 16) &&
	     strncmp(text, "/* racelab fix:", 15)) ||
	    !(end = strstr(text, "*/")))
		return NULL;
	end += 2;
	if (*end == '\n')
		end++;
	body = rl_xstrdup(end);
	/* each "racelab:mark NAME" comment at a line's end, and its blanks */
	while ((mark = strstr(body, "/* racelab:mark"))) {
		char *close = strstr(mark, "*/"), *from = mark;

		if (!close)
			break;
		while (from > body && (from[-1] == ' ' || from[-1] == '\t'))
			from--;
		memmove(from, close + 2, strlen(close + 2) + 1);
	}
	return body;
}

/* " * FIRST text", wrapped at 76 columns into comment lines. */
static void comment_wrap(FILE *f, const char *first, const char *text)
{
	int col = fprintf(f, " * %s", first);
	const char *s = text;

	while (*s) {
		size_t n = strcspn(s, " \n");

		if (col + 1 + (int)n > 76) {
			col = fprintf(f, "\n *   ");
		} else {
			fputc(' ', f);
			col++;
		}
		col += fprintf(f, "%.*s", (int)n, s);
		s += n;
		while (*s == ' ' || *s == '\n')
			s++;
	}
	fputc('\n', f);
}

/* text cut at its last ", " that fits in width (or at width) */
static void clip_list(const char *text, int width, char *buf, size_t len)
{
	int n = (int)strlen(text);

	if (n > width) {
		n = width;
		while (n > 0 && strncmp(text + n, ", ", 2))
			n--;
		if (n == 0)
			n = width;
	}
	snprintf(buf, len, "%.*s", n, text);
}

/* Writes the participant's copy of program `from` (the broken program,
 * or a reference fix for verify) to path. */
static int write_copy(const struct options *o, const struct course *c,
		      int idx, const char *from, const char *path)
{
	const char *name = c->names[idx];
	struct rl_contract k;
	char err[512], *text, *body;
	size_t len;
	struct uses u;
	FILE *f;

	if (!(text = rl_read_file(from, &len)))
		return rl_refuse("cannot read %s.", from);
	if (rl_contract_load(from, &k, err, sizeof err) != 0 ||
	    !(body = body_of(text))) {
		free(text);
		return rl_refuse("%s has no racelab header: %s", from, err);
	}
	uses_of(body, &u);
	if (!(f = rl_output_open(path))) {
		rl_contract_free(&k);
		free(body);
		free(text);
		return rl_refuse("cannot write %s (%s).", path, strerror(errno));
	}
	fprintf(f, "/* racelab exercise %d of %d: %s\n *\n", idx + 1, c->n, name);
	if (k.symptom)
		comment_wrap(f, "What goes wrong:", k.symptom);
	fputs(" * Your task: change the program so that it is right every run,\n"
	      " * with its threads still doing their work at the same time.\n", f);
	if (k.concepts)
		comment_wrap(f, "It teaches:", k.concepts);
	fprintf(f, " *\n * Check it:  ./racelab exercise check %s%s%s\n"
		" * A hint:    ./racelab exercise hint %s%s%s\n *\n",
		name, o->dir_arg ? " --dir " : "", o->dir_arg ? o->dir_arg : "",
		name, o->dir_arg ? " --dir " : "", o->dir_arg ? o->dir_arg : "");
	fputs(" * From racelab.h (keep the first kind: the check needs them):\n", f);
	for (size_t n = 0; n < NCALLS; n++)
		if (u.used[n]) {
			char first[64];

			snprintf(first, sizeof first, "%s %s()", RL_CALLS[n].required ? "-" : "~",
				 RL_CALLS[n].name);
			comment_wrap(f, first, RL_CALLS[n].purpose);
		}
	fputs(" * - RL_CHECK(call): stops the program when a pthread call fails.\n */\n", f);
	fputs(body, f);
	rl_contract_free(&k);
	free(body);
	free(text);
	if (fclose(f) != 0)
		return rl_refuse("cannot write %s (%s).", path, strerror(errno));
	return 0;
}

/* ---- reading the participant's source for tricks */

struct scan {
	char why[512];	/* the first trick found, "" when none */
	const char *head;	/* what it does, in the rules line */
};

static int is_prefix(const char *id, size_t len, const char *p)
{
	return len >= strlen(p) && !strncmp(id, p, strlen(p));
}

static int is_word(const char *id, size_t len, const char *w)
{
	return len == strlen(w) && !strncmp(id, w, len);
}

static void look_for_tricks(const char *id, size_t len, const char *after,
			    int line, void *arg)
{
	struct scan *s = arg;
	const char *what = NULL;

	if (s->why[0])
		return;
	if (is_word(id, len, "__SANITIZE_THREAD__") ||
	    is_word(id, len, "thread_sanitizer"))
		what = "asks whether ThreadSanitizer is on, so the program TSan sees is not the one that runs";
	else if (is_prefix(id, len, "no_sanitize") ||
		 is_word(id, len, "disable_sanitizer_instrumentation"))
		what = "turns ThreadSanitizer off for a function";
	else if (is_word(id, len, "NO_THREAD_SAFETY_ANALYSIS") ||
		 is_word(id, len, "no_thread_safety_analysis") ||
		 is_word(id, len, "ABSL_NO_THREAD_SAFETY_ANALYSIS"))
		what = "turns clang's thread-safety analysis off for a function";
	else if (is_prefix(id, len, "__tsan_"))
		what = "calls or defines ThreadSanitizer's own interface, which changes what it reports";
	else if (is_word(id, len, "TSAN_OPTIONS") || is_word(id, len, "VALGRIND_OPTS") ||
		 is_word(id, len, "LD_PRELOAD") || is_word(id, len, "suppressions"))
		what = "sets a tool's options or suppressions from the program";
	else if ((is_word(id, len, "valgrind") && *after == '/') ||
		 is_prefix(id, len, "VALGRIND_") || is_prefix(id, len, "ANNOTATE_") ||
		 is_prefix(id, len, "DRD_") || is_prefix(id, len, "HG_"))
		what = "uses Valgrind's client requests, which tell Helgrind and DRD what to believe";
	else if ((is_prefix(id, len, "rl_") || is_prefix(id, len, "RL_")) &&
		 id[len - 1] == '_' && !is_word(id, len, "rl_check_"))
		what = "uses racelab.h's internals, which hide code from the tools";
	if (what)
		snprintf(s->why, sizeof s->why, "line %d: `%.*s` %s", line,
			 (int)len, id, what);
}

/* The copy's preprocessor lines that would change what racelab judges:
 * a racelab.h name defined or undefined (rl_symptom made a no-op), or a
 * header of the participant's own included in racelab.h's place (by
 * another name, a path, or a macro). Writes the first into why. */
static void look_at_directives(const char *code, char *why, size_t len)
{
	int line = 1;

	for (const char *s = code; *s && !why[0]; line++) {
		const char *end = strchr(s, '\n'), *p = s, *w;
		size_t n;

		if (!end)
			end = s + strlen(s);
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p < end && *p == '#') {
			for (p++; p < end && (*p == ' ' || *p == '\t'); p++)
				;
			for (w = p; p < end && isalpha((unsigned char)*p); p++)
				;
			n = (size_t)(p - w);
			while (p < end && (*p == ' ' || *p == '\t'))
				p++;
			if ((n == 6 && !strncmp(w, "define", 6)) ||
			    (n == 5 && !strncmp(w, "undef", 5))) {
				if (end - p > 3 && (!strncmp(p, "rl_", 3) || !strncmp(p, "RL_", 3))) {
					const char *q = p;

					while (q < end && (isalnum((unsigned char)*q) || *q == '_'))
						q++;
					snprintf(why, len, "line %d: `#%.*s %.*s` changes racelab.h's own %.*s, which the check relies on",
						 line, (int)n, w, (int)(q - p), p, (int)(q - p), p);
				}
			} else if (n == 7 && !strncmp(w, "include", 7) && *p != '<') {
				const char *q = p + 1, *close = *p == '"' ? memchr(q, '"', (size_t)(end - q)) : NULL;

				if (!close || !((close - q == 9 && !strncmp(q, "racelab.h", 9)) ||
						(close - q == 13 && !strncmp(q, "racelab_shm.h", 13)) ||
						(close - q == 15 && !strncmp(q, "thread_safety.h", 15))))
					snprintf(why, len, "line %d: `#include %.*s` brings in a header of your own, where the check compiles racelab's alone: only \"racelab.h\", \"thread_safety.h\" and <system headers>",
						 line, (int)(end - p), p);
			}
		}
		s = *end ? end + 1 : end;
	}
}

/* ---- checking a copy */

enum state { ST_OK, ST_FAIL, ST_NOTE };

struct item {
	char name[32];
	enum state st;
	/* the first is the verdict; then details; a detail that starts
	 * with '|' is printed as it is, from column 2 (explore's story) */
	char line[ITEM_LINES][400];
	int nlines;
	int located;	/* a detail names a line of the copy, or a story */
};

struct check {
	struct item items[MAX_ITEMS];
	int nitems;
	int compiled;
	int hang_shown;		/* a hang's threads are on screen already */
	int slow_started;	/* Helgrind and DRD began */
	int slow_stopped;	/* and were stopped at a failure */
	double build_s, fast_s, slow_s, total_s;
};

struct probe {
	int ok;
	int v[PROBE_FIELDS];	/* created, most out at once (created, not yet joined), forks, sleeps */
};

static struct item *add_item(struct check *ck, const char *name, enum state st,
			     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static struct item *add_item(struct check *ck, const char *name, enum state st,
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

static void add_detail(struct item *it, const char *text)
{
	if (it->nlines < ITEM_LINES)
		snprintf(it->line[it->nlines++], sizeof it->line[0], "%s", text);
}

struct target {
	const struct options *o;
	const struct course *c;
	int idx;
	const char *name;
	const char *copy;	/* the participant's file, absolute */
	char state[PATH_MAX];	/* DIR/.racelab/NAME or a verify folder */
	char stem[PATH_MAX + 64];
	char include[PATH_MAX];
	char cflags[PATH_MAX + 8];
	struct rl_contract broken, fixed;
	struct rl_contract fixes[8];	/* fixed/NAME.c and each NAME.ALT.c */
	int nfixes;
	int colour, quiet;
	int stop_at_fail;	/* one failure is enough: a check without --all, or
				 * verify of an untouched copy */
	int slow_after;	/* Helgrind and DRD after the rest, not beside (verify) */
};

/* ---- the progress line: on a terminal, what runs now and for how long,
 * on stderr, redrawn in place; an item's line takes its place */
static struct {
	int on;
	char what[120];
	double since, shown;
} progress;

static void progress_draw(void)
{
	progress.shown = rl_now_s();
	fprintf(stderr, "\r  ....  %s, %.1f s\033[K", progress.what,
		progress.shown - progress.since);
}

static void progress_tick(double elapsed)
{
	(void)elapsed;
	if (progress.what[0] && rl_now_s() - progress.shown >= 0.2)
		progress_draw();
}

/* Says what runs now (its time counted from the first call with these
 * words). */
static void progress_set(const struct target *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void progress_set(const struct target *t, const char *fmt, ...)
{
	char what[sizeof progress.what];
	va_list ap;

	if (!progress.on || t->quiet)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (strcmp(what, progress.what)) {
		snprintf(progress.what, sizeof progress.what, "%s", what);
		progress.since = rl_now_s();
	}
	rl_runner_on_tick(progress_tick);
	progress_draw();
}

static void progress_clear(void)
{
	if (progress.on && progress.what[0])
		fputs("\r\033[K", stderr);
	progress.what[0] = '\0';
	rl_runner_on_tick(NULL);
}

static double since(double t0)
{
	return rl_now_s() - t0;
}

/* Builds probe.so once, into DIR/.racelab, from harness/workshop. */
static int probe_build(const struct target *t, char *so, size_t len,
		       char *err, size_t errlen)
{
	char src[PATH_MAX], log[PATH_MAX + 32];
	struct stat a, b;
	struct rl_spawn s = { 0 };
	struct rl_outcome out;
	int rc = -1;

	snprintf(src, sizeof src, "%s/harness/workshop/probe.c", t->o->root);
	snprintf(so, len, "%s/../probe.so", t->state);
	if (stat(src, &a) != 0) {
		snprintf(err, errlen, "racelab's probe, %s, is missing", src);
		return -1;
	}
	if (stat(so, &b) == 0 && b.st_mtime >= a.st_mtime)
		return 0;
	snprintf(log, sizeof log, "%s.log", so);
	rl_spawn_arg(&s, "clang");
	rl_spawn_arg(&s, "-shared");
	rl_spawn_arg(&s, "-fPIC");
	rl_spawn_arg(&s, "-O1");
	rl_spawn_arg(&s, "-o");
	rl_spawn_arg(&s, "%s", so);
	rl_spawn_arg(&s, "%s", src);
	rl_spawn_arg(&s, "-ldl");
	s.stdout_path = log;
	s.stderr_path = log;
	s.timeout_s = 60;
	s.term_grace_s = 1;
	s.max_output_bytes = 1 << 20;
	if (rl_run(&s, &out) == 0 && out.how == RL_EXITED && out.exit_code == 0)
		rc = 0;
	else
		snprintf(err, errlen, "racelab's probe did not build (see %s)", log);
	rl_spawn_free(&s);
	return rc;
}

static void probe_read(const char *path, struct probe *p)
{
	size_t len;
	char *text = rl_read_file(path, &len);

	memset(p, 0, sizeof *p);
	if (text && sscanf(text, "%d %d %d %d", &p->v[0], &p->v[1], &p->v[2],
			   &p->v[3]) == PROBE_FIELDS)
		p->ok = 1;
	free(text);
}

/* The line of a finding to show: the first stacks in the copy's own
 * code, normalised, else the tool's headline. */
static void finding_lines(const struct target *t, const struct rl_finding *f,
			  struct item *it)
{
	char dir[PATH_MAX], line[400], *slash;
	const char *dirs[1] = { dir };
	int shown = 0;

	snprintf(dir, sizeof dir, "%s", t->copy);
	if ((slash = strrchr(dir, '/')))
		*slash = '\0';
	for (size_t s = 0; s < f->nstacks && shown < 2; s++) {
		const struct rl_frame *fr =
			rl_match_frame(&f->stacks[s], dirs, 1);
		char text[360];

		if (!fr || f->stacks[s].role == RL_ROLE_THREAD ||
		    f->stacks[s].role == RL_ROLE_ALLOC)
			continue;
		if (f->stacks[s].label && strstr(f->stacks[s].label, " (it waits in")) {
			/* the oracle's: where it waits is said after @ */
			struct rl_stack st = f->stacks[s];
			char label[300];

			snprintf(label, sizeof label, "%.*s",
				 (int)(strstr(st.label, " (it waits in") - st.label), st.label);
			st.label = label;
			rl_stack_text(&st, fr, text, sizeof text);
		} else {
			rl_stack_text(&f->stacks[s], fr, text, sizeof text);
		}
		snprintf(line, sizeof line, "  %s", text);
		add_detail(it, line);
		it->located = 1;
		shown++;
	}
	if (!shown && f->headline) {
		snprintf(line, sizeof line, "  %s", f->headline);
		add_detail(it, line);
	}
}

/* explore's story of the schedule that breaks the copy, a row a line,
 * at the copy's own lines; and how to see it again. */
static void story_lines(const struct rl_finding *f, struct item *it)
{
	char line[400];

	if (!f->story)
		return;
	it->located = 1;
	add_detail(it, "  explore's schedule that breaks it (forcing off):");
	for (const char *p = f->story; *p;) {
		size_t n = strcspn(p, "\n");

		snprintf(line, sizeof line, "|%.*s", (int)n, p);
		add_detail(it, line);
		p += n + (p[n] == '\n');
	}
	if (f->schedule_file) {
		snprintf(line, sizeof line, "  again: ./racelab replay %s",
			 f->schedule_file);
		add_detail(it, line);
	}
}

/* Is a finding of category cat under d a known false positive: one that
 * a reference fix of this exercise (fixed/NAME.c or an alternative, such
 * as the one with C11 atomics) declares in its contract? */
static int allowed(const struct target *t, const struct rl_detector *d, int cat)
{
	for (int k = 0; k < t->nfixes; k++) {
		const struct rl_expect *e = rl_contract_expect(&t->fixes[k], d->name, 1);

		if (e && e->kind == RL_EXPECT_CLEAN && e->category >= 0 &&
		    e->category == cat)
			return 1;
	}
	return 0;
}

/* Runs the copy under d `runs` times and sums it up as one item. */
/* Returns 0, or 1 when a run did not finish by itself (hung, or could
 * not be judged), 2 when one reached its time limit: then other
 * detectors would only wait as long again, or longer; CERTAIN when the
 * liveness oracle stopped a run on a finding of its own (a deadlock, a
 * livelock): certain, and every other detector's run would only end the
 * same way, later (Helgrind's after its slower window). */
enum { CERTAIN = 3 };
static int run_detector(struct target *t, const struct rl_detector *d,
			int runs, struct check *ck, struct probe *probed)
{
	struct rl_program prog = {
		.name = t->name, .variant = "exercise", .source = t->copy,
		.suffix = t->copy, .stem = t->stem, .cflags = t->cflags,
		.raw_dir = t->state,
		.fairness = {
			t->fixed.max_wait_ms ? t->fixed.max_wait_ms : t->broken.max_wait_ms,
			t->fixed.min_jain ? t->fixed.min_jain : t->broken.min_jain,
		},
	};
	const struct rl_expect *blind = rl_contract_expect(&t->broken, d->name, 0);
	const char *label = d->judged_on == RL_ON_SYMPTOM ? "its own check" : d->name;
	int failed = 0, hung = 0, errors = 0, tolerated_cat = -1;
	int tolerated = 0, done = 0, timed_out = 0, certain = 0;
	struct item *it = NULL, hang = { .nlines = 0 };
	char first[400] = "", probe_file[PATH_MAX + 32], blind_here[400] = "";

	if (d->build == RL_BUILD_NONE)
		runs = 1;	/* static: the same every time */
	if (d->build == RL_BUILD_EXPLORE)
		progress_set(t, "explore: searching the schedules, forcing off");
	else
		progress_set(t, "%s: %d run%s", label, runs, runs == 1 ? "" : "s");
	for (int run = 1; run <= runs; run++) {
		struct rl_result r;
		struct rl_findings *fs;
		int bad = 0;

		done = run;
		if (probed) {
			snprintf(probe_file, sizeof probe_file, "%s/probe-%d", t->state, run);
			setenv("RACELAB_PROBE_FILE", probe_file, 1);
		}
		rl_session_program(&prog, d, run, &r);
		fs = rl_result_judged(&r);
		switch (r.judgement.verdict) {
		case RL_CLEAN:
			break;
		case RL_BLIND:	/* the tool cannot see this copy at all */
			snprintf(blind_here, sizeof blind_here, "%s", r.judgement.why);
			break;
		case RL_FOUND:
			for (size_t i = 0; i < fs->n; i++) {
				if (!allowed(t, d, (int)fs->v[i].category))
					bad = 1;
				else
					tolerated_cat = (int)fs->v[i].category;
			}
			if (!bad) {
				tolerated++;
				break;
			}
			if (!failed++) {
				const struct rl_finding *f = NULL;

				for (size_t i = 0; i < fs->n && !f; i++)
					if (!allowed(t, d, (int)fs->v[i].category))
						f = &fs->v[i];
				it = add_item(ck, label, ST_FAIL, "%s%s%s",
					      rl_category_name(f->category),
					      f->variable ? " on " : "",
					      f->variable ? f->variable : "");
				finding_lines(t, f, it);
				story_lines(f, it);
			}
			break;
		case RL_HUNG:
			if (!hung++) {
				snprintf(first, sizeof first, "%s", r.judgement.why);
				if (r.oracle.findings.n) {
					const struct rl_finding *f = &r.oracle.findings.v[0];

					snprintf(hang.line[0], sizeof hang.line[0],
						 "%s: %s",
						 f->category == RL_CAT_LIVELOCK ?
							 "it spins and gets nowhere" :
							 "it hangs",
						 rl_category_name(f->category));
					hang.nlines = 1;
					finding_lines(t, f, &hang);
				}
			}
			break;
		default: {
			/* the tool said itself it could not finish (explore's
			 * search cut short), where a reference fix declares it
			 * blind: it cannot judge the copy either */
			const struct rl_expect *fb = NULL;

			for (int k = 0; k < t->nfixes && !fb; k++) {
				fb = rl_contract_expect(&t->fixes[k], d->name, 1);
				if (fb && fb->kind != RL_EXPECT_BLIND)
					fb = NULL;
			}
			if (r.judgement.verdict == RL_ERROR && !fs->n &&
			    r.info.tool_failed[0] && fb) {
				snprintf(blind_here, sizeof blind_here, "%s (%s)",
					 fb->reason ? fb->reason : "", r.info.tool_failed);
				break;
			}
			if (!errors++ && !hung)
				snprintf(first, sizeof first, "%s", r.judgement.why);
			break;
		}
		}
		if (probed) {
			struct probe p;

			probe_read(probe_file, &p);
			for (int k = 0; k < PROBE_FIELDS && p.ok; k++)
				if (p.v[k] > probed->v[k] || !probed->ok)
					probed->v[k] = p.v[k];
			probed->ok |= p.ok;
		}
		timed_out |= r.outcome.how == RL_TIMED_OUT;
		certain |= r.oracle.stopped && r.oracle.findings.n > 0;
		rl_result_free(&r);
		if (hung || errors || (failed && t->stop_at_fail))
			break;
	}
	if (failed && !hung && !errors) {
		if (runs > 1 && done < runs) {
			size_t n = strlen(it->line[0]);

			snprintf(it->line[0] + n, sizeof it->line[0] - n,
				 " (in run %d of %d)", done, runs);
		} else if (runs > 1) {
			size_t n = strlen(it->line[0]);

			snprintf(it->line[0] + n, sizeof it->line[0] - n,
				 " (%d of %d runs)", failed, runs);
		}
		return certain ? CERTAIN : 0;
	}
	if (hung && hang.nlines && !failed) {
		it = add_item(ck, label, ST_FAIL, "%s%s", hang.line[0],
			      ck->hang_shown ? ", as above" : "");
		for (int k = 1; k < hang.nlines && !ck->hang_shown; k++)
			add_detail(it, hang.line[k]);
		it->located = hang.located || ck->hang_shown;
		ck->hang_shown = 1;
		if (hang.nlines == 1 && it->nlines == 1)
			add_detail(it, first);
		return certain ? CERTAIN : 1;
	}
	if (hung || errors) {
		if (!failed)
			it = add_item(ck, label, ST_FAIL, "%s", hung ? "it hangs" :
				      "the run did not end by itself");
		else
			snprintf(it->line[0], sizeof it->line[0], "%s",
				 hung ? "it hangs" : "the run did not end by itself");
		snprintf(it->line[it->nlines < ITEM_LINES ? it->nlines++ : ITEM_LINES - 1],
			 sizeof it->line[0],
			 "  run %d: %s", done, first);
		return timed_out ? 2 : certain ? CERTAIN : 1;
	}
	if (tolerated)
		it = add_item(ck, label, ST_OK, "clean but for a known false positive (%s), which a reference fix declares",
			      rl_category_name(tolerated_cat));
	else if (blind_here[0])	/* said of the participant's program */
		it = add_item(ck, label, ST_NOTE, "blind to your program: %s",
			      blind_here);
	else if (blind && blind->kind == RL_EXPECT_BLIND)
		it = add_item(ck, label, ST_NOTE, "clean, but blind to this bug: %s",
			      blind->reason ? blind->reason : "");
	else if (d->build == RL_BUILD_EXPLORE)
		it = add_item(ck, label, ST_OK, "no schedule of its search broke it (forcing off)");
	else
		it = add_item(ck, label, ST_OK, "clean in %d run%s", runs,
			      runs == 1 ? "" : "s");
	return 0;
}

/* The slow detectors, in a process beside the fast ones: their items are
 * written as JSON to path and read back. */
static json_t *items_json(const struct check *ck)
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

static void items_from_json(struct check *ck, json_t *a)
{
	size_t i, k;
	json_t *e, *l;

	json_array_foreach(a, i, e) {
		struct item *it = add_item(ck, json_string_value(json_object_get(e, "name")),
					   (enum state)json_integer_value(json_object_get(e, "state")),
					   "%s", "");

		it->nlines = 0;
		json_array_foreach(json_object_get(e, "lines"), k, l)
			add_detail(it, json_string_value(l) ? json_string_value(l) : "");
	}
}

/* Valgrind's: they take seconds where the others take a fraction */
static int is_slow(const struct rl_detector *d)
{
	return d->tool && !strcmp(d->tool, "valgrind");
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
static void print_item(const struct target *t, const struct item *it)
{
	static const char *const mark[] = { "ok  ", "FAIL", "note" };
	static const char *const paint[] = { "\033[32m", "\033[1;31m", "\033[33m" };

	if (t->quiet)
		return;
	progress_clear();
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

/* The environment of a probed run: the probe loaded, told which
 * executable is the program (by its real path, as /proc/self/exe says). */
static void probe_env(const char *so, const char *stem)
{
	char *real = realpath(stem, NULL), *real_so = realpath(so, NULL);

	setenv("LD_PRELOAD", real_so ? real_so : so, 1);
	setenv("RACELAB_PROBE_EXE", real ? real : stem, 1);
	free(real);
	free(real_so);
}

/* The reference fix, fixed/NAME.c, built as kind into dir. */
static int build_reference(const struct target *t, enum rl_build kind,
			   const char *dir, char *err, size_t errlen)
{
	char fix[PATH_MAX], runtime[PATH_MAX + 32];
	struct rl_build_spec b = { 0 };

	snprintf(fix, sizeof fix, "%s/fixed/%s.c", t->o->root, t->name);
	snprintf(runtime, sizeof runtime, "%s/harness/explore/rt.c", t->o->root);
	if (rl_make_dirs(dir) != 0) {
		snprintf(err, errlen, "folder %s could not be made", dir);
		return -1;
	}
	b.sources[0] = fix;
	b.nsources = 1;
	b.include_dir = t->include;
	b.dir = dir;
	b.stem = t->name;
	b.runtime = kind == RL_BUILD_EXPLORE ? runtime : NULL;
	return rl_build(&b, kind, err, errlen);
}

/* The reference fix's counts, measured once and kept beside the copy. */
static int reference_probe(struct target *t, const char *so, struct probe *ref)
{
	char cached[PATH_MAX + 32], fix[PATH_MAX], dir[PATH_MAX + 16], err[768];
	char build_dir[PATH_MAX + 32];
	struct target rt = *t;
	struct check scratch = { 0 };

	snprintf(cached, sizeof cached, "%s/reference.probe", t->state);
	probe_read(cached, ref);
	if (ref->ok)
		return 0;
	snprintf(fix, sizeof fix, "%s/fixed/%s.c", t->o->root, t->name);
	snprintf(dir, sizeof dir, "%s/reference", t->state);
	snprintf(build_dir, sizeof build_dir, "%s/build", dir);
	if (build_reference(t, RL_BUILD_PLAIN, build_dir, err, sizeof err) != 0)
		return -1;
	snprintf(rt.stem, sizeof rt.stem, "%s/%s", build_dir, t->name);
	snprintf(rt.state, sizeof rt.state, "%s", dir);
	rt.copy = fix;
	rt.quiet = 1;
	/* one run: the counts come from the program's structure (threads
	 * out from create to join), not from how the scheduler ran them */
	probe_env(so, rt.stem);
	run_detector(&rt, rl_detector_find("native"), 1, &scratch, ref);
	unsetenv("LD_PRELOAD");
	if (ref->ok) {
		FILE *f = rl_output_open(cached);

		if (f) {
			fprintf(f, "%d %d %d %d\n", ref->v[0], ref->v[1], ref->v[2], ref->v[3]);
			fclose(f);
		}
	}
	return ref->ok ? 0 : -1;
}

/* The reference fix's work (workshop/work.h), measured once from its
 * explore build and kept beside the copy. */
static int reference_work(const struct target *t, struct rl_work *ref,
			  char *err, size_t errlen)
{
	char cached[PATH_MAX + 32], build_dir[PATH_MAX + 32];
	char bin[PATH_MAX + 300];

	snprintf(cached, sizeof cached, "%s/reference.work", t->state);
	if (rl_work_load(ref, cached) == 0)
		return 0;
	snprintf(build_dir, sizeof build_dir, "%s/reference/build", t->state);
	if (build_reference(t, RL_BUILD_EXPLORE, build_dir, err, errlen) != 0)
		return -1;
	snprintf(bin, sizeof bin, "%s/%s_explore", build_dir, t->name);
	if (rl_work_measure(bin, build_dir, WORK_TIMEOUT_S, ref, err, errlen) != 0)
		return -1;
	rl_work_save(ref, cached);
	return 0;
}

/* Do the threads the copy starts do the exercise's work at once, or
 * does main, with decoys beside it, or do they take turns? From the
 * copy's explore build; the caller prints the item. */
static void judge_work(const struct target *t, struct check *ck, int started)
{
	struct rl_work copy, ref;
	char bin[PATH_MAX + 300], dir[PATH_MAX + 16], err[512];
	char why[400], ref_why[400];
	enum rl_work_verdict v;
	struct item *it;

	if (reference_work(t, &ref, err, sizeof err) != 0) {
		add_item(ck, "work", ST_NOTE, "not counted: the reference fix: %s", err);
		return;
	}
	snprintf(dir, sizeof dir, "%s/build", t->state);
	snprintf(bin, sizeof bin, "%s/%s_explore", dir, t->name);
	if (rl_work_measure(bin, dir, WORK_TIMEOUT_S, &copy, err, sizeof err) != 0) {
		add_item(ck, "work", ST_NOTE, "not counted: %s", err);
		return;
	}
	v = rl_work_judge(&copy, &ref, started, why, sizeof why, ref_why,
			  sizeof ref_why);
	if (v == RL_WORK_OK || v == RL_WORK_UNKNOWN) {
		add_item(ck, "work", v == RL_WORK_OK ? ST_OK : ST_NOTE, "%s", why);
		return;
	}
	it = add_item(ck, "work", ST_FAIL, "%s", why);
	snprintf(err, sizeof err, "  %s", ref_why);
	add_detail(it, err);
	add_detail(it, v == RL_WORK_DECOY ?
		   "  a fix keeps the work on the threads: done by main alone, it can race with nothing" :
		   "  a fix lets the threads work at once and makes each update safe; taking turns runs them one after another");
}

/* Does the copy still do its work at the same time, as the reference
 * fix does? */
static void judge_probe(struct check *ck, const struct probe *p,
			const struct probe *ref, int stuck)
{
	struct item *it;

	if (!p->ok || !ref->ok) {
		add_item(ck, "threads", ST_NOTE, "not counted (the program's run gave no counts)");
		return;
	}
	if (p->v[0] < ref->v[0]) {
		it = add_item(ck, "threads", ST_FAIL, "%d thread%s started; the exercise needs %d",
			      p->v[0], p->v[0] == 1 ? "" : "s", ref->v[0]);
		add_detail(it, "  a fix keeps the work on as many threads: fewer threads hide the bug");
		if (stuck && p->v[0] > 0)
			add_detail(it, "  and here the first waited for the others to join it (rl_window), which were to start only after it ended");
		return;
	}
	if (ref->v[1] >= 2 && p->v[1] < 2) {
		it = add_item(ck, "threads", ST_FAIL, "never two at once: each thread was joined before the next was created");
		add_detail(it, "  joining each thread right after creating it makes the program serial");
		return;
	}
	if (p->v[2] < ref->v[2]) {
		it = add_item(ck, "threads", ST_FAIL, "%d process%s forked; the exercise needs %d",
			      p->v[2], p->v[2] == 1 ? "" : "es", ref->v[2]);
		return;
	}
	if (p->v[3] > ref->v[3]) {
		it = add_item(ck, "threads", ST_FAIL, "it sleeps (%d call%s; the reference fix: %d)",
			      p->v[3], p->v[3] == 1 ? "" : "s", ref->v[3]);
		add_detail(it, "  a sleep makes the bad timing rarer; it orders nothing");
		return;
	}
	add_item(ck, "threads", ST_OK, "%d started, up to %d at once", p->v[0], p->v[1]);
}

/* A racelab.h (or racelab_shm.h, thread_safety.h) in the copy's own folder: a quoted
 * #include looks there first, so it would stand in for racelab's. */
static void beside_the_copy(const char *copy, char *why, size_t len)
{
	static const char *const headers[] = { "racelab.h", "racelab_shm.h",
					       "thread_safety.h" };
	const char *slash = strrchr(copy, '/');

	for (size_t k = 0; k < sizeof headers / sizeof headers[0]; k++) {
		char path[PATH_MAX];
		struct stat st;

		snprintf(path, sizeof path, "%.*s%s", slash ? (int)(slash - copy + 1) : 0,
			 copy, headers[k]);
		if (lstat(path, &st) == 0) {
			snprintf(why, len, "%s stands beside your copy, and a quoted #include would take it in place of racelab's: remove it",
				 path);
			return;
		}
	}
}

/* The program's own check as the exercise wrote it (workshop/judge.c):
 * each rl_symptom() call with the conditions that lead to it must be in
 * the copy as in the original, or as a reference fix words it. Writes
 * the first one missing into why; when clang cannot read a program the
 * check goes on without this (the build has said what it could). */
/* The judges of a catalogue program, which do not change while its
 * file does not: kept in the exercise's state folder, keyed by the
 * file's size and time, so that a check reads only the copy's. */
static int judges_cached(const struct target *t, const char *path,
			 struct rl_judges *out)
{
	struct cached {
		off_t size;
		struct timespec mtime;
		struct rl_judges judges;
	};
	static struct cached c;
	char file[PATH_MAX + 64], dir[PATH_MAX + 16], err[512];
	const char *base = strrchr(path, '/');
	struct stat st;
	FILE *f;

	if (stat(path, &st) != 0)
		return -1;
	snprintf(dir, sizeof dir, "%s/build", t->state);
	snprintf(file, sizeof file, "%s/judges-%s%s", dir,
		 strstr(path, "/fixed/") ? "fixed-" : "", base ? base + 1 : path);
	if ((f = fopen(file, "rb"))) {
		size_t n = fread(&c, sizeof c, 1, f);

		fclose(f);
		if (n == 1 && c.size == st.st_size &&
		    c.mtime.tv_sec == st.st_mtim.tv_sec &&
		    c.mtime.tv_nsec == st.st_mtim.tv_nsec) {
			*out = c.judges;
			return 0;
		}
	}
	if (rl_judges_of(path, t->include, dir, out, err, sizeof err))
		return -1;
	memset(&c, 0, sizeof c);
	c.size = st.st_size;
	c.mtime = st.st_mtim;
	c.judges = *out;
	if ((f = rl_output_open(file))) {
		if (fwrite(&c, sizeof c, 1, f) != 1) {
			fclose(f);
			remove(file);
		} else if (fclose(f)) {
			remove(file);
		}
	}
	return 0;
}

static const char *judges_kept(const struct target *t, char *why, size_t len)
{
	static struct rl_judges orig, fixes[8], copy;
	char path[PATH_MAX], dir[PATH_MAX + 16], err[512];
	const struct rl_judge *j;
	const struct rl_exit *x;
	size_t nf = 0;
	glob_t g = { 0 };

	snprintf(dir, sizeof dir, "%s/build", t->state);
	snprintf(path, sizeof path, "%s/cases/%s.c", t->o->root, t->name);
	if (judges_cached(t, path, &orig) ||
	    rl_judges_of(t->copy, t->include, dir, &copy, err, sizeof err))
		return NULL;
	snprintf(path, sizeof path, "%s/fixed/%s.c", t->o->root, t->name);
	if (judges_cached(t, path, &fixes[nf]) == 0)
		nf++;
	snprintf(path, sizeof path, "%s/fixed/%s.*.c", t->o->root, t->name);
	if (glob(path, 0, NULL, &g) == 0)
		for (size_t k = 0; k < g.gl_pathc && nf < 8; k++)
			if (judges_cached(t, g.gl_pathv[k], &fixes[nf]) == 0)
				nf++;
	globfree(&g);
	if ((j = rl_judge_missing(&orig, fixes, nf, &copy))) {
		/* the copy's own version of it: the same category, new words */
		const char *cat = strrchr(j->key, '|');
		const struct rl_judge *mine = NULL;

		for (size_t k = 0; k < copy.n && !mine; k++)
			if (!strcmp(strrchr(copy.v[k].key, '|'), cat))
				mine = &copy.v[k];
		if (mine)
			snprintf(why, len, "line %d: the program's own check was `if (%s)`, and it judges the exercise: put it back as it was (its condition and its rl_symptom() category), and fix the code around it",
				 mine->line, j->text);
		else
			snprintf(why, len, "the program's own check, `if (%s)` with its rl_symptom(%s, ...), is gone, and it judges the exercise: put it back as it was, and fix the code around it",
				 j->text, cat + 1);
		return "changes the program's own check, which is not a fix";
	}
	if (!(x = rl_judge_skipped(&orig, fixes, nf, &copy)))
		return NULL;
	snprintf(why, len, "line %d: `%s` ends the program before its own check (line %d) has run, so nothing is judged: let it reach the check",
		 x->line, x->key, copy.n ? copy.v[0].line : 0);
	return "skips the program's own check, which is not a fix";
}

static void rules(struct target *t, struct check *ck)
{
	char fix[PATH_MAX], orig[PATH_MAX], *text, *ftext, *otext, *code;
	struct uses mine, theirs, before;
	struct scan s = { "" };
	struct item *it;
	char why[560];
	size_t len;

	snprintf(fix, sizeof fix, "%s/fixed/%s.c", t->o->root, t->name);
	snprintf(orig, sizeof orig, "%s/cases/%s.c", t->o->root, t->name);
	text = rl_read_file(t->copy, &len);
	ftext = rl_read_file(fix, &len);
	otext = rl_read_file(orig, &len);
	uses_of(text ? text : "", &mine);
	uses_of(ftext ? ftext : "", &theirs);
	uses_of(otext ? otext : "", &before);
	code = without_comments(text ? text : "");
	each_identifier(code, look_for_tricks, &s);
	if (s.why[0])
		s.head = "silences a tool, which is not a fix";
	if (!s.why[0])
		look_at_directives(code, s.why, sizeof s.why);
	free(code);
	if (!s.why[0])
		beside_the_copy(t->copy, s.why, sizeof s.why);
	if (!s.head && s.why[0])
		s.head = "changes what the check compiles, which is not a fix";
	if (!s.why[0])
		s.head = judges_kept(t, s.why, sizeof s.why);
	if (getenv("RACELAB_IGNORED_OPTIONS") && !t->quiet)
		printf("  (the check ignores your %s)\n", getenv("RACELAB_IGNORED_OPTIONS"));
	if (s.why[0]) {
		it = add_item(ck, "rules", ST_FAIL, "%s", s.head);
		snprintf(why, sizeof why, "  %s", s.why);
		add_detail(it, why);
	} else {
		it = NULL;
		for (size_t k = 0; k < NCALLS && !it; k++)
			if (RL_CALLS[k].required && before.used[k] && theirs.used[k] &&
			    !mine.used[k]) {
				it = add_item(ck, "rules", ST_FAIL, "%s() is gone, and the check needs it",
					      RL_CALLS[k].name);
				snprintf(why, sizeof why, "  it %s: put it back", RL_CALLS[k].purpose);
				add_detail(it, why);
			}
		if (!it) {
			char where[64];
			int c = gone_from_function(t->fixes, t->nfixes, text ? text : "",
						   otext ? otext : "", where, sizeof where);

			if (c >= 0) {
				it = add_item(ck, "rules", ST_FAIL, "%s() is gone from %s(), and the check needs it there",
					      RL_CALLS[c].name, where);
				snprintf(why, sizeof why, "  it %s; %s() calls it in the exercise and in the reference fix, whatever else changes: put it back in %s()",
					 RL_CALLS[c].purpose, where, where);
				add_detail(it, why);
			}
		}
		if (!it)
			add_item(ck, "rules", ST_OK, "no tool silenced, racelab.h's calls kept");
	}
	free(text);
	free(ftext);
	free(otext);
}

static const struct item *first_failure(const struct check *ck)
{
	for (int i = 0; i < ck->nitems; i++)
		if (ck->items[i].st == ST_FAIL)
			return &ck->items[i];
	return NULL;
}

/* Is "not solved" certain, and is there something on the screen to act
 * on? A failure of the program's own check names no line: the tools
 * after it show where the bug is, so a participant's check goes on until
 * a failure names one (verify, quiet, stops at the first). */
static int failed_yet(const struct target *t, const struct check *ck)
{
	if (!t->stop_at_fail || !first_failure(ck))
		return 0;
	for (int i = 0; i < ck->nitems && !t->quiet; i++)
		if (ck->items[i].st == ST_FAIL && !ck->items[i].located &&
		    !strcmp(ck->items[i].name, "its own check"))
			for (int j = i + 1;; j++) {
				if (j == ck->nitems)
					return 0;	/* no line named yet */
				if (ck->items[j].st == ST_FAIL && ck->items[j].located)
					break;
			}
	return 1;
}

/* Said when a check stops at its first failure: the verdict is certain. */
static void rest_not_run(struct target *t, struct check *ck)
{
	if (t->quiet)
		return;
	print_item(t, add_item(ck, "the rest", ST_NOTE,
			       "not run: one failing line is enough to say not solved (--all runs every detector)"));
}

/* Builds and runs the copy; fills ck. Prints each item as it is known,
 * unless quiet. */
static void check_copy(struct target *t, int runs, struct check *ck)
{
	struct rl_build_spec b = { 0 };
	char err[768], so[PATH_MAX + 16], slow_file[PATH_MAX + 16];
	char build_dir[PATH_MAX + 16], gcc_file[PATH_MAX + 32];
	pid_t gcc = -1;
	int unbuilt[RL_BUILD_KINDS] = { 0 };
	size_t len;
	double t0 = rl_now_s(), t1;
	struct probe p = { 0 }, ref = { 0 };
	pid_t slow = -1;
	int have_probe, stuck, certain, tsan_built = 0, explore_built = 0;
	char runtime[PATH_MAX + 32];

	memset(ck, 0, sizeof *ck);
	snprintf(t->include, sizeof t->include, "%s/harness/case", t->o->root);
	snprintf(t->cflags, sizeof t->cflags, "-I%s", t->include);
	snprintf(t->stem, sizeof t->stem, "%s/build/%s", t->state, t->name);
	snprintf(runtime, sizeof runtime, "%s/harness/explore/rt.c", t->o->root);
	snprintf(build_dir, sizeof build_dir, "%s/build", t->state);
	rl_make_dirs(build_dir);
	b.sources[0] = t->copy;
	b.nsources = 1;
	b.include_dir = t->include;
	b.dir = build_dir;
	b.stem = t->name;
	progress_set(t, "building your copy");
	if (rl_build(&b, RL_BUILD_PLAIN, err, sizeof err) != 0) {
		print_item(t, add_item(ck, "compiles", ST_FAIL, "%s", err));
		ck->build_s = ck->total_s = since(t0);
		return;
	}
	ck->compiled = 1;
	rules(t, ck);
	print_item(t, &ck->items[ck->nitems - 1]);
	if (ck->items[ck->nitems - 1].st == ST_FAIL) {
		/* no tool's verdict on such a copy counts: say so at once,
		 * not after every tool has run */
		print_item(t, add_item(ck, "the rest", ST_NOTE,
				       "not run: no tool's verdict counts while the copy breaks the rules"));
		ck->build_s = ck->total_s = since(t0);
		return;
	}
	fflush(stdout);
	/* gcc's TSan build beside the first runs */
	snprintf(gcc_file, sizeof gcc_file, "%s/build/gcc.error", t->state);
	remove(gcc_file);
	if ((gcc = fork()) == 0) {
		FILE *f;

		rl_runner_init();
		if (rl_build(&b, RL_BUILD_TSAN_GCC, err, sizeof err) == 0)
			_exit(0);
		if ((f = rl_output_open(gcc_file)))
			fputs(err, f), fclose(f);
		_exit(1);
	}
	ck->build_s = since(t0);
	t1 = rl_now_s();
	have_probe = probe_build(t, so, sizeof so, err, sizeof err) == 0 &&
		     reference_probe(t, so, &ref) == 0;
	if (have_probe)
		probe_env(so, t->stem);
	certain = run_detector(t, rl_detector_find("native"), runs, ck,
			       have_probe ? &p : NULL);
	stuck = certain == 2;
	certain = certain == CERTAIN;
	unsetenv("LD_PRELOAD");
	print_item(t, &ck->items[ck->nitems - 1]);
	if (have_probe)
		judge_probe(ck, &p, &ref, stuck);
	else
		add_item(ck, "threads", ST_NOTE, "not counted: %s", err);
	print_item(t, &ck->items[ck->nitems - 1]);
	if (stuck || certain || failed_yet(t, ck)) {
		/* every other detector would wait as long, and longer */
		if (stuck)
			print_item(t, add_item(ck, "the rest", ST_NOTE,
					       "not run: the program does not end by itself"));
		else if (certain)
			print_item(t, add_item(ck, "the rest", ST_NOTE,
					       "not run: the watchdog's finding is certain, and each would end the same way"));
		else
			rest_not_run(t, ck);
		while (waitpid(gcc, NULL, 0) < 0 && errno == EINTR)
			;
		ck->fast_s = ck->slow_s = since(t1);
		ck->total_s = since(t0);
		return;
	}
	/* Helgrind and DRD beside the rest: they need only the plain build */
	snprintf(slow_file, sizeof slow_file, "%s/slow.json", t->state);
	remove(slow_file);
	fflush(stdout);
	ck->slow_started = 1;
	if (!t->slow_after && (slow = fork()) == 0) {
		struct check mine = { .hang_shown = ck->hang_shown };
		double t2 = rl_now_s();
		json_t *a;
		FILE *f;

		progress.on = 0;	/* the parent's line alone */
		rl_runner_on_tick(NULL);
		rl_runner_init();
		for (int d = 0; rl_detectors[d]; d++)
			if (is_slow(rl_detectors[d]))
				run_detector(t, rl_detectors[d], 1, &mine, NULL);
		a = json_pack("{s:o, s:f}", "items", items_json(&mine),
			      "seconds", since(t2));
		if ((f = rl_output_open(slow_file))) {
			json_dumpf(a, f, 0);
			fclose(f);
		}
		_exit(0);
	}
	for (int pass = 0; pass < 2; pass++)
		for (int d = 0; rl_detectors[d]; d++) {
			const struct rl_detector *det = rl_detectors[d];
			int n = ck->nitems;

			/* first what runs the plain build or none, then the TSan
			 * builds and explore's */
			if (is_slow(det) || det->judged_on == RL_ON_SYMPTOM ||
			    (det->build == RL_BUILD_TSAN || det->build == RL_BUILD_TSAN_GCC ||
			     det->build == RL_BUILD_EXPLORE) != pass)
				continue;
			if (det->build == RL_BUILD_EXPLORE && !explore_built) {
				explore_built = 1;
				b.runtime = runtime;
				progress_set(t, "building your copy for explore");
				if (rl_build(&b, RL_BUILD_EXPLORE, err, sizeof err) != 0) {
					print_item(t, add_item(ck, "compiles", ST_FAIL, "%s", err));
					unbuilt[RL_BUILD_EXPLORE] = 1;
				}
				if (!unbuilt[RL_BUILD_EXPLORE]) {
					progress_set(t, "work: counting your threads' writes");
					judge_work(t, ck, have_probe && p.ok ? p.v[0] : 0);
					if (failed_yet(t, ck)) {
						print_item(t, &ck->items[ck->nitems - 1]);
						goto out;
					}
				}
				/* a search on every core, over as many schedules as
				 * fit in its time: the forcing devices are off, so
				 * a fix right only under them is found out */
				rl_session_search(&(struct rl_search){
					.schedules = EXPLORE_SCHEDULES, .jobs = rl_cores(),
					.seconds = EXPLORE_SECONDS });
			}
			if (det->build == RL_BUILD_TSAN && !tsan_built) {
				tsan_built = 1;
				progress_set(t, "building your copy with ThreadSanitizer");
				if (rl_build(&b, RL_BUILD_TSAN, err, sizeof err) != 0) {
					print_item(t, add_item(ck, "compiles", ST_FAIL, "%s", err));
					unbuilt[RL_BUILD_TSAN] = 1;
				}
			}
			if (det->build == RL_BUILD_TSAN_GCC && gcc > 0) {
				int status;

				while (waitpid(gcc, &status, 0) < 0 && errno == EINTR)
					;
				gcc = -1;
				if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
					char *text = rl_read_file(gcc_file, &len);

					print_item(t, add_item(ck, "compiles", ST_FAIL, "%s",
							       text ? text : "gcc's build did not finish"));
					free(text);
					unbuilt[RL_BUILD_TSAN_GCC] = 1;
				}
			}
			if (det->build != RL_BUILD_NONE && unbuilt[det->build])
				continue;
			certain = run_detector(t, det, det->judged_on == RL_ON_LIVENESS ||
						   det->build == RL_BUILD_EXPLORE ? 1 : runs,
					       ck, NULL) == CERTAIN;
			for (; n < ck->nitems; n++)
				print_item(t, &ck->items[n]);
			if (failed_yet(t, ck))
				goto out;
			if (certain) {
				/* Helgrind and DRD beside would only be stopped
				 * the same way, later: they are ended unheard */
				if (slow > 0) {
					kill(slow, SIGTERM);
					while (waitpid(slow, NULL, 0) < 0 && errno == EINTR)
						;
					slow = -1;
				}
				print_item(t, add_item(ck, "the rest", ST_NOTE,
						       "not run: the watchdog's finding is certain, and each would end the same way"));
				goto out;
			}
		}
	for (int d = 0; t->slow_after && rl_detectors[d]; d++)
		if (is_slow(rl_detectors[d]) && !failed_yet(t, ck))
			run_detector(t, rl_detectors[d], 1, ck, NULL);
out:
	if (gcc > 0)
		while (waitpid(gcc, NULL, 0) < 0 && errno == EINTR)
			;
	ck->fast_s = since(t1);
	if (slow > 0 && failed_yet(t, ck)) {
		/* the verdict is certain: Helgrind and DRD are stopped (their
		 * process ends its runs and what they started, as on a kill) */
		kill(slow, SIGTERM);
		while (waitpid(slow, NULL, 0) < 0 && errno == EINTR)
			;
		slow = -1;
		ck->slow_stopped = 1;
	}
	if (failed_yet(t, ck) && ck->nitems &&
	    strcmp(ck->items[ck->nitems - 1].name, "the rest"))
		rest_not_run(t, ck);
	if (slow > 0) {
		int status, n = ck->nitems;
		json_error_t jerr;
		json_t *a;

		progress_set(t, "helgrind and drd, beside the others");
		/* the line's time goes on while the parent waits */
		for (;;) {
			struct timespec tick = { 0, 200 * 1000 * 1000 };
			pid_t r = waitpid(slow, &status, WNOHANG);

			if (r == slow || (r < 0 && errno != EINTR))
				break;
			nanosleep(&tick, NULL);
			if (progress.what[0])
				progress_draw();
		}
		progress_clear();
		a = json_load_file(slow_file, 0, &jerr);
		if (a && json_is_array(json_object_get(a, "items"))) {
			items_from_json(ck, json_object_get(a, "items"));
			ck->slow_s = json_real_value(json_object_get(a, "seconds"));
		} else
			add_item(ck, "helgrind, drd", ST_FAIL, "their runs gave no answer (%s)",
				 jerr.text);
		json_decref(a);
		for (; n < ck->nitems; n++)
			print_item(t, &ck->items[n]);
	}
	progress_clear();
	ck->total_s = since(t0);
}

static int solved(const struct check *ck)
{
	return ck->compiled && !first_failure(ck);
}

static int target_init(struct target *t, const struct options *o,
		       const struct course *c, int idx, const char *copy,
		       const char *state)
{
	char path[PATH_MAX], err[512];

	memset(t, 0, sizeof *t);
	t->o = o;
	t->c = c;
	t->idx = idx;
	t->name = c->names[idx];
	t->copy = copy;
	snprintf(t->state, sizeof t->state, "%s", state);
	if (rl_make_dirs(t->state) != 0)
		return rl_refuse("cannot create %s (%s).", t->state, strerror(errno));
	snprintf(path, sizeof path, "%s/cases/%s.c", o->root, t->name);
	if (rl_contract_load(path, &t->broken, err, sizeof err) != 0)
		return rl_refuse("%s", err);
	snprintf(path, sizeof path, "%s/fixed/%s.c", o->root, t->name);
	if (rl_contract_load(path, &t->fixed, err, sizeof err) != 0) {
		rl_contract_free(&t->broken);
		return rl_refuse("%s", err);
	}
	{
		glob_t g = { 0 };

		snprintf(path, sizeof path, "%s/fixed/%s.*.c", o->root, t->name);
		t->fixes[t->nfixes++] = t->fixed;	/* shared, freed once */
		if (glob(path, 0, NULL, &g) == 0)
			for (size_t k = 0; k < g.gl_pathc && t->nfixes < 8; k++)
				if (rl_contract_load(g.gl_pathv[k], &t->fixes[t->nfixes],
						     err, sizeof err) == 0)
					t->nfixes++;
		globfree(&g);
	}
	return 0;
}

static void target_free(struct target *t)
{
	rl_contract_free(&t->broken);
	rl_contract_free(&t->fixed);
	for (int k = 1; k < t->nfixes; k++)
		rl_contract_free(&t->fixes[k]);
}

/* ---- the subcommands */

static int copy_path(const struct options *o, const char *name, char *buf,
		     size_t len)
{
	return snprintf(buf, len, "%s/%s.c", o->dir, name) >= (int)len ? -1 : 0;
}

static int need_copy(const struct options *o, const char *name, char *copy,
		     size_t len)
{
	struct stat st;

	copy_path(o, name, copy, len);
	if (stat(copy, &st) != 0)
		return rl_refuse("you have not started `%s` (there is no %s): `./racelab exercise start %s%s%s`.",
			      name, copy, name, o->dir_arg ? " --dir " : "",
			      o->dir_arg ? o->dir_arg : "");
	return 0;
}

static int cmd_list(const struct options *o, const struct course *c)
{
	json_t *p = progress_load(o);
	const char *part = NULL;
	int solved_n = 0;
	int colour = isatty(1) && !getenv("NO_COLOR");

	for (int i = 0; i < c->n; i++)
		if (course_check(o->root, c, i)) {
			json_decref(p);
			return 2;
		}
	for (int i = 0; i < c->n; i++) {
		const char *st = status_of(p, c->names[i]);
		struct rl_contract k;
		char path[PATH_MAX], err[256], concepts[128];
		/* solved once, and the last check of the copy failed */
		int fails_now = json_is_true(json_object_get(progress_of(p, c->names[i]),
							     "fails_now"));
		const char *box = !strcmp(st, "solved") ? fails_now ? "[!]" : "[x]" :
				  !strcmp(st, "not started") ? "[ ]" : "[~]";

		if (c->parts[i] != part && c->parts[i][0])
			printf("%s%s\n", part ? "\n" : "", c->parts[i]);
		part = c->parts[i];
		snprintf(path, sizeof path, "%s/cases/%s.c", o->root, c->names[i]);
		if (rl_contract_load(path, &k, err, sizeof err) != 0)
			k.concepts = NULL;
		clip_list(k.concepts ? k.concepts : "", 40, concepts, sizeof concepts);
		printf("  %s%s%s %2d %-29s %s\n",
		       colour && box[1] == 'x' ? "\033[32m" : "", box,
		       colour && box[1] == 'x' ? "\033[0m" : "", i + 1,
		       c->names[i], fails_now ? "solved once; your copy fails now" : concepts);
		if (k.path)
			rl_contract_free(&k);
		solved_n += box[1] == 'x' || box[1] == '!';
	}
	printf("\n%d of %d solved. ", solved_n, c->n);
	print_next(p, c, next_unsolved(p, c, -1), "The course is done.");
	json_decref(p);
	return 0;
}

static int cmd_start(const struct options *o, const struct course *c, int idx)
{
	char copy[PATH_MAX], from[PATH_MAX];
	struct stat st;
	json_t *p, *e;

	if (rl_make_dirs(o->dir) != 0)
		return rl_refuse("cannot create %s (%s).", o->dir, strerror(errno));
	copy_path(o, c->names[idx], copy, sizeof copy);
	if (stat(copy, &st) == 0)
		return rl_refuse("%s is there already, with your work: check it with `./racelab exercise check %s`, or start again with `./racelab exercise reset %s`.",
			      copy, c->names[idx], c->names[idx]);
	snprintf(from, sizeof from, "%s/cases/%s.c", o->root, c->names[idx]);
	if (write_copy(o, c, idx, from, copy))
		return 2;
	p = progress_load(o);
	e = progress_of(p, c->names[idx]);
	if (!strcmp(status_of(p, c->names[idx]), "not started"))
		json_object_set_new(e, "status", json_string("in progress"));
	progress_save(o, p);
	json_decref(p);
	printf("Exercise %d of %d: %s, in %s\n\n", idx + 1, c->n, c->names[idx], copy);
	printf("Edit it so that it is right every run, then:\n"
	       "  ./racelab exercise check %s      (or watch: it checks on every save)\n",
	       c->names[idx]);
	return 0;
}

static int cmd_hint(const struct options *o, const struct course *c, int idx)
{
	struct rl_contract k;
	char path[PATH_MAX], err[512];
	json_t *p = progress_load(o), *e = progress_of(p, c->names[idx]);
	int used = int_of(e, "hints");

	snprintf(path, sizeof path, "%s/cases/%s.c", o->root, c->names[idx]);
	if (rl_contract_load(path, &k, err, sizeof err) != 0) {
		json_decref(p);
		return rl_refuse("%s", err);
	}
	if ((size_t)used < k.nhints) {
		printf("Hint %d of %zu for %s:\n  %s\n", used + 1, k.nhints,
		       c->names[idx], k.hints[used]);
		used++;
	} else if ((size_t)used == k.nhints && k.fix) {
		printf("The last hint for %s, the fix in words:\n  %s\n", c->names[idx], k.fix);
		used++;
	} else {
		printf("No hints are left for %s: `./racelab exercise solution %s --give-up` shows the reference fix.\n",
		       c->names[idx], c->names[idx]);
	}
	json_object_set_new(e, "hints", json_integer(used));
	progress_save(o, p);
	json_decref(p);
	rl_contract_free(&k);
	return 0;
}

/* diff -u of the broken program against a fix, both without headers. */
static int show_diff(const struct options *o, const char *name,
		     const char *fix_path, const char *label)
{
	char broken[PATH_MAX], a[PATH_MAX + 16], b2[PATH_MAX + 16], *text, *body;
	char la[PATH_MAX], lb[PATH_MAX];
	size_t len;
	FILE *f;

	snprintf(broken, sizeof broken, "%s/cases/%s.c", o->root, name);
	snprintf(a, sizeof a, "%s/.racelab/diff-a.c", o->dir);
	snprintf(b2, sizeof b2, "%s/.racelab/diff-b.c", o->dir);
	snprintf(la, sizeof la, "%s/.racelab", o->dir);
	rl_make_dirs(la);
	for (int i = 0; i < 2; i++) {
		text = rl_read_file(i ? fix_path : broken, &len);
		body = text ? body_of(text) : NULL;
		if (!body || !(f = rl_output_open(i ? b2 : a))) {
			free(text);
			free(body);
			return rl_refuse("cannot read %s.", i ? fix_path : broken);
		}
		fputs(body, f);
		fclose(f);
		free(body);
		free(text);
	}
	printf("The reference fix%s%s, as a change to the broken program:\n\n",
	       label[0] ? " " : "", label);
	fflush(stdout);
	{
		pid_t pid;
		int status;

		snprintf(la, sizeof la, "cases/%s.c", name);
		snprintf(lb, sizeof lb, "%s", strstr(fix_path, "/fixed/") ?
			 strstr(fix_path, "/fixed/") + 1 : fix_path);
		if ((pid = fork()) == 0) {
			execlp("diff", "diff", "-u", "--label", la, "--label", lb, a,
			       b2, (char *)NULL);
			_exit(127);
		}
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
			return rl_refuse("diff could not show it (is diffutils installed?).");
	}
	return 0;
}

static int cmd_solution(const struct options *o, const struct course *c, int idx)
{
	const char *name = c->names[idx];
	json_t *p = progress_load(o), *e = progress_of(p, name);
	char pattern[PATH_MAX], fix[PATH_MAX];
	glob_t g;
	int rc;

	if (strcmp(status_of(p, name), "solved") && !o->give_up) {
		json_decref(p);
		return rl_refuse("`%s` is not solved yet: the reference fix is shown once it is, or with `--give-up`.",
			      name);
	}
	if (strcmp(status_of(p, name), "solved")) {
		json_object_set_new(e, "gave_up", json_true());
		progress_save(o, p);
	}
	json_decref(p);
	snprintf(fix, sizeof fix, "%s/fixed/%s.c", o->root, name);
	if ((rc = show_diff(o, name, fix, "")))
		return rc;
	snprintf(pattern, sizeof pattern, "%s/fixed/%s.*.c", o->root, name);
	if (glob(pattern, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc && !rc; i++) {
			char label[128];
			const char *alt = strrchr(g.gl_pathv[i], '/') + 1 + strlen(name) + 1;

			snprintf(label, sizeof label, "`%.*s`", (int)(strlen(alt) - 2), alt);
			printf("\n");
			rc = show_diff(o, name, g.gl_pathv[i], label);
		}
		globfree(&g);
	}
	return rc;
}

static int cmd_reset(const struct options *o, const struct course *c, int idx)
{
	char copy[PATH_MAX], keep[PATH_MAX + 8], from[PATH_MAX], state[PATH_MAX];
	json_t *p;

	if (need_copy(o, c->names[idx], copy, sizeof copy))
		return 2;
	snprintf(keep, sizeof keep, "%s~", copy);
	if (rename(copy, keep) != 0)
		return rl_refuse("cannot keep your copy as %s (%s).", keep, strerror(errno));
	snprintf(from, sizeof from, "%s/cases/%s.c", o->root, c->names[idx]);
	if (write_copy(o, c, idx, from, copy))
		return 2;
	snprintf(state, sizeof state, "%s/.racelab/%s/reference.probe", o->dir, c->names[idx]);
	remove(state);
	p = progress_load(o);
	if (strcmp(status_of(p, c->names[idx]), "solved"))
		json_object_set_new(progress_of(p, c->names[idx]), "status",
				    json_string("in progress"));
	progress_save(o, p);
	json_decref(p);
	printf("%s is as it was at the start; your version is kept as %s.\n", copy, keep);
	return 0;
}

/* One check of the participant's copy, with its screen and progress. */
static int check_once(const struct options *o, const struct course *c, int idx)
{
	const char *name = c->names[idx];
	char copy[PATH_MAX], state[PATH_MAX + 16], *abs;
	struct target t;
	struct check ck;
	json_t *p, *e;
	const struct item *bad;
	int ok;

	if (need_copy(o, name, copy, sizeof copy))
		return 2;
	if (!(abs = realpath(copy, NULL)))
		return rl_refuse("cannot resolve %s.", copy);
	snprintf(state, sizeof state, "%s/.racelab/%s", o->dir, name);
	if (target_init(&t, o, c, idx, abs, state)) {
		free(abs);
		return 2;
	}
	t.colour = isatty(1) && !getenv("NO_COLOR");
	t.stop_at_fail = !o->all;
	progress.on = isatty(2);
	printf("racelab exercise check %s: %s%s%s.c\n\n", name,
	       o->dir_arg ? o->dir_arg : "workshop", "/", name);
	fflush(stdout);
	check_copy(&t, o->runs, &ck);
	ok = solved(&ck);
	p = progress_load(o);
	e = progress_of(p, name);
	json_object_set_new(e, "checks", json_integer(int_of(e, "checks") + 1));
	printf("\n");
	if (ok) {
		int was = !strcmp(status_of(p, name), "solved"), done = 0;
		char when[32];

		if (!was) {
			now_text(when, sizeof when);
			json_object_set_new(e, "status", json_string("solved"));
			json_object_set_new(e, "solved_at", json_string(when));
		}
		json_object_del(e, "fails_now");
		for (int i = 0; i < c->n; i++)
			done += !strcmp(status_of(p, c->names[i]), "solved");
		printf("%sSolved%s: every detector is clean, and the threads still run at once.\n",
		       t.colour ? "\033[1;32m" : "", t.colour ? "\033[0m" : "");
		printf("%d of %d solved, %d hint%s used here. The reference fix:\n"
		       "  ./racelab exercise solution %s\n", done, c->n, int_of(e, "hints"),
		       int_of(e, "hints") == 1 ? "" : "s", name);
		print_next(p, c, next_unsolved(p, c, idx), "That was the whole course.");
	} else {
		bad = first_failure(&ck);
		if (!strcmp(status_of(p, name), "not started"))
			json_object_set_new(e, "status", json_string("in progress"));
		if (!strcmp(status_of(p, name), "solved"))
			json_object_set_new(e, "fails_now", json_true());
		char said[400];
		int room = 80 - 19 - (int)strlen(bad ? bad->name : "");

		/* the first failing line, cut at a word to fit 80 columns */
		if (!ck.compiled)
			snprintf(said, sizeof said, "it does not compile (the first error is above)");
		else
			snprintf(said, sizeof said, "%s", bad ? bad->line[0] : "");
		if ((int)strlen(said) > room) {
			int cut = room - 4;

			while (cut > 0 && said[cut] != ' ')
				cut--;
			snprintf(said + (cut > 0 ? cut : room - 4), 5, " ...");
		}
		printf("%sNot solved yet%s: %s%s%s.\n", t.colour ? "\033[1;31m" : "",
		       t.colour ? "\033[0m" : "", ck.compiled && bad ? bad->name : "",
		       ck.compiled && bad ? ": " : "", said);
		printf("Next: change your copy, then check again. A hint (%d used):\n"
		       "  ./racelab exercise hint %s\n", int_of(e, "hints"), name);
	}
	if (!ck.slow_started)
		printf("Checked in %.1f s: build %.1f s, runs %.1f s.\n",
		       ck.total_s, ck.build_s, ck.fast_s);
	else if (ck.slow_stopped)
		printf("Checked in %.1f s: build %.1f s, runs %.1f s; Helgrind and DRD, beside, stopped then.\n",
		       ck.total_s, ck.build_s, ck.fast_s);
	else
		printf("Checked in %.1f s: build %.1f s, runs %.1f s, Helgrind and DRD %.1f s beside.\n",
		       ck.total_s, ck.build_s, ck.fast_s, ck.slow_s);
	progress_save(o, p);
	json_decref(p);
	target_free(&t);
	free(abs);
	return ok ? 0 : 1;
}

/* Checks again whenever the copy is saved: editors write it in place or
 * write a new file and rename it over, so the folder is watched. */
static int cmd_watch(const struct options *o, const struct course *c, int idx)
{
	const char *name = c->names[idx];
	char copy[PATH_MAX], base[PATH_MAX], buf[4096]
		__attribute__((aligned(__alignof__(struct inotify_event))));
	int fd;

	if (need_copy(o, name, copy, sizeof copy))
		return 2;
	snprintf(base, sizeof base, "%s.c", name);
	if ((fd = inotify_init1(IN_CLOEXEC)) < 0 ||
	    inotify_add_watch(fd, o->dir, IN_CLOSE_WRITE | IN_MOVED_TO) < 0)
		return rl_refuse("cannot watch %s (%s).", o->dir, strerror(errno));
	for (;;) {
		pid_t pid;
		int status, changed = 0;

		if (isatty(1))
			fputs("\033[H\033[2J", stdout);
		fflush(stdout);
		if ((pid = fork()) == 0) {
			int rc = check_once(o, c, idx);

			fflush(stdout);
			_exit(rc);
		}
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		printf("\nWatching %s.c: each save checks it again; Ctrl-C stops.\n", name);
		fflush(stdout);
		while (!changed) {
			ssize_t n = read(fd, buf, sizeof buf);

			if (n <= 0 && errno != EINTR)
				return rl_refuse("stopped watching %s.", o->dir);
			for (char *at = buf; n > 0 && at < buf + n;) {
				struct inotify_event *ev = (struct inotify_event *)at;

				if (ev->len && !strcmp(ev->name, base))
					changed = 1;
				at += sizeof *ev + ev->len;
			}
		}
		/* an editor may write more than once per save */
		{
			struct pollfd pf = { fd, POLLIN, 0 };

			while (poll(&pf, 1, 150) > 0 && read(fd, buf, sizeof buf) > 0)
				;
		}
	}
}

/* The maintainers' check: each exercise unsolved as shipped, solved by
 * each reference fix. */
static int cmd_verify(struct options *o, struct course *c)
{
	int wrong = 0, n = o->nnames ? o->nnames : c->n;
	char tmpl[] = "/tmp/racelab-verify-XXXXXX";
	const char *base = getenv("TEST_TMPDIR");
	char root_dir[PATH_MAX];

	if (base && *base)
		snprintf(root_dir, sizeof root_dir, "%s/verify", base);
	else if (mkdtemp(tmpl))
		snprintf(root_dir, sizeof root_dir, "%s", tmpl);
	else
		return rl_refuse("cannot make a folder in /tmp (%s).", strerror(errno));
	o->dir = root_dir;
	for (int i = 0; i < n; i++) {
		int idx = o->nnames ? course_index(c, o->names[i]) : i;
		char pattern[PATH_MAX], fix[PATH_MAX];
		const char *progs[8];
		int nprogs = 0;
		glob_t g = { 0 };

		if (idx < 0) {
			/* a case the course leaves out is still verified */
			char src[PATH_MAX], fx[PATH_MAX];
			struct stat st;

			snprintf(src, sizeof src, "%s/cases/%s.c", o->root, o->names[i]);
			snprintf(fx, sizeof fx, "%s/fixed/%s.c", o->root, o->names[i]);
			if (strchr(o->names[i], '/') || stat(src, &st) || stat(fx, &st) ||
			    c->n == MAX_COURSE)
				return unknown_exercise(c, o->names[i]);
			c->names[c->n] = rl_xstrdup(o->names[i]);
			c->parts[c->n] = "";
			idx = c->n++;
		}
		snprintf(fix, sizeof fix, "%s/fixed/%s.c", o->root, c->names[idx]);
		snprintf(pattern, sizeof pattern, "%s/fixed/%s.*.c", o->root, c->names[idx]);
		progs[nprogs++] = NULL;	/* the untouched copy */
		progs[nprogs++] = fix;
		if (glob(pattern, 0, NULL, &g) == 0)
			for (size_t k = 0; k < g.gl_pathc && nprogs < 8; k++)
				progs[nprogs++] = g.gl_pathv[k];
		for (int k = 0; k < nprogs; k++) {
			char from[PATH_MAX], dir[PATH_MAX + 64], copy[PATH_MAX + 128];
			char state[PATH_MAX + 128];
			const char *what = k == 0 ? "as shipped" :
					   strrchr(progs[k], '/') + 1;
			struct target t;
			struct check ck;
			const struct item *bad;
			int ok;

			snprintf(from, sizeof from, "%s/cases/%s.c", o->root, c->names[idx]);
			snprintf(dir, sizeof dir, "%s/%s-%d", root_dir, c->names[idx], k);
			snprintf(copy, sizeof copy, "%s/%s.c", dir, c->names[idx]);
			snprintf(state, sizeof state, "%s/.racelab", dir);
			rl_make_dirs(dir);
			if (write_copy(o, c, idx, k ? progs[k] : from, copy) ||
			    target_init(&t, o, c, idx, copy, state)) {
				wrong++;
				continue;
			}
			t.quiet = 1;
			t.stop_at_fail = t.slow_after = k == 0;
			check_copy(&t, o->runs_given ? o->runs : 1, &ck);
			ok = solved(&ck);
			bad = first_failure(&ck);
			if (ok == (k > 0)) {
				printf("ok    %-26s %-30s %s%s%s%.40s\n", c->names[idx], what,
				       ok ? "solved" : "not solved: ", ok ? "" : bad->name,
				       ok ? "" : ": ", ok ? "" : bad->line[0]);
			} else {
				wrong++;
				printf("WRONG %-28s %-34s %s\n", c->names[idx], what,
				       ok ? "solved as shipped" : "the reference fix is not solved:");
				for (int m = 0; m < ck.nitems; m++)
					if (ck.items[m].st == ST_FAIL || ok)
						for (int l = 0; l < ck.items[m].nlines; l++)
							printf("        %s %s\n", l ? "  " : ck.items[m].name,
							       ck.items[m].line[l]);
			}
			fflush(stdout);
			target_free(&t);
		}
		globfree(&g);
	}
	printf("%d exercise%s verified, %d wrong.\n", n, n == 1 ? "" : "s", wrong);
	return wrong ? 1 : 0;
}

/* ---- main */

static int parse(struct options *o, int argc, char **argv)
{
	const char *const longs[] = { "dir", "runs", "give-up", "all", "root", "help", NULL };

	if (argc < 2)
		return rl_refuse("exercise needs a subcommand: list, start, check, watch, hint, solution, reset or verify (`./racelab help exercise`).");
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(rl_exercise_usage, stdout);
			return 0;
		}
	o->sub = argv[1];
	for (int k = 0; SUBS[k]; k++)
		if (!strcmp(o->sub, SUBS[k]))
			goto known;
	{
		const char *near = rl_closest(o->sub, SUBS);

		if (near)
			return rl_refuse("exercise has no subcommand `%s`: did you mean `%s`?", o->sub, near);
		return rl_refuse("exercise has no subcommand `%s`: it has list, start, check, watch, hint, solution, reset and verify.",
			      o->sub);
	}
known:
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *eq = strchr(a, '=');
		size_t len = eq ? (size_t)(eq - a) : strlen(a);
		const char *v = eq ? eq + 1 : NULL;

		if (a[0] != '-') {
			if (o->nnames == MAX_COURSE)
				return rl_refuse("too many names.");
			o->names[o->nnames++] = a;
			continue;
		}
		if (!strncmp(a, "--give-up", len) && len == 9 && !v) {
			o->give_up = 1;
			continue;
		}
		if (!strncmp(a, "--all", len) && len == 5 && !v) {
			o->all = 1;
			continue;
		}
		if ((len == 5 && !strncmp(a, "--dir", 5)) || (len == 6 && !strncmp(a, "--runs", 6)) ||
		    (len == 6 && !strncmp(a, "--root", 6))) {
			if (!v && (i + 1 >= argc || argv[i + 1][0] == '-'))
				return rl_refuse("`%.*s` needs a value.", (int)len, a);
			if (!v)
				v = argv[++i];
			if (a[2] == 'd') {
				o->dir = rl_user_path(v);
				o->dir_arg = v;
			}
			else if (a[3] == 'o')
				o->root = rl_user_path(v);
			else if (rl_parse_count("--runs", v, 1000, &o->runs))
				return 2;
			else
				o->runs_given = 1;
			continue;
		}
		{
			char stripped[64];
			const char *near;

			snprintf(stripped, sizeof stripped, "%.*s", (int)len, a + strspn(a, "-"));
			near = rl_closest(stripped, longs);
			if (near)
				return rl_refuse("exercise has no option `%.*s`: did you mean `--%s`?",
					      (int)len, a, near);
			return rl_refuse("exercise has no option `%.*s`: `./racelab help exercise` lists its options.",
				      (int)len, a);
		}
	}
	if (!strcmp(o->sub, "list") && o->nnames)
		return rl_refuse("exercise list takes no name, but was given `%s`.", o->names[0]);
	if (strcmp(o->sub, "list") && strcmp(o->sub, "verify") && o->nnames != 1)
		return rl_refuse(o->nnames ? "exercise %s takes one exercise name." :
			      "exercise %s needs an exercise name: `./racelab exercise list` shows the course.",
			      o->sub);
	if (o->give_up && strcmp(o->sub, "solution"))
		return rl_refuse("`--give-up` goes with `exercise solution` only.");
	if (o->all && strcmp(o->sub, "check") && strcmp(o->sub, "watch"))
		return rl_refuse("`--all` goes with `exercise check` and `exercise watch` only.");
	return -1;
}

int rl_exercise_main(int argc, char **argv)
{
	struct options o = { 0 };
	const char *ws = getenv("BUILD_WORKSPACE_DIRECTORY");
	static const char *const TOOL_VARS[] = { "TSAN_OPTIONS", "VALGRIND_OPTS",
						 "LD_PRELOAD", NULL };
	char ignored[128] = "";
	struct course c;
	int rc, idx = -1;

	o.root = ws && *ws ? ws : ".";
	o.runs = DEFAULT_RUNS;
	if ((rc = parse(&o, argc, argv)) >= 0)
		return rc;
	if (!o.dir) {
		char *d;

		if (asprintf(&d, "%s/workshop", o.root) < 0)
			abort();
		o.dir = d;
	}
	if (course_load(o.root, &c))
		return 2;
	if (o.nnames && strcmp(o.sub, "verify") &&
	    (idx = course_index(&c, o.names[0])) < 0)
		return unknown_exercise(&c, o.names[0]);
	if (idx >= 0 && course_check(o.root, &c, idx))
		return 2;
	/* a check judges the program, not the participant's tool settings */
	for (int k = 0; TOOL_VARS[k]; k++)
		if (getenv(TOOL_VARS[k])) {
			snprintf(ignored + strlen(ignored), sizeof ignored - strlen(ignored),
				 "%s%s", ignored[0] ? " and " : "", TOOL_VARS[k]);
			unsetenv(TOOL_VARS[k]);
		}
	if (ignored[0])
		setenv("RACELAB_IGNORED_OPTIONS", ignored, 1);
	if (!strcmp(o.sub, "list"))
		return cmd_list(&o, &c);
	if (!strcmp(o.sub, "start"))
		return cmd_start(&o, &c, idx);
	if (!strcmp(o.sub, "check"))
		return check_once(&o, &c, idx);
	if (!strcmp(o.sub, "watch"))
		return cmd_watch(&o, &c, idx);
	if (!strcmp(o.sub, "hint"))
		return cmd_hint(&o, &c, idx);
	if (!strcmp(o.sub, "solution"))
		return cmd_solution(&o, &c, idx);
	if (!strcmp(o.sub, "reset"))
		return cmd_reset(&o, &c, idx);
	return cmd_verify(&o, &c);
}
