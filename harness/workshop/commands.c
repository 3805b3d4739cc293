/* commands.c - `racelab exercise` (harness/exercise.h): its usage, its
 * command line, and the subcommands list, start, check, watch, hint,
 * solution, reset and verify (exercise_int.h).
 */
#define _GNU_SOURCE
#include "harness/exercise.h"

#include <errno.h>
#include <glob.h>
#include <jansson.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exercise_int.h"
#include "harness/contract.h"
#include "harness/output.h"
#include "harness/runner.h"
#include "harness/session.h"
#include "harness/util.h"
#include "harness/words.h"

#define DEFAULT_RUNS 3

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

static const char *const SUBS[] = { "list", "start", "check", "watch", "hint",
				    "solution", "reset", "verify", NULL };

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
	json_t *p = ex_progress_load(o);
	const char *part = NULL;
	int solved_n = 0;
	int colour = isatty(1) && !getenv("NO_COLOR");

	for (int i = 0; i < c->n; i++)
		if (ex_course_check(o->root, c, i)) {
			json_decref(p);
			return 2;
		}
	for (int i = 0; i < c->n; i++) {
		const char *st = ex_status_of(p, c->names[i]);
		struct rl_contract k;
		char path[PATH_MAX], err[256], concepts[128];
		/* solved once, and the last check of the copy failed */
		int fails_now = json_is_true(json_object_get(ex_progress_of(p, c->names[i]),
							     "fails_now"));
		const char *box = !strcmp(st, "solved") ? fails_now ? "[!]" : "[x]" :
				  !strcmp(st, "not started") ? "[ ]" : "[~]";

		if (c->parts[i] != part && c->parts[i][0])
			printf("%s%s\n", part ? "\n" : "", c->parts[i]);
		part = c->parts[i];
		snprintf(path, sizeof path, "%s/cases/%s.c", o->root, c->names[i]);
		if (rl_contract_load(path, &k, err, sizeof err) != 0)
			k.concepts = NULL;
		ex_clip_list(k.concepts ? k.concepts : "", 40, concepts, sizeof concepts);
		printf("  %s%s%s %2d %-29s %s\n",
		       colour && box[1] == 'x' ? "\033[32m" : "", box,
		       colour && box[1] == 'x' ? "\033[0m" : "", i + 1,
		       c->names[i], fails_now ? "solved once; your copy fails now" : concepts);
		if (k.path)
			rl_contract_free(&k);
		solved_n += box[1] == 'x' || box[1] == '!';
	}
	printf("\n%d of %d solved. ", solved_n, c->n);
	ex_print_next(p, c, ex_next_unsolved(p, c, -1), "The course is done.");
	json_decref(p);
	return 0;
}

static int cmd_start(const struct options *o, const struct course *c, int idx)
{
	char copy[PATH_MAX], from[PATH_MAX], state[PATH_MAX + 16], *abs;
	struct stat st;
	struct target t;
	json_t *p, *e;

	if (rl_make_dirs(o->dir) != 0)
		return rl_refuse("cannot create %s (%s).", o->dir, strerror(errno));
	copy_path(o, c->names[idx], copy, sizeof copy);
	if (stat(copy, &st) == 0)
		return rl_refuse("%s is there already, with your work: check it with `./racelab exercise check %s`, or start again with `./racelab exercise reset %s`.",
			      copy, c->names[idx], c->names[idx]);
	snprintf(from, sizeof from, "%s/cases/%s.c", o->root, c->names[idx]);
	if (ex_write_copy(o, c, idx, from, copy))
		return 2;
	/* what every check of it compares the copy with, read now, not at
	 * its first check (some 0.6 s a program) */
	snprintf(state, sizeof state, "%s/.racelab/%s", o->dir, c->names[idx]);
	if ((abs = realpath(copy, NULL)) && !ex_target_init(&t, o, c, idx, abs, state)) {
		ex_rules_prepare(&t);
		ex_target_free(&t);
	}
	free(abs);
	p = ex_progress_load(o);
	e = ex_progress_of(p, c->names[idx]);
	if (!strcmp(ex_status_of(p, c->names[idx]), "not started"))
		json_object_set_new(e, "status", json_string("in progress"));
	ex_progress_save(o, p);
	json_decref(p);
	printf("Exercise %d of %d: %s, in %s\n\n", idx + 1, c->n, c->names[idx], copy);
	printf("Edit it so that it is right every run, then:\n"
	       "  ./racelab exercise check %s      (or watch: it checks on every save)\n",
	       c->names[idx]);
	return 0;
}

/* explore's story of the bug in the copy as it was started (the broken
 * program, forcing off), at the copy's lines: its rows (a JSON array, a
 * new reference), or NULL when the search found no bug or could not
 * run (its output is kept in the state folder, hint/explore.log). */
