/* racelab - run concurrency bug cases under detectors and judge them.
 *
 *   racelab list
 *   racelab run CASE [--variant V|all] [--detector D|all] [--runs N]
 *   racelab report [--variant V|all] [--detector D|all] [--runs N]
 *   racelab docs [--check] [--from RESULTS.json] [--docs DIR]
 *   racelab test CASE --variant V --detector D     (one Bazel test)
 *
 * Common options: --root DIR (where cases/ and fixed/ are, with their
 * builds beside them: Bazel's runfiles tree; default: here), --out DIR
 * (results and raw output; default: racelab-report). `racelab help` and
 * `racelab COMMAND --help` print the usage. A path given relative is
 * taken from $BUILD_WORKING_DIRECTORY when it is set (the directory the
 * user ran `bazel run` or ./racelab from), else from here.
 *
 * The ./racelab wrapper refuses a bad command line before it builds
 * anything, with the same words as this file: the two are kept equal by
 * harness/selftest/cli_test.sh.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compare.h"
#include "explore/explore.h"
#include "detector.h"
#include "docs.h"
#include "examples.h"
#include "exercise.h"
#include "front.h"
#include "jobs.h"
#include "output.h"
#include "outputs/console.h"
#include "outputs/junit.h"
#include "outputs/outputs.h"
#include "report.h"
#include "results/doc.h"
#include "session.h"
#include "testlogs.h"
#include "util.h"
#include "words.h"

#define MAX_CASES 256
#define MAX_VARIANTS 8

struct options {
	const char *root, *out, *variant, *detector;
	const char *docs, *from;
	int runs, check, jobs;
	int from_tests;	/* report --from-tests */
	char from_tests_dir[4096];	/* where Bazel's test results are */
	int schedules, shard, shards;	/* explore's: 0, its default */
	int seconds;			/* explore's search time: 0, its default */
	int json_fd;	/* --json: the results document goes here, -1 if not */
};

/* ---- the command line */

/* Each command: its name, the options it takes (keys of OPTIONS below),
 * whether it takes a case name, its usage, and what runs it: `own` for
 * a command with a grammar of its own (files, compiler flags, -- ARGS),
 * given its words after the command's name; else `run`, given the
 * options parsed here. The same text is in the ./racelab wrapper. */
struct options;
struct command {
	const char *name, *keys;
	int takes_case;
	const char *usage;
	int (*own)(int argc, char **argv);
	int (*run)(struct options *o, const char *name);
};

static int cmd_list(struct options *o, const char *name);
static int cmd_run(struct options *o, const char *name);
static int cmd_report(struct options *o, const char *name);
static int cmd_docs(struct options *o, const char *name);
static int cmd_test(struct options *o, const char *name);
static int cmd_setup(struct options *o, const char *name);

static const struct command COMMANDS[] = {
	{ "list", "rh", 0,
	  "./racelab list [--root DIR]\n"
	  "    The catalogue: each case, its class, its fixes and its bug.\n",
	  .run = cmd_list },
	{ "run", "vdnjJmsSkorh", 1,
	  "./racelab run CASE [--variant V] [--detector D] [--runs N]\n"
	  "                   [--json] [--memory SIZE] [--schedules N]\n"
	  "                   [--seconds T] [--shard K/N] [--out DIR]\n"
	  "                   [--root DIR]\n"
	  "    One case, each variant under each detector: a line per run, and\n"
	  "    the results in DIR/CASE.json.\n",
	  .run = cmd_run },
	{ "report", "vdnjJmsSBorh", 0,
	  "./racelab report [--variant V] [--detector D] [--runs N]\n"
	  "                 [--json] [--memory SIZE] [--schedules N]\n"
	  "                 [--seconds T] [--from-tests] [--out DIR]\n"
	  "                 [--root DIR]\n"
	  "    Every case, as run does one: a table, each detector's scores, and\n"
	  "    the results in DIR/results.json.\n",
	  .run = cmd_report },
	{ "compare", "", 0, rl_compare_usage, .own = rl_compare_main },
	{ "exercise", "", 0, rl_exercise_usage, .own = rl_exercise_main },
	{ "explore", "", 0, rl_explore_usage, .own = rl_explore_main },
	{ "replay", "", 0, rl_replay_usage, .own = rl_replay_main },
	{ "docs", "cfDjorh", 0,
	  "./racelab docs [--check] [--from FILE] [--docs DIR]\n"
	  "               [--out DIR] [--root DIR]\n"
	  "    Writes the pages of docs/cases/ from a fresh run of the catalogue,\n"
	  "    and the examples in README.md and docs/ from their commands.\n",
	  .run = cmd_docs },
	{ "setup", "h", 0,
	  "./racelab setup\n"
	  "    Installs the Debian packages racelab needs (apt-get; sudo when not\n"
	  "    root). Every other command but help does it first.\n",
	  .run = cmd_setup },
	{ "test", "vdmsSkorh", 1,
	  "./racelab test CASE --variant V --detector D [--memory SIZE]\n"
	  "                    [--schedules N] [--seconds T] [--shard K/N]\n"
	  "                    [--out DIR] [--root DIR]\n"
	  "    One run, judged as its Bazel test judges it: status 0 when the\n"
	  "    verdict passes. A variant and a detector, not all.\n",
	  .run = cmd_test },
	{ 0 },
};

