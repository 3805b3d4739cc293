/* verdict.h - findings and how the run ended, held against the contract.
 * Knows nothing of how the findings were obtained. */
#ifndef RACELAB_VERDICT_H
#define RACELAB_VERDICT_H

#include "contract.h"
#include "finding.h"
#include "runner.h"

enum rl_verdict {
	RL_DETECTED,		/* expected finding, at a marked line: pass */
	RL_MISSED,		/* expected finding not there: fail */
	RL_NOT_SHOWN,		/* a by-chance bug did not show this run: pass */
	RL_BLIND,		/* declared blind, said nothing: pass */
	RL_UNEXPECTED,		/* declared blind, said something: fail */
	RL_CLEAN,		/* nothing expected, nothing said: pass */
	RL_FLAGGED,		/* nothing expected, something said: fail */
	RL_FALSE_POSITIVE,	/* only the declared false positive: pass */
	RL_HUNG,		/* a fix the watchdog stopped: it hangs or
				 * spins, so nothing it did counts: fail */
	RL_NO_CONTRACT,		/* the header says nothing of this detector */
	RL_ERROR,		/* the run itself went wrong: fail */
	RL_FOUND,		/* no contract (compare): the detector said
				 * something */
};

struct rl_judgement {
	enum rl_verdict verdict;
	char why[768];		/* one sentence */
	char next[512];		/* the reader's next step, "" on a pass */
};

const char *rl_verdict_name(enum rl_verdict v);
int rl_verdict_passes(enum rl_verdict v);

/* What the run produced, for judging. */
struct rl_evidence {
	const char *detector;
	const char *source;	/* the program's source, as the contract's path */
	const char *source_suffix;	/* "cases/x.c": how frames name it */
	const char *rerun;	/* the command that repeats this run */
	int is_fix;		/* a fixed variant: its contract may expect
				 * nothing but clean (or a known false positive) */
	const struct rl_findings *findings;
	const struct rl_outcome *outcome;
	int findings_exit_code;
	int parse_failed;
	const char *parse_error;
	/* the tool's output was read, but not to the end the tool gives it
	 * (broken or cut XML, a report cut short): with the run ended by the
	 * program itself, what the tool did not say cannot be judged */
	int output_incomplete;
	/* reports the tool made after racelab's own SIGTERM at the time
	 * limit, set aside (the session dropped them from findings) */
	size_t after_stop;
	/* what the watchdog concluded, when it ended the run or found
	 * starvation: said beside any verdict, so a hang under a blind tool
	 * is explained rather than timed out */
	const struct rl_finding *liveness;
	/* at a timeout, whether the program's threads were still using CPU
	 * (and whether it marks progress): what can honestly be said */
	int was_busy, marks_progress;
	double progress_age_s;	/* how long before the end progress was
				 * last marked (marks_progress only) */
	/* at a timeout with nothing running: who was waiting, in what */
	const char *waiting;
	/* the tool's own failure, in its words ("" or NULL: none): then
	 * nothing it said or did not say is a verdict on the program */
	const char *tool_failed;
	/* reports the tool matched to the user's suppressions and did not
	 * show: said beside a missed or clean verdict, which they may make;
	 * the next step names where they come from (user_options, as the
	 * detector says: "TSAN_OPTIONS"; NULL: "tool options") */
	int suppressed;
	const char *user_options;
	/* the verdict is the watchdog's own (the watchdog detector) */
	int on_liveness;
	/* the tool writes some reports only at exit (Helgrind: locks still
	 * held), which a stopped run never reaches */
	int reports_at_exit;
	/* why the tool cannot see this program at all ("" or NULL: it
	 * can): with no contract, its silence is then blind, not clean */
	const char *blind;
	/* how much of its search the tool did, when less than asked ("" or
	 * NULL: all of it): said beside "reported nothing" */
	const char *scope;
};

/* Against the contract c; with c NULL (a program racelab did not write:
 * compare), on what was found alone: found, clean, hung or error. */
void rl_judge(const struct rl_contract *c, const struct rl_evidence *e,
	      struct rl_judgement *j);

/* The first frame of f in the program's source (any stack, in order), or
 * NULL. "Where a finding points". */
const struct rl_frame *rl_finding_where(const struct rl_finding *f,
					const char *source_suffix, int nth);

#endif
