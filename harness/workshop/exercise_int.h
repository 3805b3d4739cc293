/* exercise_int.h - what the files of `racelab exercise` share, in
 * harness/workshop: course.c (the course, the progress), copy.c (the
 * participant's copy), rules.c (tricks, the rules item), screen.c (the
 * items, the progress line), reference.c (the probe, the reference fix),
 * check.c (checking a copy) and commands.c (the command line, the
 * subcommands). Not for outside the workshop: harness/exercise.h is its
 * interface.
 */
#ifndef RACELAB_EXERCISE_INT_H
#define RACELAB_EXERCISE_INT_H

#include <jansson.h>
#include <limits.h>
#include <stddef.h>

#include "harness/contract.h"
#include "harness/detector.h"

#define MAX_COURSE 256
#define MAX_ITEMS 16
#define ITEM_LINES 30
#define PROBE_FIELDS 4

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

/* ---- the course (course.c) */

struct course {
	char *names[MAX_COURSE];
	char *parts[MAX_COURSE];	/* the part each one is in */
	int lines[MAX_COURSE];		/* where course.txt names it */
	int n;
};

/* Reads cases/course.txt under root into c; 0, else one sentence and 2. */
int ex_course_load(const char *root, struct course *c);
/* Is the i-th exercise a case with a fix? Else one sentence, and 2. */
int ex_course_check(const char *root, const struct course *c, int i);
/* The index of the exercise so named, or -1. */
int ex_course_index(const struct course *c, const char *name);
/* No exercise of that name: one sentence (the nearest name), and 2. */
int ex_unknown_exercise(const struct course *c, const char *name);

/* ---- progress: DIR/progress.json (course.c) */

/* The progress file, or a fresh one where it is missing or malformed. */
json_t *ex_progress_load(const struct options *o);
/* The exercise's entry in p, added as "not started" where missing. */
json_t *ex_progress_of(json_t *p, const char *name);
/* The exercise's status in p ("not started" where it has none). */
const char *ex_status_of(json_t *p, const char *name);
/* The integer under key in entry e (0 where there is none). */
int ex_int_of(json_t *e, const char *key);
/* Now, in UTC, as 2024-01-31T12:00:00Z. */
void ex_now_text(char *buf, size_t len);
/* The first unsolved exercise after the after-th (round); -1: none. */
int ex_next_unsolved(json_t *p, const struct course *c, int after);
/* "Next: ./racelab exercise start|check NAME", or done where next is -1. */
void ex_print_next(json_t *p, const struct course *c, int next,
		const char *done);
/* Writes p whole to a fresh file renamed over the old one; 0, or -1 said. */
int ex_progress_save(const struct options *o, json_t *p);

/* ---- the participant's copy (copy.c) */

/* A forcing call of racelab.h and what it is for (RL_CALLS, copy.c). */
struct rl_call {
	const char *name, *purpose;
	int required;	/* the check cannot judge without it */
};
/* racelab.h's calls (copy.c), NCALLS of them (checked there). */
extern const struct rl_call RL_CALLS[];
#define NCALLS 16

struct uses {
	int used[NCALLS];
};

/* A copy of text with its comments blanked, lines kept; free() it. */
char *ex_without_comments(const char *text);
/* Calls fn for each identifier of code (comment-free) with its line. */
void ex_each_identifier(const char *code,
		     void (*fn)(const char *id, size_t len,
				const char *after, int line, void *),
		     void *arg);
/* Which of RL_CALLS the text (comments aside) names. */
void ex_uses_of(const char *text, struct uses *u);
/* A required call gone from a function: its index, where; or -1. */
int ex_gone_from_function(const struct rl_contract *fixes, int nfixes,
		       const char *copy, const char *orig, char *where,
		       size_t wlen);
