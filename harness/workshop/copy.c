/* copy.c - the participant's copy: its source read (comments blanked,
 * identifiers, racelab.h's calls and the functions that make them) and
 * the copy written from a case or a reference fix (exercise_int.h).
 */
#define _GNU_SOURCE
#include "exercise_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/contract.h"
#include "harness/output.h"
#include "harness/util.h"
#include "harness/words.h"

/* ---- the participant's copy */

/* What each forcing call of racelab.h is for, said in the copy and when
 * one is missing. */
const struct rl_call RL_CALLS[] = {
	{ "rl_window_init", "says how many workers rl_window() waits for", 1 },
	{ "rl_window", "holds the race window open until every worker is in it, so the bug shows every run", 1 },
	{ "rl_worker_done", "tells rl_window() this worker will not come again", 1 },
	{ "rl_event_wait", "waits until another thread has got somewhere, forcing the order the bug needs", 1 },
	{ "rl_event_post", "tells the thread waiting in rl_event_wait() to go on", 1 },
	{ "rl_symptom", "is the program's own check: it reports a wrong result", 1 },
	{ "rl_marks_progress", "tells racelab's watchdog this program counts its progress", 1 },
	{ "rl_progress", "counts a unit of useful work, for racelab's livelock check", 1 },
	{ "rl_lock", "is pthread_mutex_lock() that also tells racelab's watchdog the thread waits; plain pthread_mutex_lock() works too", 0 },
	{ "rl_cond_wait", "is pthread_cond_wait() that also tells racelab's watchdog the thread waits; plain pthread_cond_wait() works too", 0 },
	{ "rl_sem_wait", "is sem_wait() that also tells racelab's watchdog the thread waits; plain sem_wait() works too", 0 },
	{ "rl_rdlock", "is pthread_rwlock_rdlock() that also tells racelab's watchdog the thread waits", 0 },
	{ "rl_wrlock", "is pthread_rwlock_wrlock() that also tells racelab's watchdog the thread waits", 0 },
	{ "rl_barrier_wait", "is pthread_barrier_wait() that also tells racelab's watchdog the thread waits", 0 },
	{ "rl_join", "is pthread_join() that also tells racelab's watchdog the thread waits", 0 },
	{ "rl_thread_name", "names the thread in racelab's reports", 0 },
};
_Static_assert(sizeof RL_CALLS / sizeof RL_CALLS[0] == NCALLS,
	       "NCALLS, in exercise_int.h, counts RL_CALLS");

/* A copy of text with its comments blanked (newlines kept, so lines
 * keep their numbers); string and character literals stay. */
char *ex_without_comments(const char *text)
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
void ex_each_identifier(const char *code,
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

void ex_uses_of(const char *text, struct uses *u)
{
	char *code = ex_without_comments(text);

	memset(u, 0, sizeof *u);
	ex_each_identifier(code, note_use, u);
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
		ex_each_identifier(body, note_use, &fs->f[k].calls);
		memset(fs->f[k].called, 0, sizeof fs->f[k].called);
		ex_each_identifier(body, note_callee, &callees);
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
int ex_gone_from_function(const struct rl_contract *fixes, int nfixes,
		       const char *copy, const char *orig, char *where,
		       size_t wlen)
{
	static struct funcs mine, before, theirs[8];
	char *code;

	if (nfixes > 8)
		nfixes = 8;
	code = ex_without_comments(copy);
	functions_of(code, &mine);
	free(code);
	code = ex_without_comments(orig);
	functions_of(code, &before);
	free(code);
	for (int x = 0; x < nfixes; x++) {
		size_t len;
		char *text = rl_read_file(fixes[x].path, &len);

		code = ex_without_comments(text ? text : "");
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
char *ex_body_of(const char *text)
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
void ex_clip_list(const char *text, int width, char *buf, size_t len)
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
int ex_write_copy(const struct options *o, const struct course *c,
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
	    !(body = ex_body_of(text))) {
		free(text);
		return rl_refuse("%s has no racelab header: %s", from, err);
	}
	ex_uses_of(body, &u);
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
