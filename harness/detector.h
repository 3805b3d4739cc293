/* detector.h - what a detector is: how to run a program under it, and how
 * to read what it said. One folder per detector in detectors/ (its recipe
 * NAME/NAME.c, its parser and captured reports), listed once in DETECTORS
 * in case.bzl, from which harness/BUILD makes rl_detectors[]. */
#ifndef RACELAB_DETECTOR_H
#define RACELAB_DETECTOR_H

#include "contract.h"
#include "finding.h"
#include "watchdog.h"
#include "runner.h"

/* For a detector that searches (explore), what a run asks of it. */
struct rl_search {
	int schedules;		/* per program; 0: its default */
	int shard, shards;	/* this run's part (shards 0 or 1: the whole) */
	int jobs;		/* processes side by side; 0: one */
	double seconds;		/* the search's own time; 0: no limit */
};

/* Where one run keeps its files, and what it runs. */
struct rl_run_files {
	char dir[512];		/* the run's own folder, created fresh */
	char source[1024];	/* the program's C source */
	/* Extra compiler options for a detector that compiles the source
	 * itself (thread-safety, explore): -I, -D, -std=..., one a line, so
	 * that a flag may hold blanks (-Iinc dir, -DMSG="a b"). The session
	 * gives -I for racelab.h's folder. */
	char cflags[1024];
	char stdout_path[600];
	char stderr_path[600];
	char symptom_path[600];	/* the program's own check writes here */
	/* Where the tool alone is told to write its reports: a folder of
	 * racelab's own (mkdtemp: a random name, mode 0700), neither in nor
	 * beside dir, whose name the program is not handed as racelab hands
	 * it dir (RACELAB_SYMPTOM_FILE), so a file it plants there, in the
	 * folder it runs in or in $TMPDIR is never read as the tool's.
	 * After the run the reports are copied into dir, for people. */
	char tool_dir[512];
	struct rl_search search;
};

/* What a detector's verdict is judged on. */
enum rl_judged_on {
	RL_ON_TOOL,		/* the tool's parsed report (collect) */
	RL_ON_SYMPTOM,		/* the program's own check (rl_symptom) */
	RL_ON_LIVENESS,		/* racelab's watchdog */
};

/* Which build of a program a detector runs. The builds of a program STEM
 * sit side by side, named by rl_build_suffix: STEM, STEM_tsan,
 * STEM_tsan_gcc (harness/case.bzl makes them; so must anything else that
 * hands racelab a program). */
enum rl_build {
	RL_BUILD_PLAIN,		/* STEM: clang -g -O1 */
	RL_BUILD_TSAN,		/* STEM_tsan: clang -fsanitize=thread */
	RL_BUILD_TSAN_GCC,	/* STEM_tsan_gcc: gcc -fsanitize=thread */
	RL_BUILD_EXPLORE,	/* STEM_explore: clang -fsanitize=thread with
				 * racelab's scheduler (explore/rt.c) for
				 * TSan's runtime, -DRL_NO_FORCING */
	RL_BUILD_NONE,		/* no build: the detector reads the source */
};

/* "", "_tsan", "_tsan_gcc", "_explore"; NULL for RL_BUILD_NONE. */
const char *rl_build_suffix(enum rl_build b);

struct rl_detector {
	const char *name;	/* "tsan": the CLI word, the table column, the test tag */
	const char *about;	/* one line */
	const char *tool;	/* a program it needs on PATH, or NULL */
	const char *package;	/* the Debian package that provides tool */
	/* The program whose `--version` first line is the tool's version
	 * ("clang", "valgrind"; NULL: racelab's own), and where the tool
	 * is documented. What it runs, for results.json and SARIF, is
	 * rl_detector_command(): prepare()'s own argv and environment. */
	const char *version_of;
	const char *info_uri;
	/* Where the user's own options for the tool come from, as a
	 * verdict's next step names them ("TSAN_OPTIONS"); NULL: nowhere. */
	const char *user_options;
	/* What a broken program's contract expects of this detector when
	 * its header says nothing (thread-safety: blind, no annotations);
	 * NULL: the header must say. A fixed or suite program needs no
	 * default here: it must be clean under every detector. */
	const struct rl_expect *broken_default;
	enum rl_build build;	/* which build it runs */
	double timeout_s;	/* per run; well under the Bazel test's */
	unsigned long max_cpu_s;	/* the CPU seconds each process of a run
					 * may use (RLIMIT_CPU, inherited by all
					 * it starts); 0: racelab's default */
	double term_grace_s;	/* SIGTERM to SIGKILL: lets Valgrind report */
	int findings_exit_code;	/* the status the tool uses when it found
				 * something (TSan: 66), or 0 */
	enum rl_judged_on judged_on;
	int reports_at_exit;	/* some reports come only at exit (Helgrind:
				 * locks still held), lost when stopped */
	double slowdown;	/* stretches the watchdog's windows */
	enum rl_attach attach;	/* how the watchdog gets stacks on a hang */
	/* Sets argv (and environment) to run binary under this detector
	 * (binary is f->source for RL_BUILD_NONE). */
	void (*prepare)(struct rl_spawn *s, const char *binary,
			const struct rl_run_files *f);
	/* Reads the tool's findings after the run; NULL when the detector
	 * has no tool output (native, watchdog). Returns 0, or -1 when the output could
	 * not be read as the tool's (info->error says why). */
	int (*collect)(const struct rl_run_files *f, struct rl_findings *fs,
		       struct rl_parse_info *info);
	/* For a program with no contract on which the tool found nothing:
	 * 0 when the tool cannot see that program at all, with why said
	 * (clang's analysis and code with no annotations); 1 when it can.
	 * NULL: it always can. */
	int (*sees)(const struct rl_run_files *f, char *why, size_t len);
};