/* The program after its racelab header, marks taken out; NULL: no header. */
char *ex_body_of(const char *text);
/* text cut at its last ", " that fits in width (or at width), into buf. */
void ex_clip_list(const char *text, int width, char *buf, size_t len);
/* Writes the participant's copy of program from to path; 0, or 2 said. */
int ex_write_copy(const struct options *o, const struct course *c,
	       int idx, const char *from, const char *path);

/* ---- checking a copy: its items, what it checks */

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

/* ---- the items and the screen (screen.c) */

/* Adds an item to ck, its first line (the verdict) made from fmt. */
struct item *ex_add_item(struct check *ck, const char *name, enum state st,
		      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Adds a line of detail to it, while there is room. */
void ex_add_detail(struct item *it, const char *text);

/* The progress line: on a terminal, what runs now and since when. */
struct progress_line {
	int on;
	char what[120];
	double since, shown;
};
/* The one progress line (screen.c); check_once() turns it on. */
extern struct progress_line ex_progress;
/* Draws the progress line again, in place. */
void ex_progress_draw(void);
/* Says what runs now on the progress line, timed from its first call. */
void ex_progress_set(const struct target *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Takes the progress line off the screen, and its tick off the runner. */
void ex_progress_clear(void);
/* The items of ck as a JSON array, for the slow detectors' process. */
json_t *ex_items_json(const struct check *ck);
/* Adds to ck the items of such an array. */
void ex_items_from_json(struct check *ck, json_t *a);
/* What the screen shows of one item (nothing when t is quiet). */
void ex_print_item(const struct target *t, const struct item *it);

/* ---- the rules (rules.c) */

/* Starts reading the copy's own check (clang's AST of it) beside its
 * build, for ex_rules(); ex_rules_stop() ends it when the check ends
 * before the rules. */
void ex_rules_start(const struct target *t);
void ex_rules_stop(void);
/* Reads the original's and the fixes' own checks into the exercise's
 * state folder, once (`exercise start`), so a check reads only the
 * copy's. */
void ex_rules_prepare(struct target *t);
/* Adds the "rules" item: no tool silenced, racelab.h's calls kept. */
void ex_rules(struct target *t, struct check *ck);

/* ---- the copy against the reference fix (reference.c) */

/* Builds probe.so once, into DIR/.racelab; 0, or -1 and err. */
int ex_probe_build(const struct target *t, char *so, size_t len,
		char *err, size_t errlen);
/* Reads a probed run's counts from path into p (p->ok when all there). */
void ex_probe_read(const char *path, struct probe *p);
/* The environment of a probed run: the probe loaded, stem the program. */
void ex_probe_env(const char *so, const char *stem);
/* The reference fix's counts, measured once and kept; 0, or -1. */
int ex_reference_probe(struct target *t, const char *so, struct probe *ref);
/* Adds the "work" item: the copy's threads do the work at once. */
void ex_judge_work(const struct target *t, struct check *ck, int started);
/* Adds the "threads" item: the copy's counts against the reference's. */
void ex_judge_probe(struct check *ck, const struct probe *p,
		 const struct probe *ref, int stuck);

/* ---- checking a copy (check.c) */

/* Runs the copy under d `runs` times as one item; 0 to 3 (see check.c). */
int ex_run_detector(struct target *t, const struct rl_detector *d,
		 int runs, struct check *ck, struct probe *probed);
/* Builds and runs the copy; fills ck, printing each item unless quiet. */
void ex_check_copy(struct target *t, int runs, struct check *ck);
/* The first failing item of ck, or NULL. */
const struct item *ex_first_failure(const struct check *ck);
/* Did the copy compile, and nothing fail? */
int ex_solved(const struct check *ck);
/* t for the idx-th exercise: its contracts, copy, state; 0, or 2 said. */
int ex_target_init(struct target *t, const struct options *o,
		const struct course *c, int idx, const char *copy,
		const char *state);
/* Frees what ex_target_init() loaded. */
void ex_target_free(struct target *t);

#endif