static const char USAGE_HEAD[] =
	"racelab: paired broken and fixed pthread programs, each run under\n"
	"ThreadSanitizer (clang and gcc), Helgrind, DRD, clang's thread-safety\n"
	"analysis, its own check and racelab's watchdog, and judged\n"
	"against the contract in its header.\n"
	"\n"
	"usage: ./racelab COMMAND [CASE] [OPTIONS]     ./racelab COMMAND --help\n"
	"\n";

static const char USAGE_HELP[] =
	"./racelab help [COMMAND]\n"
	"    This text, or one command's.\n";

static const char USAGE_PATHS[] =
	"A relative DIR or FILE is taken from the directory racelab was started in.\n";

static const char USAGE_TAIL[] =
	"Status: 0 when every verdict passes, 1 when one does not, 2 when the\n"
	"command line or the catalogue cannot be run.\n";

struct option_spec {
	char key;
	const char *name, *metavar;	/* metavar NULL: a flag */
	const char *help;
};

static const struct option_spec OPTIONS[] = {
	{ 'v', "variant", "V",
	  "    --variant V    broken, fixed, fixed.ALT (an alternative fix), waiting\n"
	  "                   (a program of the waiting suite) or all (the default)\n" },
	{ 'd', "detector", "D",
	  "    --detector D   native, tsan, tsan-gcc, helgrind, drd, watchdog,\n"
	  "                   thread-safety, explore or all (the default)\n" },
	{ 'n', "runs", "N",
	  "    --runs N       runs of each, a whole number from 1 to 1000 (default 1)\n" },
	{ 'j', "jobs", "N",
	  "    --jobs N       runs at once, each in a process of its own, 1 to 64\n"
	  "                   (default: the number of cores)\n" },
	{ 'J', "json", NULL,
	  "    --json         the results document on stdout, for scripts; what is\n"
	  "                   printed for people goes to stderr (the files are kept)\n" },
	{ 'm', "memory", "SIZE",
	  "    --memory SIZE  the resident memory a run's processes may hold together,\n"
	  "                   the tool's own included, and a compiler's: 64M to 64G\n"
	  "                   (default 4G)\n" },
	{ 's', "schedules", "N",
	  "    --schedules N  explore's schedules per program, 1 to 1000000\n"
	  "                   (default 1000)\n" },
	{ 'S', "seconds", "T",
	  "    --seconds T    explore's search time per program, 1 to 150 seconds\n"
	  "                   (default 150, within its run's limit of 200): a\n"
	  "                   search whose time runs out says how far it got\n" },
	{ 'k', "shard", "K/N",
	  "    --shard K/N    explore's part K (from 0) of a search split N ways;\n"
	  "                   a Bazel test takes it from TEST_SHARD_INDEX\n" },
	{ 'B', "from-tests", NULL,
	  "    --from-tests   the catalogue run as its Bazel tests (bazel test, whose\n"
	  "                   cache keeps a result until its program or racelab\n"
	  "                   changes), the results read from them: one run each\n" },
	{ 'c', "check", NULL,
	  "    --check        writes nothing; status 1 if a page is out of date\n" },
	{ 'f', "from", "FILE",
	  "    --from FILE    from a report's results.json instead of a fresh run\n" },
	{ 'D', "docs", "DIR",
	  "    --docs DIR     where the pages are (default: docs/cases in the workspace)\n" },
	{ 'o', "out", "DIR",
	  "    --out DIR      where results and raw output go (default: racelab-report\n"
	  "                   in the workspace)\n" },
	{ 'r', "root", "DIR",
	  "    --root DIR     where cases/, fixed/ and waiting/ are, with their builds\n"
	  "                   (default: the ones Bazel built for ./racelab)\n" },
	{ 'h', "help", NULL,
	  "    -h, --help     the usage of the command\n" },
	{ 0 },
};

