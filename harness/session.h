/* session.h - one (case, variant, detector) run from start to verdict:
 * find the program, run it under the detector, read the findings and the
 * program's own symptom, judge them against its contract. */
#ifndef RACELAB_SESSION_H
#define RACELAB_SESSION_H

#include "contract.h"
#include "detector.h"
#include "finding.h"
#include "watchdog.h"
#include "runner.h"
#include "verdict.h"

/* Where the programs are: sources and binaries side by side under root
 * (Bazel's runfiles tree), as cases/NAME.c + cases/NAME + cases/NAME_tsan
 * and fixed/NAME[.ALT].c likewise. */
struct rl_layout {
	const char *root;
	const char *raw_dir;	/* each run's raw output goes below here */
};

struct rl_result {
	char case_name[128];
	char variant[64];	/* broken | fixed | fixed.ALT */
	const struct rl_detector *detector;
	int run;		/* 1-based, for --runs */
	char source[1024];	/* root/cases/NAME.c */
	char suffix[256];	/* cases/NAME.c */
	char binary[1024];
	char rerun[512];
	struct rl_contract contract;
	int contract_loaded;
	struct rl_findings findings;	/* what the detector said */
	struct rl_findings symptoms;	/* what the program's own check said */
	struct rl_watchdog watchdog;	/* the watchdog: what it saw */
	struct rl_fairness fairness;	/* the starvation thresholds it judged by */
	struct rl_parse_info info;
	/* reports the tool made after racelab's own SIGTERM at the time
	 * limit (its checks at exit), set aside as not the program's */
	size_t after_stop;
	struct rl_outcome outcome;
	struct rl_run_files files;
	struct rl_judgement judgement;
	const char *const *args;	/* the program's own arguments */
	size_t nargs;
	/* a program of several files: the others, absolute (the page
	 * shows each) */
	const char *const *more_sources;
	size_t nmore;
};

/* The suites: folders of correct programs that are not teaching cases
 * (waiting/: programs that wait in every way); the folder's name is the
 * variant's, and each program must be clean under every detector. */
extern const char *const rl_suites[];

/* The source file of a variant: "cases/NAME.c", "fixed/NAME.c",
 * "fixed/NAME.ALT.c", "SUITE/NAME.c" (relative to the root). */
void rl_variant_source(const char *case_name, const char *variant, char *buf,
		       size_t len);

/* Lists the variants present for a case: "broken", "fixed", "fixed.ALT",
 * then any suite that holds a program of that name...
 * Returns how many were written (at most max). */
size_t rl_variants(const struct rl_layout *l, const char *case_name,
		   char (*out)[64], size_t max);

/* The resident memory a run's processes may hold together, the tool's
 * included, for every run from here on (default: 4 GiB; --memory). */
void rl_session_max_resident(unsigned long bytes);

/* --memory SIZE, as typed: the runs' limit and the compilers' (build.h),
 * or a sentence on stderr and -1. */
int rl_session_memory_option(const char *text);

/* What every run of this process asks of a detector that searches
 * (explore). */
void rl_session_search(const struct rl_search *s);

/* The folder every run of this process starts in (an absolute path): the
 * user's, for a program of theirs that opens files by relative names;
 * NULL (the default): racelab's own. */
void rl_session_cwd(const char *dir);

/* Runs and judges. Always fills r (errors become an `error` verdict with
 * its sentence); returns 1 when the verdict passes. */
int rl_session(const struct rl_layout *l, const char *case_name,
	       const char *variant, const struct rl_detector *d, int run,
	       struct rl_result *r);
void rl_result_free(struct rl_result *r);

/* A program racelab did not write (compare): built by build.c as STEM,
 * STEM_tsan and STEM_tsan_gcc side by side, run with no contract, so
 * each detector's verdict is what it found: found, clean, hung, error. */
struct rl_program {
	const char *name;	/* as shown: "race_global" */
	const char *variant;	/* "program"; broken or fixed for a case */
	const char *source;	/* its (first) source file, absolute */
	const char *suffix;	/* how the tools' frames name it: "race.c" */
	const char *stem;	/* the plain build's path */
	const char *cflags;	/* -I, -D, -std=: for a detector that
				 * compiles the source itself */
	const char *const *args;	/* the program's own arguments */
	size_t nargs;
	const char *raw_dir;	/* each run's raw output goes below here */
	const char *const *more_sources;	/* its other files, absolute */
	size_t nmore;
	/* starvation thresholds (a case's `fairness:`, for the workshop);
	 * zero: not judged */
	struct rl_fairness fairness;
};

/* Runs p under d and judges it on what d found; as rl_session. Returns
 * 1 when the verdict is clean. */
int rl_session_program(const struct rl_program *p, const struct rl_detector *d,
		       int run, struct rl_result *r);

/* The findings r's detector is judged on: its tool's, the program's own
 * check's (native) or the watchdog's (watchdog). */
struct rl_findings *rl_result_judged(struct rl_result *r);

/* mkdir -p: 0, or -1 (errno says why). */
int rl_make_dirs(const char *path);

/* Is prog an executable on PATH (or a path to one)? */
int rl_on_path(const char *prog);

#endif
