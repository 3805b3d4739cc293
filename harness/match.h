/* match.h - the same bug, as several tools reported it.
 *
 * Two findings from different detectors (or runs) are one bug when they
 * are of the same program, of the same category (a lock-order cycle
 * and a deadlock count as one: the cycle that happened), and point at a common
 * line of the program's own source: the innermost frame of any of their
 * stacks that lies in one of the program's folders (its sources' and its
 * -I folders, absolute, as its debug info names them). The stacks of a
 * thread's creation or an allocation count only when no other does.
 * Compilers do not agree on lines (gcc's TSan build puts a loop's load on
 * the loop's line, clang on the statement's), so findings that name the
 * same variable, or whose stacks reach the program's code in the same
 * function of the same file, are one bug too. A finding with no line of
 * the program (a crash, an exit-time report) joins the first bug of its
 * category, or is a bug of its own: it never joins two bugs together. Findings without any
 * such frame (the program's own check, a crash, a hang without stacks)
 * match by category alone. Matching is transitive: a group is a
 * connected set of findings.
 */
#ifndef RACELAB_MATCH_H
#define RACELAB_MATCH_H

#include <stddef.h>

#include "finding.h"

#define RL_MATCH_MAX_LOCS 8

struct rl_loc {
	const char *file;	/* as the frame names it */
	int line;
	const char *function;	/* may be NULL */
};

struct rl_match_entry {
	int program;		/* the caller's index */
	int detector;		/* the caller's index */
	int run;		/* 1-based */
	const struct rl_finding *finding;
	struct rl_loc locs[RL_MATCH_MAX_LOCS];
	size_t nlocs;
	size_t group;
};

struct rl_match_group {
	int program;
	enum rl_category category;
	struct rl_loc locs[RL_MATCH_MAX_LOCS];	/* sorted, distinct */
	size_t nlocs;
	size_t first;		/* its first entry */
};

struct rl_matches {
	struct rl_match_entry *e;
	size_t n, cap;
	struct rl_match_group *g;
	size_t ng;
};

/* Is file in one of dirs (absolute folders, no trailing slash)? */
int rl_match_mine(const char *file, const char *const *dirs, size_t ndirs);

/* The innermost frame of st in one of dirs, with a line; or NULL. */
const struct rl_frame *rl_match_frame(const struct rl_stack *st,
				      const char *const *dirs, size_t ndirs);

/* One stack, normalised, as compare and the workshop show it: "write 8
 * by thread 1 @ x.c:10 (bump)" for an access, "lock by main @ x.c:20 (f)"
 * for a lock; else the tool's label without its addresses, then where
 * (fr: the stack's frame in the program's own code, not NULL). */
void rl_stack_text(const struct rl_stack *st, const struct rl_frame *fr,
		   char *buf, size_t len);

/* Adds one finding of the program whose folders are dirs. */
void rl_match_add(struct rl_matches *m, int program, int detector, int run,
		  const struct rl_finding *f, const char *const *dirs,
		  size_t ndirs);

/* Groups what was added; groups are ordered by program, then by the
 * order their first finding was added. */
void rl_match_group(struct rl_matches *m);

/* How many distinct runs of detector saw group g. */
int rl_match_runs(const struct rl_matches *m, size_t g, int detector);

/* The first entry of group g from detector, or NULL. */
const struct rl_match_entry *rl_match_first(const struct rl_matches *m,
					    size_t g, int detector);

void rl_matches_free(struct rl_matches *m);

#endif