static json_t *story_of_original(const struct options *o,
				 const struct course *c, int idx)
{
	const char *name = c->names[idx];
	char dir[PATH_MAX], copy[PATH_MAX + 64], out[PATH_MAX + 64];
	char from[PATH_MAX + 64], log[PATH_MAX + 64], doc_path[PATH_MAX + 128];
	struct rl_spawn s = { 0 };
	struct rl_outcome oc;
	json_t *doc, *rows = NULL;

	snprintf(dir, sizeof dir, "%s/.racelab/%s/hint", o->dir, name);
	rl_make_dirs(dir);
	/* the copy as `exercise start` wrote it, under its own name, so
	 * the story's file:line are the participant's */
	snprintf(copy, sizeof copy, "%s/%s.c", dir, name);
	snprintf(from, sizeof from, "%s/cases/%s.c", o->root, name);
	if (ex_write_copy(o, c, idx, from, copy))
		return NULL;
	snprintf(out, sizeof out, "%s/explore", dir);
	snprintf(log, sizeof log, "%s/explore.log", dir);
	rl_spawn_arg(&s, "/proc/self/exe");
	rl_spawn_arg(&s, "explore");
	rl_spawn_arg(&s, "%s", copy);
	rl_spawn_arg(&s, "-DRL_NO_FORCING");
	rl_spawn_arg(&s, "--root=%s", o->root);
	rl_spawn_arg(&s, "--out=%s", out);
	rl_spawn_arg(&s, "--seconds=20");
	s.stdout_path = log;
	s.stderr_path = log;
	s.timeout_s = 120;
	s.max_output_bytes = 1 << 20;
	printf("(racelab explore is searching your copy as you started it, forcing off ...)\n");
	fflush(stdout);
	if (rl_run(&s, &oc) == 0 && oc.how == RL_EXITED && oc.exit_code == 1) {
		snprintf(doc_path, sizeof doc_path, "%s/%s/explore.json", out, name);
		doc = json_load_file(doc_path, 0, NULL);
		rows = json_object_get(json_array_get(json_object_get(doc, "bugs"), 0),
				       "story");
		if (json_is_array(rows) && json_array_size(rows))
			json_incref(rows);
		else
			rows = NULL;
		json_decref(doc);
	}
	rl_spawn_free(&s);
	return rows;
}