/* One command's usage and every option it takes. */
static void print_command(FILE *f, const struct command *cmd)
{
	fputs(cmd->usage, f);
	for (int i = 0; OPTIONS[i].key; i++)
		if (strchr(cmd->keys, OPTIONS[i].key))
			fputs(OPTIONS[i].help, f);
	if (strpbrk(cmd->keys, "fDor"))
		fputs(USAGE_PATHS, f);
}

static void print_help(FILE *f)
{
	fputs(USAGE_HEAD, f);
	for (int i = 0; COMMANDS[i].name; i++)
		fprintf(f, "%s\n", COMMANDS[i].usage);
	fprintf(f, "%s\nOptions:\n", USAGE_HELP);
	for (int i = 0; OPTIONS[i].key; i++)
		fputs(OPTIONS[i].help, f);
	fputs(USAGE_PATHS, f);
	fputs(USAGE_TAIL, f);
}

static const struct command *find_command(const char *name)
{
	for (int i = 0; COMMANDS[i].name; i++)
		if (strcmp(COMMANDS[i].name, name) == 0)
			return &COMMANDS[i];
	return NULL;
}

static int unknown_command(const char *name)
{
	const char *names[16];
	const char *near;
	int n = 0;

	for (int i = 0; COMMANDS[i].name; i++)
		names[n++] = COMMANDS[i].name;
	names[n++] = "help";
	names[n] = NULL;
	near = rl_closest(name, names);
	if (near) {
		fprintf(stderr, "racelab: there is no command `%s`: did you mean `%s`?\n",
			name, near);
	} else {
		fprintf(stderr, "racelab: there is no command `%s`: the commands are ",
			name);
		rl_print_list(stderr, names);
		fputs(".\n", stderr);
	}
	return 2;
}

static int unknown_option(const struct command *cmd, const char *arg)
{
	const char *names[16], *near;
	int n = 0;

	for (const char *k = cmd->keys; *k; k++)
		for (int i = 0; OPTIONS[i].key; i++)
			if (OPTIONS[i].key == *k)
				names[n++] = OPTIONS[i].name;
	names[n] = NULL;
	near = rl_closest(arg + strspn(arg, "-"), names);
	if (near)
		fprintf(stderr, "racelab: %s has no option `%s`: did you mean `--%s`?\n",
			cmd->name, arg, near);
	else
		fprintf(stderr, "racelab: %s has no option `%s`: `./racelab %s --help` lists its options.\n",
			cmd->name, arg, cmd->name);
	return 2;
}

static int bad_detector(const char *name)
{
	const char *names[16], *near;
	int n = 0;

	for (int d = 0; rl_detectors[d] && n < 14; d++)
		names[n++] = rl_detectors[d]->name;
	names[n++] = "all";
	names[n] = NULL;
	near = rl_closest(name, names);
	if (near) {
		fprintf(stderr, "racelab: there is no detector `%s`: did you mean `%s`?\n",
			name, near);
	} else {
		fprintf(stderr, "racelab: there is no detector `%s`: the detectors are ",
			name);
		rl_print_list(stderr, names);
		fputs(".\n", stderr);
	}
	return 2;
}

/* One option: sets o, or says what is wrong and returns 2. */
static int set_option(struct options *o, char key, const char *value)
{
	switch (key) {
	case 'v': o->variant = value; break;
	case 'd':
		if (strcmp(value, "all") && !rl_detector_find(value))
			return bad_detector(value);
		o->detector = value;
		break;
	case 'n': return rl_parse_count("--runs", value, 1000, &o->runs) ? 2 : 0;
	case 'j': return rl_parse_count("--jobs", value, 64, &o->jobs) ? 2 : 0;
	case 'm': return rl_session_memory_option(value) ? 2 : 0;
	case 'B': o->from_tests = 1; break;
	case 's':
		return rl_parse_count("--schedules", value, 1000000,
				      &o->schedules) ? 2 : 0;
	case 'S':
		return rl_parse_count("--seconds", value, 150, &o->seconds) ? 2 : 0;
	case 'k': return rl_parse_shard(value, &o->shard, &o->shards) ? 2 : 0;
	case 'c': o->check = 1; break;
	case 'J': o->json_fd = 1; break;
	case 'f': o->from = rl_user_path(value); break;
	case 'D': o->docs = rl_user_path(value); break;
	case 'o': o->out = rl_user_path(value); break;
	case 'r': o->root = rl_user_path(value); break;
	}
	return 0;
}

/* Parses argv[2..] for cmd: options into o, the case name (if any) into
 * *name. Returns -1 when the command may go on, else the status to exit
 * with (0 after printing the usage asked for, 2 after a sentence). */
static int parse(const struct command *cmd, int argc, char **argv,
		 struct options *o, const char **name)
{
	int options_end = 0, variant = 0, detector = 0, limits = 0;

