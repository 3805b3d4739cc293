/* rules.c - a check's "rules" item: the participant's source read for
 * tricks that silence a tool or change what the check compiles, the
 * program's own check kept as the exercise wrote it (judge.c), and
 * racelab.h's calls kept (exercise_int.h).
 */
#define _GNU_SOURCE
#include "exercise_int.h"

#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness/output.h"
#include "harness/runner.h"
#include "harness/util.h"
#include "judge.h"

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
/* The bytes of one struct kept in a file of racelab's own, read back by
 * the same binary: written whole or not at all; 1 when read whole. */
static void save_raw(const char *file, const void *p, size_t size)
{
	FILE *f = rl_output_open(file);

	if (!f)
		return;
	if (fwrite(p, size, 1, f) != 1) {
		fclose(f);
		remove(file);
	} else if (fclose(f)) {
		remove(file);
	}
}

static int load_raw(const char *file, void *p, size_t size)
{
	FILE *f = fopen(file, "rb");
	size_t n;

	if (!f)
		return 0;
	n = fread(p, size, 1, f);
	fclose(f);
	return n == 1;
}

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

	if (stat(path, &st) != 0)
		return -1;
	snprintf(dir, sizeof dir, "%s/build", t->state);
	snprintf(file, sizeof file, "%s/judges-%s%s", dir,
		 strstr(path, "/fixed/") ? "fixed-" : "", base ? base + 1 : path);
	if (load_raw(file, &c, sizeof c) && c.size == st.st_size &&
	    c.mtime.tv_sec == st.st_mtim.tv_sec &&
	    c.mtime.tv_nsec == st.st_mtim.tv_nsec) {
		*out = c.judges;
		return 0;
	}
	if (rl_judges_of(path, t->include, dir, out, err, sizeof err))
		return -1;
	memset(&c, 0, sizeof c);
	c.size = st.st_size;
	c.mtime = st.st_mtim;
	c.judges = *out;
	save_raw(file, &c, sizeof c);
	return 0;
}

/* The copy's judges, read beside the build: clang's AST of the copy is
 * some 12 MB of JSON (the headers' declarations with it), and reading it
 * takes as long as the build does. A child reads it into `ahead_file`;
 * the check takes it from there, or reads it itself when the child did
 * not finish (and so says clang's words). */
static pid_t ahead = -1;
static char ahead_file[PATH_MAX + 32];

void ex_rules_start(const struct target *t)
{
	char dir[PATH_MAX + 32], err[512];

	snprintf(dir, sizeof dir, "%s/build/ahead", t->state);
	snprintf(ahead_file, sizeof ahead_file, "%s/judges", dir);
	mkdir(dir, 0755);	/* in the build folder, made before */
	remove(ahead_file);
	fflush(stdout);
	fflush(stderr);
	if ((ahead = fork()) == 0) {
		static struct rl_judges j;

		rl_runner_init();
		if (rl_judges_of(t->copy, t->include, dir, &j, err, sizeof err) == 0)
			save_raw(ahead_file, &j, sizeof j);
		_exit(0);
	}
}

/* Waits for the child that reads ahead (ends it first if kill); 1 when
 * it left the copy's judges in *out. */
static int ahead_end(int kill_it, struct rl_judges *out)
{
	int status = 0, got = 0;

	if (ahead <= 0)
		return 0;
	if (kill_it)
		kill(ahead, SIGTERM);
	while (waitpid(ahead, &status, 0) < 0 && errno == EINTR)
		;
	ahead = -1;
	if (!kill_it && out && WIFEXITED(status))
		got = load_raw(ahead_file, out, sizeof *out);
	remove(ahead_file);
	return got;
}

void ex_rules_stop(void)
{
	ahead_end(1, NULL);
}

/* The judges of the exercise's original and of its fixes (up to 8),
 * from their cache; -1 when the original's cannot be read. */
static int catalogue_judges(const struct target *t, struct rl_judges *orig,
			    struct rl_judges fixes[8], size_t *nf)
{
	char path[PATH_MAX];
	glob_t g = { 0 };