/* The command a detector runs, as its prepare() builds it for a run
 * (stated equals run, by construction): the environment it sets, then
 * its argv, blanks and quotes in a word quoted as a shell would, with
 * placeholders for what differs per run: PROGRAM (the build run), SOURCE,
 * CFLAGS, RUN (the run's folder) and TOOL (the tool's own folder); the
 * first word by its base name. NULL when the program runs as it is,
 * with nothing set. Free it. */
char *rl_detector_command(const struct rl_detector *d);

/* NULL-terminated, in table order. */
extern const struct rl_detector *const rl_detectors[];
const struct rl_detector *rl_detector_find(const char *name);

/* Sets a sanitizer's options variable (TSAN_OPTIONS) for a run: the
 * user's own value first, then racelab's, which win where both set a
 * flag (the runtime takes the last); a suppressions file or a history
 * size the user gives is kept. UBSAN_OPTIONS and ASAN_OPTIONS are
 * emptied: the runtime reads common flags from them too, and a log_path
 * there would move the reports racelab reads. */
void rl_sanitizer_env(struct rl_spawn *s, const char *var, const char *ours);

/* Adds the flags of rl_run_files.cflags to s's argv, one word a line as
 * they are written there (a flag keeps its blanks). */
void rl_spawn_flags(struct rl_spawn *s, const char *cflags);

/* collect() for TSan's reports, clang's or gcc's: the files log_path
 * names in the tool's folder (detectors/tsan/tsan.c). */
int rl_tsan_collect(const struct rl_run_files *f, struct rl_findings *fs,
		    struct rl_parse_info *info);

/* prepare() for a detector that runs the program as it is. */
void rl_prepare_plain(struct rl_spawn *s, const char *binary,
		      const struct rl_run_files *f);

/* For collect(): reads every file in dir (the tool's folder) whose name
 * starts with prefix (one per process: fork makes more than one) and
 * hands each to parse. Each is opened without following a link or
 * waiting on a FIFO, must be a regular file, and may hold at most
 * RL_MAX_REPORT bytes. Returns how many files it read, or -1 on the
 * first one that cannot be read or parsed (info->error says which and
 * why). Sets info->complete to 0 when any file is incomplete, and sums
 * the tools' own counts. */
#define RL_MAX_REPORT (256ul << 20)

/* For a Valgrind tool's collect(): reads Valgrind's own log (the file
 * valgrind.log in the tool's folder, where --log-file sends it, out of
 * the program's reach) and, when Valgrind itself gave up (a panic, an
 * internal error, out of memory), says so in info->tool_failed.
 * One file for every process, no %p: Valgrind 3.19, given --log-file
 * with %p beside --xml-file, writes no XML at all for a forked child
 * (measured on pshared_owner_died, whose child's report is the bug);
 * without %p the child keeps the parent's log and gets its own XML. */
#define RL_VALGRIND_LOG "--log-file=%s/valgrind.log"
void rl_valgrind_collect_log(const struct rl_run_files *f,
			     struct rl_parse_info *info);
int rl_collect_files(const char *dir, const char *prefix,
		     int (*parse)(const char *, size_t, struct rl_findings *,
				  struct rl_parse_info *),
		     struct rl_findings *fs, struct rl_parse_info *info);

/* Where Valgrind and vgdb meet (--vgdb-prefix, with the tool's folder):
 * Valgrind makes two FIFOs and a shared-memory file named from it, and
 * the watchdog's vgdb finds them there. In the tool's folder, not the
 * run's: a FIFO left among the run's files made a grep of them wait
 * for ever. Not copied into the run's folder (they are no report). */
#define RL_VGDB_PREFIX "%s/vgdb"
#define RL_VGDB_FILES "vgdb-"

/* rl_collect_files for a Valgrind tool's XML, read by parse (its
 * rl_parse_TOOL_xml_supps), with info->suppressed the errors that the
 * user's own suppressions hid: those whose names the files given with
 * --suppressions= (in ~/.valgrindrc, VALGRIND_OPTS, ./.valgrindrc, as
 * the XML lists Valgrind's arguments) define, Valgrind's default ones
 * left out (detectors/valgrind/supp.h). */
struct vg_suppressions;
int rl_valgrind_collect_files(const char *dir, const char *prefix,
			      int (*parse)(const char *, size_t,
					   struct rl_findings *,
					   struct rl_parse_info *,
					   struct vg_suppressions *),
			      struct rl_findings *fs,
			      struct rl_parse_info *info);

#endif