	*name = NULL;
	for (int i = 2; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			print_command(stdout, cmd);
			return 0;
		}
	for (int i = 2; i < argc; i++) {
		const char *arg = argv[i], *eq, *value = NULL;
		const struct option_spec *spec = NULL;
		size_t len;
		int rc;

		if (options_end || arg[0] != '-' || !arg[1]) {
			if (!cmd->takes_case) {
				fprintf(stderr, "racelab: %s takes no case name, but was given `%s`.\n",
					cmd->name, arg);
				return 2;
			}
			if (*name) {
				fprintf(stderr, "racelab: %s takes one case name, and `%s` is a second.\n",
					cmd->name, arg);
				return 2;
			}
			*name = arg;
			continue;
		}
		if (!strcmp(arg, "--")) {
			options_end = 1;
			continue;
		}
		eq = strchr(arg, '=');
		len = eq ? (size_t)(eq - arg) : strlen(arg);
		if (arg[1] == '-')
			for (int k = 0; OPTIONS[k].key; k++)
				if (strlen(OPTIONS[k].name) == len - 2 &&
				    !strncmp(OPTIONS[k].name, arg + 2, len - 2) &&
				    strchr(cmd->keys, OPTIONS[k].key))
					spec = &OPTIONS[k];
		if (!spec) {
			char typed[128];

			snprintf(typed, sizeof typed, "%.*s", (int)len, arg);
			return unknown_option(cmd, typed);
		}
		if (!spec->metavar && eq) {
			fprintf(stderr, "racelab: `--%s` takes no value.\n", spec->name);
			return 2;
		}
		if (spec->metavar) {
			value = eq ? eq + 1 : i + 1 < argc ? argv[i + 1] : NULL;
			if (!value || (!eq && !strncmp(value, "--", 2))) {
				fprintf(stderr, "racelab: `--%s` needs a value: `--%s %s`.\n",
					spec->name, spec->name, spec->metavar);
				return 2;
			}
			i += !eq;
		}
		if ((rc = set_option(o, spec->key, value)))
			return rc;
		variant |= spec->key == 'v';
		detector |= spec->key == 'd';
		limits |= strchr("nmsS", spec->key) != NULL;
	}
	if (o->from_tests && limits)
		return rl_refuse("`--from-tests` reads the results of the Bazel tests, one run each with their own limits: it takes no --runs, --memory, --schedules or --seconds.");
	if (cmd->takes_case && !*name) {
		fprintf(stderr, "racelab: %s needs a case name: `./racelab %s CASE` (`./racelab list` shows the catalogue).\n",
			cmd->name, cmd->name);
		return 2;
	}
	if (!strcmp(cmd->name, "test") &&
	    (!variant || !detector || !strcmp(o->variant, "all") ||
	     !strcmp(o->detector, "all"))) {
		fputs("racelab: test needs --variant V and --detector D, one of each (not all).\n",
		      stderr);
		return 2;
	}
	return -1;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Adds the NAME of every root/folder/NAME.c to names[k..max). */
static size_t list_programs(const char *root, const char *folder,
			    char (*names)[128], size_t k, size_t max)
{
	char dir[1024];
	struct dirent **e;
	int n;

	snprintf(dir, sizeof dir, "%s/%s", root, folder);
	n = scandir(dir, &e, NULL, by_name);
	for (int i = 0; i < n; i++) {
		size_t l = strlen(e[i]->d_name);
		if (l > 2 && strcmp(e[i]->d_name + l - 2, ".c") == 0 && k < max)
			snprintf(names[k++], 128, "%.*s", (int)(l - 2),
				 e[i]->d_name);
		free(e[i]);
	}
	if (n >= 0)
		free(e);
	return k;
}

/* The catalogue: every cases/NAME.c under root. */
static size_t list_cases(const char *root, char (*names)[128], size_t max)
{
	return list_programs(root, "cases", names, 0, max);
}

/* The catalogue's names; 0 (and a sentence) when there is none. */
static size_t catalogue(const struct options *o, char (*names)[128])
{
	size_t n = list_cases(o->root, names, MAX_CASES);

	if (n == 0)
		fprintf(stderr, "racelab: no cases under %s/cases: run from the workspace root or pass --root\n",
			o->root);
	return n;
}

/* Does root/folder/name.c exist? */
static int has_source(const char *root, const char *folder, const char *name)
{
	char path[1400];

	snprintf(path, sizeof path, "%s/%s/%s.c", root, folder, name);
	return access(path, F_OK) == 0;
}

/* What makes a catalogue incomplete, one sentence each on stderr: a
 * broken program without its fix. (A BUILD line naming a program with no
 * file is Bazel's to say: case.bzl fails on it as the package loads.)
 * Returns how many there are. */
static int check_catalogue(const char *root, char (*names)[128], size_t n)
{
	int problems = 0;

	for (size_t i = 0; i < n; i++)
		if (!has_source(root, "fixed", names[i])) {
			fprintf(stderr, "racelab: cases/%s.c has no fix: there is no fixed/%s.c (every broken program needs one).\n",
				names[i], names[i]);
			problems++;
		}
	return problems;
}

/* A case is known by any of its programs (a Bazel test of one fix has
 * only that one in its runfiles). */
static int known_case(const char *root, const char *name)
{
	struct rl_layout l = { root, NULL };
	char variants[MAX_VARIANTS][64];

	if (strchr(name, '/') || name[0] == '.' || !name[0])
		return 0;
	return rl_variants(&l, name, variants, MAX_VARIANTS) > 0;
}

static int cmd_list(struct options *o, const char *name)
{
	(void)name;
	char names[MAX_CASES][128], variants[MAX_VARIANTS][64];
	char fixes[MAX_VARIANTS * 66];
	size_t n = catalogue(o, names);
	struct rl_layout l = { o->root, o->out };
	int bad = 0, width = rl_screen_width(stdout);

	if (n == 0)
		return 2;
	for (size_t i = 0; i < n; i++) {
		struct rl_contract c;
		char path[1200], err[256];
		size_t nv = rl_variants(&l, names[i], variants, MAX_VARIANTS);

		snprintf(path, sizeof path, "%s/cases/%s.c", o->root, names[i]);
		if (rl_contract_load(path, &c, err, sizeof err) != 0) {
			printf("%-28s (bad header: %s)\n", names[i], err);
			if (strstr(err, path))
				fprintf(stderr, "racelab: %s\n", err);
			else
				fprintf(stderr, "racelab: cases/%s.c: %s\n",
					names[i], err);
			bad++;
			continue;
		}
		printf("%-28s %-24s", names[i], c.cls);
		/* the fixes: on a terminal spaced, to wrap under their
		 * column; elsewhere one word, as scripts read it */
		fixes[0] = '\0';
		for (size_t v = 1; v < nv; v++)
			snprintf(fixes + strlen(fixes), sizeof fixes - strlen(fixes),
				 "%s%s", v == 1 ? "" : width ? ", " : ",", variants[v]);
		rl_print_wrapped(stdout, fixes, 53, 53, width);
		/* the bug, wrapped to a terminal's width under its name */
		printf("%-28s ", "");
		rl_print_wrapped(stdout, c.bug, 29, 29, width);
		rl_contract_free(&c);
	}
	return bad + check_catalogue(o->root, names, n) ? 2 : 0;
}

/* Adds every (variant, detector, run) of one case the options select to
 * jobs[*n..max). */
static void list_jobs(const struct options *o, const char *name,
		      struct rl_job *jobs, size_t *n, size_t max)
{
	struct rl_layout l = { o->root, o->out };
	char variants[MAX_VARIANTS][64];
	size_t nv = rl_variants(&l, name, variants, MAX_VARIANTS);