	*nf = 0;
	snprintf(path, sizeof path, "%s/cases/%s.c", t->o->root, t->name);
	if (judges_cached(t, path, orig))
		return -1;
	snprintf(path, sizeof path, "%s/fixed/%s.c", t->o->root, t->name);
	if (judges_cached(t, path, &fixes[*nf]) == 0)
		(*nf)++;
	snprintf(path, sizeof path, "%s/fixed/%s.*.c", t->o->root, t->name);
	if (glob(path, 0, NULL, &g) == 0)
		for (size_t k = 0; k < g.gl_pathc && *nf < 8; k++)
			if (judges_cached(t, g.gl_pathv[k], &fixes[*nf]) == 0)
				(*nf)++;
	globfree(&g);
	return 0;
}

void ex_rules_prepare(struct target *t)
{
	static struct rl_judges orig, fixes[8];
	char dir[PATH_MAX + 16];
	size_t nf;

	snprintf(t->include, sizeof t->include, "%s/harness/case", t->o->root);
	snprintf(dir, sizeof dir, "%s/build", t->state);
	mkdir(dir, 0755);
	catalogue_judges(t, &orig, fixes, &nf);
}

static const char *judges_kept(const struct target *t, char *why, size_t len)
{
	static struct rl_judges orig, fixes[8], copy;
	char dir[PATH_MAX + 16], err[512];
	const struct rl_judge *j;
	const struct rl_exit *x;
	size_t nf = 0;

	snprintf(dir, sizeof dir, "%s/build", t->state);
	if (catalogue_judges(t, &orig, fixes, &nf) ||
	    (!ahead_end(0, &copy) &&
	     rl_judges_of(t->copy, t->include, dir, &copy, err, sizeof err)))
		return NULL;
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
		 x->line, x->text, copy.n ? copy.v[0].line : 0);
	return "skips the program's own check, which is not a fix";
}

void ex_rules(struct target *t, struct check *ck)
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
	ex_uses_of(text ? text : "", &mine);
	ex_uses_of(ftext ? ftext : "", &theirs);
	ex_uses_of(otext ? otext : "", &before);
	code = ex_without_comments(text ? text : "");
	ex_each_identifier(code, look_for_tricks, &s);
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
	ex_rules_stop();	/* a trick found before it was needed */
	if (getenv("RACELAB_IGNORED_OPTIONS") && !t->quiet)
		printf("  (the check ignores your %s)\n", getenv("RACELAB_IGNORED_OPTIONS"));
	if (s.why[0]) {
		it = ex_add_item(ck, "rules", ST_FAIL, "%s", s.head);
		snprintf(why, sizeof why, "  %s", s.why);
		ex_add_detail(it, why);
	} else {
		it = NULL;
		for (size_t k = 0; k < NCALLS && !it; k++)
			if (RL_CALLS[k].required && before.used[k] && theirs.used[k] &&
			    !mine.used[k]) {
				it = ex_add_item(ck, "rules", ST_FAIL, "%s() is gone, and the check needs it",
					      RL_CALLS[k].name);
				snprintf(why, sizeof why, "  it %s: put it back", RL_CALLS[k].purpose);
				ex_add_detail(it, why);
			}
		if (!it) {
			char where[64];
			int c = ex_gone_from_function(t->fixes, t->nfixes, text ? text : "",
						   otext ? otext : "", where, sizeof where);

			if (c >= 0) {
				it = ex_add_item(ck, "rules", ST_FAIL, "%s() is gone from %s(), and the check needs it there",
					      RL_CALLS[c].name, where);
				snprintf(why, sizeof why, "  it %s; %s() calls it in the exercise and in the reference fix, whatever else changes: put it back in %s()",
					 RL_CALLS[c].purpose, where, where);
				ex_add_detail(it, why);
			}
		}
		if (!it)
			ex_add_item(ck, "rules", ST_OK, "no tool silenced, racelab.h's calls kept");
	}
	free(text);
	free(ftext);
	free(otext);
}