static int cmd_hint(const struct options *o, const struct course *c, int idx)
{
	struct rl_contract k;
	char path[PATH_MAX], err[512];
	json_t *p = ex_progress_load(o), *e = ex_progress_of(p, c->names[idx]);
	json_t *story, *row;
	int used = ex_int_of(e, "hints");
	size_t i;

	snprintf(path, sizeof path, "%s/cases/%s.c", o->root, c->names[idx]);
	if (rl_contract_load(path, &k, err, sizeof err) != 0) {
		json_decref(p);
		return rl_refuse("%s", err);
	}
	if ((size_t)used < k.nhints) {
		printf("Hint %d of %zu for %s:\n  %s\n", used + 1, k.nhints,
		       c->names[idx], k.hints[used]);
		used++;
	} else if ((size_t)used == k.nhints && (story = story_of_original(o, c, idx))) {
		/* the bug as it happens, before the fix in words */
		printf("A hint for %s:\n"
		       "a schedule in which your copy, as you started it, goes wrong (racelab\n"
		       "explore, nothing forced; read it top to bottom, a column a thread):\n\n",
		       c->names[idx]);
		json_array_foreach(story, i, row)
			printf("  %s\n", json_string_value(row));
		json_decref(story);
		used++;
	} else if ((size_t)used <= k.nhints + 1 && k.fix) {
		printf("The last hint for %s, the fix in words:\n  %s\n", c->names[idx], k.fix);
		used = (int)k.nhints + 2;
	} else {
		printf("No hints are left for %s: `./racelab exercise solution %s --give-up` shows the reference fix.\n",
		       c->names[idx], c->names[idx]);
	}
	json_object_set_new(e, "hints", json_integer(used));
	ex_progress_save(o, p);
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
		body = text ? ex_body_of(text) : NULL;
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
	json_t *p = ex_progress_load(o), *e = ex_progress_of(p, name);
	char pattern[PATH_MAX], fix[PATH_MAX];
	glob_t g;
	int rc;

	if (strcmp(ex_status_of(p, name), "solved") && !o->give_up) {
		json_decref(p);
		return rl_refuse("`%s` is not solved yet: the reference fix is shown once it is, or with `--give-up`.",
			      name);
	}
	if (strcmp(ex_status_of(p, name), "solved")) {
		json_object_set_new(e, "gave_up", json_true());
		ex_progress_save(o, p);
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
	if (ex_write_copy(o, c, idx, from, copy))
		return 2;
	snprintf(state, sizeof state, "%s/.racelab/%s/reference.probe", o->dir, c->names[idx]);
	remove(state);
	p = ex_progress_load(o);
	if (strcmp(ex_status_of(p, c->names[idx]), "solved"))
		json_object_set_new(ex_progress_of(p, c->names[idx]), "status",
				    json_string("in progress"));
	ex_progress_save(o, p);
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
	if (ex_target_init(&t, o, c, idx, abs, state)) {
		free(abs);
		return 2;
	}
	t.colour = isatty(1) && !getenv("NO_COLOR");
	t.stop_at_fail = !o->all;
	ex_progress.on = isatty(2);
	printf("racelab exercise check %s: %s%s%s.c\n\n", name,
	       o->dir_arg ? o->dir_arg : "workshop", "/", name);
	fflush(stdout);
	ex_check_copy(&t, o->runs, &ck);
	ok = ex_solved(&ck);
	p = ex_progress_load(o);
	e = ex_progress_of(p, name);
	json_object_set_new(e, "checks", json_integer(ex_int_of(e, "checks") + 1));
	printf("\n");
	if (ok) {
		int was = !strcmp(ex_status_of(p, name), "solved"), done = 0;
		char when[32];

		if (!was) {
			ex_now_text(when, sizeof when);
			json_object_set_new(e, "status", json_string("solved"));
			json_object_set_new(e, "solved_at", json_string(when));
		}
		json_object_del(e, "fails_now");
		for (int i = 0; i < c->n; i++)
			done += !strcmp(ex_status_of(p, c->names[i]), "solved");
		printf("%sSolved%s: every detector is clean, and the threads still run at once.\n",
		       t.colour ? "\033[1;32m" : "", t.colour ? "\033[0m" : "");
		printf("%d of %d solved, %d hint%s used here. The reference fix:\n"
		       "  ./racelab exercise solution %s\n", done, c->n, ex_int_of(e, "hints"),
		       ex_int_of(e, "hints") == 1 ? "" : "s", name);
		ex_print_next(p, c, ex_next_unsolved(p, c, idx), "That was the whole course.");
	} else {
		bad = ex_first_failure(&ck);
		if (!strcmp(ex_status_of(p, name), "not started"))
			json_object_set_new(e, "status", json_string("in progress"));
		if (!strcmp(ex_status_of(p, name), "solved"))
			json_object_set_new(e, "fails_now", json_true());
		char said[400];
		int room = 80 - 19 - (int)strlen(bad ? bad->name : ""), cut = 0;

		/* the first failing line, cut at a word to fit 80 columns
		 * (its whole is above, on the line's own rows) */
		if (!ck.compiled)
			snprintf(said, sizeof said, "it does not compile (the first error is above)");
		else
			snprintf(said, sizeof said, "%s", bad ? bad->line[0] : "");
		if ((int)strlen(said) > room) {
			cut = room - 4;
			while (cut > 0 && said[cut] != ' ')
				cut--;
			snprintf(said + (cut > 0 ? cut : room - 4), 5, " ...");
		}
		printf("%sNot solved yet%s: %s%s%s%s\n", t.colour ? "\033[1;31m" : "",
		       t.colour ? "\033[0m" : "", ck.compiled && bad ? bad->name : "",
		       ck.compiled && bad ? ": " : "", said, cut ? "" : ".");
		printf("Next: change your copy, then check again. A hint (%d used):\n"
		       "  ./racelab exercise hint %s\n", ex_int_of(e, "hints"), name);
	}
	if (!ck.slow_started)
		printf("Checked in %.1f s: build %.1f s, runs %.1f s.\n",
		       ck.total_s, ck.build_s, ck.fast_s);
	else if (ck.slow_stopped)
		printf("Checked in %.1f s: build %.1f s, runs %.1f s; Helgrind and DRD stopped early.\n",
		       ck.total_s, ck.build_s, ck.fast_s);
	else
		printf("Checked in %.1f s: build %.1f s, runs %.1f s, Helgrind and DRD %.1f s beside.\n",
		       ck.total_s, ck.build_s, ck.fast_s, ck.slow_s);
	ex_progress_save(o, p);
	json_decref(p);
	ex_target_free(&t);
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
		int idx = o->nnames ? ex_course_index(c, o->names[i]) : i;
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
				return ex_unknown_exercise(c, o->names[i]);
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
			if (ex_write_copy(o, c, idx, k ? progs[k] : from, copy) ||
			    ex_target_init(&t, o, c, idx, copy, state)) {
				wrong++;
				continue;
			}
			t.quiet = 1;
			t.stop_at_fail = t.slow_after = k == 0;
			ex_check_copy(&t, o->runs_given ? o->runs : 1, &ck);
			ok = ex_solved(&ck);
			bad = ex_first_failure(&ck);
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
			ex_target_free(&t);
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
	if (ex_course_load(o.root, &c))
		return 2;
	if (o.nnames && strcmp(o.sub, "verify") &&
	    (idx = ex_course_index(&c, o.names[0])) < 0)
		return ex_unknown_exercise(&c, o.names[0]);
	if (idx >= 0 && ex_course_check(o.root, &c, idx))
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