	for (size_t v = 0; v < nv; v++) {
		if (strcmp(o->variant, "all") && strcmp(o->variant, variants[v]))
			continue;
		for (int d = 0; rl_detectors[d]; d++) {
			if (strcmp(o->detector, "all") &&
			    strcmp(o->detector, rl_detectors[d]->name))
				continue;
			for (int k = 1; k <= o->runs && *n < max; k++) {
				struct rl_job *j = &jobs[(*n)++];

				j->case_name = name;
				snprintf(j->variant, sizeof j->variant, "%s",
					 variants[v]);
				j->detector = rl_detectors[d];
				j->run = k;
			}
		}
	}
}

/* Where the jobs of a command are, for the progress line. */
struct progress {
	const struct rl_job *jobs;
	size_t n;
	double t0;
	int terminal;
};

/* On a terminal, one line rewritten in place as a worker starts each run:
 * "racelab: 123/777 CASE VARIANT DETECTOR, about 1m20s left" (job i is
 * started once about i have been; the time left is the mean so far).
 * Elsewhere (a log, CI) one line as each case starts. */
static void say_progress(const struct rl_job *j, void *arg)
{
	const struct progress *p = arg;
	size_t i = (size_t)(j - p->jobs);
	double took = rl_now_s() - p->t0;

	if (!p->terminal) {
		if (j->run == 1 && j->detector == rl_detectors[0] &&
		    (!strcmp(j->variant, "broken") || !strcmp(j->variant, "waiting")))
			fprintf(stderr, "racelab: %s ...\n", j->case_name);
		return;
	}
	fprintf(stderr, "\r\033[Kracelab: %zu/%zu %s %s %s", i + 1, p->n,
		j->case_name, j->variant, j->detector->name);
	if (i >= 4 && took >= 2) {
		int left = (int)(took * (double)(p->n - i) / (double)i + 0.5);

		if (left >= 60)
			fprintf(stderr, ", about %dm%02ds left", left / 60, left % 60);
		else
			fprintf(stderr, ", about %ds left", left);
	}
	fflush(stderr);
}

/* Runs the jobs of the cases in names[0..n), adding each result to
 * results in order, and prints each (print_each) or each failure.
 * Returns the number of failures. */
static int run_cases(const struct options *o, char (*names)[128], size_t n,
		     json_t *results, int print_each)
{
	struct rl_layout l = { o->root, o->out };
	size_t max = n * MAX_VARIANTS * 32 * (size_t)o->runs, count = 0, i;
	struct rl_job *jobs = rl_xcalloc(max ? max : 1, sizeof *jobs);
	json_t *mine = json_array(), *row;
	int failures;

	struct progress p = { jobs, 0, rl_now_s(), isatty(2) };

	for (i = 0; i < n; i++)
		list_jobs(o, names[i], jobs, &count, max);
	p.n = count;
	if (o->from_tests) {
		failures = rl_results_from_tests(o->from_tests_dir, o->out, jobs,
						 count, mine);
	} else {
		failures = rl_run_jobs(&l, jobs, count, o->jobs, mine,
				       print_each && !p.terminal ? NULL : say_progress, &p);
		if (p.terminal)
			fputs("\r\033[K", stderr);
	}
	json_array_foreach(mine, i, row) {
		if (print_each || !json_is_true(json_object_get(row, "passed")))
			rl_print_row(stdout, row);
		json_array_append(results, row);
	}
	json_decref(mine);
	free(jobs);
	return failures;
}

/* A case name not in the catalogue (cases/ and the suites), with the
 * nearest one when there is one. */
static void no_such_case(const struct options *o, const char *name)
{
	static char names[MAX_CASES * 2][128];
	const char *list[MAX_CASES * 2 + 1], *near;
	size_t n = list_cases(o->root, names, MAX_CASES * 2);

	/* the suites' programs are run by name too */
	for (int i = 0; rl_suites[i]; i++)
		n = list_programs(o->root, rl_suites[i], names, n, MAX_CASES * 2);
	for (size_t i = 0; i < n; i++)
		list[i] = names[i];
	list[n] = NULL;
	near = rl_closest(name, list);
	if (near)
		fprintf(stderr, "racelab: there is no case `%s`: did you mean `%s`?\n",
			name, near);
	else
		fprintf(stderr, "racelab: there is no case `%s`: `./racelab list` shows the catalogue.\n",
			name);
}

static int check_selection(const struct options *o, const char *name)
{
	struct rl_layout l = { o->root, o->out };
	char variants[MAX_VARIANTS][64];
	size_t nv;

	if (name && !known_case(o->root, name)) {
		no_such_case(o, name);
		return -1;
	}
	if (!name || strcmp(o->variant, "all") == 0)
		return 0;
	nv = rl_variants(&l, name, variants, MAX_VARIANTS);
	for (size_t v = 0; v < nv; v++)
		if (strcmp(variants[v], o->variant) == 0)
			return 0;
	fprintf(stderr, "racelab: case `%s` has no variant `%s`; it has:", name,
		o->variant);
	for (size_t v = 0; v < nv; v++)
		fprintf(stderr, " %s", variants[v]);
	fputs(" (and all).\n", stderr);
	return -1;
}

/* The results in o->out: NAME.json, NAME.sarif and a page beside them;
 * the sources' SARIF URIs start at the workspace, when racelab knows it. */
static int save(const struct options *o, const char *name, json_t *results)
{
	return rl_save_results(o->out, name, results, o->root,
			       getenv("BUILD_WORKSPACE_DIRECTORY"), stdout);
}

/* ANSI colours on a terminal, unless NO_COLOR is set (no-color.org). */
static int colour(void)
{
	const char *no = getenv("NO_COLOR");

	return isatty(1) && !(no && *no);
}

/* --json: from here on what is printed for people goes to stderr, and
 * stdout is kept for the results document alone. */
static int json_begin(struct options *o)
{
	if (o->json_fd != 1)
		return 0;
	fflush(stdout);
	o->json_fd = dup(1);
	if (o->json_fd < 0 || dup2(2, 1) < 0) {
		fprintf(stderr, "racelab: --json: cannot keep stdout for the results: %s.\n",
			strerror(errno));
		return -1;
	}
	return 0;
}

/* The results document on the stdout kept by json_begin. */
static int print_json(const struct options *o, json_t *results)
{
	json_t *doc;
	int rc;

	if (o->json_fd < 0)
		return 0;
	fflush(stdout);
	doc = rl_results_doc(results);
	rc = doc ? json_dumpfd(doc, o->json_fd, JSON_INDENT(1)) : -1;
	if (rc == 0 && write(o->json_fd, "\n", 1) != 1)
		rc = -1;
	if (rc != 0)
		fputs("racelab: --json: the results could not be written to stdout.\n",
		      stderr);
	json_decref(doc);
	return rc;
}

/* Only a folder of racelab's own is written in (output.h); said once. */
static int own_out(const struct options *o)
{
	char err[1300];

	if (rl_output_dir(o->out, err, sizeof err) == 0)
		return 0;
	fprintf(stderr, "racelab: %s\n", err);
	return 1;
}

static int cmd_run(struct options *o, const char *name)
{
	char one[128];
	json_t *results;
	int failures, saved;

	if (check_selection(o, name))
		return 2;
	snprintf(one, sizeof one, "%s", name);
	if (own_out(o))
		return 2;
	results = json_array();
	rl_forget_results(o->out, name);
	failures = run_cases(o, &one, 1, results, 1);
	if (o->runs > 1) {
		putchar('\n');
		rl_print_table(stdout, results, colour());
	}
	rl_print_latency(stdout, results);
	saved = save(o, name, results);
	if (print_json(o, results) != 0)
		saved = -1;
	json_decref(results);
	return saved ? 2 : failures ? 1 : 0;	/* results lost: not a pass */
}

/* Every case the options select; returns the number of failures. */
static int run_catalogue(const struct options *o, char (*names)[128],
			 size_t n, json_t *results)
{
	return run_cases(o, names, n, results, 0);
}

/* report --from-tests: the results are in the workspace's bazel-testlogs
 * (the ./racelab wrapper runs the tests first), and they are one run of
 * each, as Bazel's tests run it. */
static int from_tests_dir(struct options *o)
{
	const char *ws = getenv("BUILD_WORKSPACE_DIRECTORY");

	if (!o->from_tests)
		return 0;
	if (!ws || !*ws)
		return rl_refuse("`--from-tests` reads the workspace's bazel-testlogs, and racelab was not told where the workspace is: run it as `./racelab report --from-tests`.");
	snprintf(o->from_tests_dir, sizeof o->from_tests_dir,
		 "%s/bazel-testlogs", ws);
	return 0;
}

static int cmd_report(struct options *o, const char *name)
{
	(void)name;
	char names[MAX_CASES][128];
	size_t n = catalogue(o, names);
	json_t *results;
	int failures, saved, incomplete;

	if (n == 0 || check_selection(o, NULL) || from_tests_dir(o))
		return 2;
	/* said, and a failure, but the rest of the catalogue still runs */
	incomplete = check_catalogue(o->root, names, n);
	if (own_out(o))
		return 2;
	results = json_array();
	rl_forget_results(o->out, "results");
	failures = run_catalogue(o, names, n, results) + incomplete;
	/* the reasons first, the table last, where the eye lands */
	putchar('\n');
	rl_print_reasons(stdout, results);
	if (o->runs > 1)
		rl_print_rates(stdout, results);
	rl_print_scores(stdout, results);
	putchar('\n');
	rl_print_table(stdout, results, colour());
	printf("\n%zu results, %d failed\n", json_array_size(results), failures);
	saved = save(o, "results", results);
	if (print_json(o, results) != 0)
		saved = -1;
	json_decref(results);
	return saved ? 2 : failures ? 1 : 0;
}

/* The pages in docs/cases, from a fresh run of the catalogue (or from a
 * report's results.json with --from). */
static int cmd_docs(struct options *o, const char *name)
{
	(void)name;
	char names[MAX_CASES][128];
	size_t n = catalogue(o, names);
	json_t *doc = NULL, *results;
	json_error_t err;
	int stale, stale_examples = 0, examples = 0;
	const char *ws;
	char own[4096], *a = NULL, *b = NULL;

	if (n == 0)
		return 2;
	if (o->from) {
		doc = json_load_file(o->from, 0, &err);
		results = json_object_get(doc, "results");
		if (!json_is_array(results)) {
			fprintf(stderr, "racelab: %s is not a racelab results file: %s\n",
				o->from, doc ? "no results array" : err.text);
			json_decref(doc);
			return 2;
		}
		json_incref(results);
	} else {
		results = json_array();
		run_catalogue(o, names, n, results);
	}
	if (!o->check)
		mkdir(o->docs, 0755);	/* a new folder, given by --docs */
	stale = rl_docs(o->root, o->docs, names, n, results, o->check);
	/* the workspace's own pages: their examples are run again too */
	ws = getenv("BUILD_WORKSPACE_DIRECTORY");
	if (ws && *ws) {
		snprintf(own, sizeof own, "%s/docs/cases", ws);
		if ((a = realpath(own, NULL)) && (b = realpath(o->docs, NULL)) &&
		    !strcmp(a, b))
			stale_examples = rl_docs_examples(ws, o->check, &examples);
		free(a);
		free(b);
	}
	if (!o->check && stale == 0)
		printf("wrote %zu pages and the index in %s\n", n, o->docs);
	else if (o->check && stale == 0)
		printf("docs: all %zu pages are up to date\n", n);
	if (examples && stale_examples == 0)
		printf("docs: %d example%s in README.md and docs/ %s\n", examples,
		       examples == 1 ? "" : "s",
		       o->check ? (examples == 1 ? "prints what it shows" : "print what they show") :
				  "written from their output");
	stale += stale_examples;
	json_decref(results);
	json_decref(doc);
	return stale ? 1 : 0;
}

/* One Bazel test: run, keep the JSON and raw output as undeclared outputs,
 * write JUnit where Bazel asks, and pass or fail by the verdict. */
static int cmd_test(struct options *o, const char *name)
{
	const char *undeclared = getenv("TEST_UNDECLARED_OUTPUTS_DIR");
	const char *junit = getenv("XML_OUTPUT_FILE");
	const struct rl_detector *d = rl_detector_find(o->detector);
	struct rl_layout l;
	struct rl_result r;
	json_t *results;
	int ok;

	if (check_selection(o, name) || !d || !strcmp(o->variant, "all"))
		return 2;
	if (undeclared)
		o->out = undeclared;
	l.root = o->root;
	l.raw_dir = o->out;
	ok = rl_session(&l, name, o->variant, d, 1, &r);
	rl_print_result(stdout, &r);
	results = json_array();
	json_array_append_new(results, rl_result_json(&r));
	if (save(o, "result", results) != 0)
		ok = 0;
	if (junit && rl_write_junit(junit, &r) != 0) {
		fprintf(stderr, "racelab: cannot write %s\n", junit);
		ok = 0;
	}
	json_decref(results);
	rl_result_free(&r);
	return ok ? 0 : 1;
}

/* Before the first run: a guard that outlives racelab ends what the runs
 * leave, then the runner's own handling of fatal signals. */
/* setup: the wrapper's own, for it needs no build */
static int cmd_setup(struct options *o, const char *name)
{
	(void)o;
	(void)name;
	fputs("racelab: setup is the ./racelab script's own command: run `./racelab setup` at the workspace root.\n",
	      stderr);
	return 2;
}

static void start_runs(void)
{
	rl_runner_guard();
	rl_runner_init();
}

int main(int argc, char **argv)
{
	struct options o = {
		.root = ".", .out = "racelab-report", .variant = "all",
		.detector = "all", .docs = "docs/cases", .runs = 1,
		.jobs = rl_cores(), .json_fd = -1,
	};
	const struct command *cmd;
	const char *name;
	int rc;

	/* ../racelab's short way: the build looked at before anything else */
	rl_front_check(argc, argv);
	if (argc < 2 || !*argv[1] || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		if (argc > 3) {
			fputs("racelab: help takes one command at most.\n", stderr);
			return 2;
		}
		if (argc < 3 || !*argv[1]) {
			print_help(stdout);
			return 0;
		}
		if (!strcmp(argv[2], "help")) {
			fputs(USAGE_HELP, stdout);
			return 0;
		}
		if (!(cmd = find_command(argv[2])))
			return unknown_command(argv[2]);
		print_command(stdout, cmd);
		return 0;
	}
	if (argv[1][0] == '-') {
		fprintf(stderr, "racelab: a command comes first, then its options, but `%s` came first: `./racelab help` lists them.\n",
			argv[1]);
		return 2;
	}
	if (!(cmd = find_command(argv[1])))
		return unknown_command(argv[1]);
	if (cmd->own) {
		start_runs();
		return cmd->own(argc - 1, argv + 1);
	}
	if ((rc = parse(cmd, argc, argv, &o, &name)) >= 0)
		return rc;
	rl_session_search(&(struct rl_search){ .schedules = o.schedules,
					       .shard = o.shard,
					       .shards = o.shards,
					       .seconds = o.seconds });
	if (json_begin(&o) != 0)
		return 2;
	start_runs();
	return cmd->run(&o, name);
}
