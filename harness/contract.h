/* contract.h - what a case program promises, read from its own file.
 *
 * The header is the file's first comment block, `key: value` lines:
 *
 *   racelab case: counter_increment
 *   bug: ...                      (continuation lines are indented)
 *   class: non-atomic-increment
 *   expect native: lost-update
 *   expect tsan: data-race
 *   expect helgrind: blind - why the tool cannot see it
 *   expect helgrind: clean, false-positive data-race - why it is flagged
 *   expect native: lost-update, by chance - why it shows only sometimes
 *   symptom: ...
 *   fix: ...
 *   concepts: critical section, atomicity, mutex   (what it teaches)
 *   hint: ...                     (any number, for the workshop)
 *   fairness: max-wait-ms 100 min-jain 0.5   (starvation thresholds)
 *
 * A header carries only its exceptions. Where it names no `expect D:`,
 * a fixed program or a suite's correct program (waiting/) expects
 * `clean`, and a broken one expects what detector D declares for
 * broken programs (rl_detector.broken_default), or nothing.
 *
 * A fix's header (fixed/X.c, fixed/X.ALT.c) names its case and says
 * only what differs; the story is its case's, read from cases/X.c:
 *
 *   racelab fix: counter_increment
 *   fix: ...                      (an alternative's own way; else the case's)
 *   expect drd: clean, false-positive data-race - ...
 *   fairness: ...
 *
 * Guilty lines carry a comment `racelab:mark LABEL`; the harness resolves
 * them to line numbers, so nothing in a contract is a line number.
 */
#ifndef RACELAB_CONTRACT_H
#define RACELAB_CONTRACT_H

#include <stddef.h>

enum rl_expect_kind {
	RL_EXPECT_FINDING,	/* the detector must report this category */
	RL_EXPECT_CHANCE,	/* it reports it when the bug happens to show */
	RL_EXPECT_BLIND,	/* the detector cannot see this bug */
	RL_EXPECT_CLEAN,	/* nothing to report (maybe a known false positive) */
};

struct rl_expect {
	char *detector;
	enum rl_expect_kind kind;
	int category;		/* FINDING: the category; CLEAN: the false
				 * positive's category, or -1 for none */
	char *reason;		/* the words after " - ", or NULL */
	char *text;		/* the line as written, for reports */
	int by_default;		/* not written: the default (see below) */
};

struct rl_mark {
	int line;
	char *label;
};

struct rl_contract {
	char *path;
	char *name, *bug, *cls, *symptom, *fix, *concepts;
	char **hints;
	size_t nhints;
	struct rl_expect *expects;
	size_t nexpects;
	struct rl_mark *marks;
	size_t nmarks;
	double max_wait_ms, min_jain;	/* `fairness:`; 0 when not given */
	int is_fix;		/* `racelab fix: CASE`: the story is CASE's */
};

/* Reads the contract of the program at path. On failure returns -1,
 * writes one sentence into err, and leaves c empty: nothing to free
 * (rl_contract_free on it is harmless). An `expect D:` naming a detector
 * racelab does not have, a NUL byte anywhere in the file and a file of
 * more than 1 MiB are failures. A fix's header takes its story from its
 * case, ../cases/CASE.c from the fix's folder: a fix that names another
 * case than its file's, a story line in a fix's header, and a case that
 * does not load are failures too. */
int rl_contract_load(const char *path, struct rl_contract *c, char *err,
		     size_t errlen);
/* The same from text already read (len bytes, not NUL-terminated; a NUL
 * byte in them is a failure, and so is more than 1 MiB); path only
 * names it in c->path and in err. A fix's header is read alone: no
 * story. */
int rl_contract_parse(const char *path, const char *text, size_t len,
		      struct rl_contract *c, char *err, size_t errlen);
void rl_contract_free(struct rl_contract *c);

/* The expectation for a detector: the header's line; else, for a
 * program that must be clean (correct: a fix, a suite's program),
 * `clean`; else the detector's default for a broken program; else NULL. */
const struct rl_expect *rl_contract_expect(const struct rl_contract *c,
					   const char *detector, int correct);
/* The header's own line for a detector, or NULL. */
const struct rl_expect *rl_contract_written(const struct rl_contract *c,
					    const char *detector);
/* The mark on a line, or NULL. */
const struct rl_mark *rl_contract_mark_at(const struct rl_contract *c,
					  int line);

#endif
