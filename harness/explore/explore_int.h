/* explore_int.h - what the parts of `racelab explore` share: the search
 * as the command line set it (struct explore), and what each part takes
 * from the others. explore.c: the command line, the build, the servers
 * and the search; names.c: file:line and variables, by llvm-symbolizer;
 * tell.c: sentences, the story and explore.json; replay.c: `racelab
 * replay`.
 */
#ifndef RACELAB_EXPLORE_INT_H
#define RACELAB_EXPLORE_INT_H

#include <jansson.h>
#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

#include "harness/build.h"
#include "harness/runner.h"

#define MAX_ARGS 16
#define MAX_JOBS 64
#define MAX_SCHEDULES 1000000
#define WIDTH 80

struct explore {
	const char *root, *out, *strategy, *case_name;
	const char *variant;		/* a case's program: broken, fixed, ... */
	const char *files[RL_BUILD_MAX_SOURCES];
	size_t nfiles;
	const char *flags[RL_BUILD_MAX_FLAGS];
	size_t nflags;
	char *owned[RL_BUILD_MAX_FLAGS];	/* the flags made here, to free */
	size_t nowned;
	const char *args[MAX_ARGS];
	size_t nargs;
	int schedules, depth, bound, jobs, all, steps;
	int shard, shards;	/* this search's part of a sharded one */
	int seconds_ms;		/* the search's time, --seconds; 0: none */
	/* A program built already (the catalogue's STEM_explore, or
	 * compare's): explore runs it as it is, and its source names it. */
	const char *binary;
	const char *work_dir;	/* where it runs, when not DIR/work */
	unsigned long long seed;
	char name[128], dir[PATH_MAX], bin[PATH_MAX + 16];
	char work[PATH_MAX + 16];	/* where the program runs */
	const char *sources[RL_BUILD_MAX_SOURCES];
	int baseline;		/* the plain run's exit status, -1 unknown */
	char baseline_path[PATH_MAX + 16];	/* where its worker writes it */
	double search_s;	/* the servers' wall time: the schedules alone */
};

/* ---- explore.c */

/* The program's identity: its sources' and flags' hash, as a schedule
 * file keeps it. */
unsigned long long xp_identity(const char *const *sources, size_t n,
				   const char *const *flags, size_t nflags);
/* Runs s quietly, its output in dir (what: the words for a failure). */
int xp_run_quiet(struct rl_spawn *s, const char *dir, const char *what,
		     double timeout, struct rl_outcome *o);
/* Builds the program with the scheduler; the plain run's status beside
 * (baseline_start, baseline_end); a server's command line. */
int xp_build(struct explore *e);
pid_t xp_baseline_start(struct explore *e);
void xp_baseline_end(struct explore *e, pid_t pid);
void xp_server_spawn(const struct explore *e, struct rl_spawn *s, int k,
			 int per, const char *stop);
/* One server's lines: bugs, races, its end and any divergence. */
void xp_read_server(const char *path, json_t *bugs, json_t *races,
			json_t **end, json_t **diverged);
/* The output folder and name; the defaults of a search. */
int xp_prepare(struct explore *e);
void xp_defaults(struct explore *e);

/* ---- names.c */

/* What llvm-symbolizer said of the program's addresses. */
struct names {
	json_t *code;		/* "0x4514" -> {file, line, function} */
	json_t *data;		/* "0x11204" -> name */
};

/* A JSON string "0x4514" as a number, 0 when none. */
unsigned long long xp_hexval(const json_t *v);
/* The {file, path, line, function} of a program counter (ret: it is a
 * return address, the call one byte before), a new reference or NULL. */
json_t *xp_where(const json_t *code, const json_t *pc, int ret);
/* An address's name: its global's, else kind#N in order of appearance
 * (others keeps the numbering). */
const char *xp_var_name(json_t *data, json_t *others, const json_t *bug,
			    unsigned long long addr, const char *kind);
/* Every address of the bugs and races symbolized at once into n. */
void xp_name_all(const struct explore *e, json_t *bugs, json_t *races,
		     struct names *n);
/* A bug's trace with each step's file:line and variable. */
json_t *xp_named_trace(const json_t *bug, const struct names *n,
			   json_t *others);

/* ---- tell.c */

/* Names, sentences, stories: explore.json, the schedule files and what
 * is printed; the status of the search. */
int xp_report(struct explore *e, json_t *bugs_raw, json_t *races_raw,
		  json_t *sum, int servers_ok);
/* Adds a server's end (its counts) to the search's sum. */
void xp_add_end(json_t *sum, const json_t *end);

#endif
