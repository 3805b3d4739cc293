/* explore.c - see explore.h.
 *
 * The work is split between two processes. The program, linked with
 * rt.c, is its own fork server: it runs the schedules and writes one
 * JSON line per finding to its stdout, which the runner keeps in a file
 * (server-K.jsonl, one server per job). Here racelab builds it, runs
 * the servers, reads their lines with jansson, gives every program
 * counter its file:line and every address its variable through
 * llvm-symbolizer (JSON output, read with jansson too), and writes
 * explore.json, one schedule file per bug, and the story.
 */
#define _GNU_SOURCE
#include "explore.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/build.h"
#include "harness/util.h"
#include "harness/output.h"
#include "harness/runner.h"
#include "harness/session.h"
#include "harness/words.h"
#include "story.h"

#define MAX_ARGS 16
#define MAX_JOBS 64
#define MAX_SCHEDULES 1000000
#define WIDTH 80

const char rl_explore_usage[] =
	"./racelab explore FILE... [-I DIR] [-D NAME[=VALUE]] [-l LIB] [-L DIR]\n"
	"                  [-std=STD] [--schedules N] [--strategy S] [--depth D]\n"
	"                  [--bound B] [--seed S] [--jobs J] [--all]\n"
	"                  [--steps N] [--seconds T] [--out DIR] [-- ARGS...]\n"
	"./racelab explore CASE [--schedules N] [--strategy S] ... [--out DIR]\n"
	"    Runs a program (C, or C++) under up to N schedules (default 1000)\n"
	"    that racelab's own scheduler chooses, one thread at a time, and\n"
	"    stops at the first bug (--all: collects every distinct one): a\n"
	"    failed assertion, a crash, an exit status the plain program does\n"
	"    not give, a deadlock, a livelock (where the program marks its\n"
	"    progress with rl_progress()); data races are reported beside.\n"
	"    Each bug is told as a story and saved as a schedule file for\n"
	"    `racelab replay`. Strategies: pct (default, bug depth --depth,\n"
	"    3), random, dfs (every schedule with at most --bound\n"
	"    preemptions, 2).\n"
	"    --seconds T ends the search after T seconds, whatever N.\n"
	"    A case name explores its broken program and each fix, with the\n"
	"    forcing devices off. Status: 1 a bug found, 0 none in N\n"
	"    schedules, 2 it could not be built or run, or the search was\n"
	"    partial.\n";

const char rl_replay_usage[] =
	"./racelab replay SCHEDULE [--runs N] [--out DIR]\n"
	"    Runs a schedule file that explore saved, N times (default 1), and\n"
	"    says whether the bug came back each time, or at which step the\n"
	"    program went another way than when it was recorded. Status: 1\n"
	"    the bug came back every time, 0 it did not, 2 it could not run.\n";

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


/* ---- the command line (getopt_long; -std= is taken out first, as
 * getopt would read it as -s -t -d) */

static int count(const char *opt, const char *v, int max, int *out)
{
	return rl_parse_count(opt, v, max, out) ? 2 : 0;
}

static int add_flag(struct explore *e, char kind, const char *v)
{
	char *f;

	if (e->nflags == RL_BUILD_MAX_FLAGS)
		return rl_refuse("explore takes at most %d compiler flags.",
			      RL_BUILD_MAX_FLAGS);
	if (asprintf(&f, "-%c%s", kind,
		     kind == 'I' || kind == 'L' ? rl_user_path(v) : v) < 0)
		abort();
	e->flags[e->nflags++] = f;
	e->owned[e->nowned++] = f;
	return 0;
}

static int parse(struct explore *e, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "schedules", 1, 0, 's' }, { "strategy", 1, 0, 'S' },
		{ "depth", 1, 0, 'd' }, { "bound", 1, 0, 'b' },
		{ "seed", 1, 0, 'e' }, { "jobs", 1, 0, 'j' },
		{ "all", 0, 0, 'a' }, { "out", 1, 0, 'o' },
		{ "steps", 1, 0, 'n' }, { "root", 1, 0, 'r' },
		{ "binary", 1, 0, 'B' }, { "name", 1, 0, 'N' },
		{ "shard", 1, 0, 'H' }, { "work", 1, 0, 'W' },
		{ "seconds", 1, 0, 'T' },
		{ "help", 0, 0, 'h' }, { 0, 0, 0, 0 },
	};
	char **av = rl_xcalloc((size_t)argc + 1, sizeof *av);
	int ac = 0, c, rc;

	/* -std= and the program's ARGS out of getopt's way */
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			for (i++; i < argc; i++) {
				if (e->nargs == MAX_ARGS)
					return rl_refuse("explore passes at most %d arguments to the program.",
						      MAX_ARGS);
				e->args[e->nargs++] = argv[i];
			}
			break;
		}
		if (!strncmp(argv[i], "-std=", 5)) {
			if (e->nflags == RL_BUILD_MAX_FLAGS)
				return rl_refuse("explore takes at most %d compiler flags.",
					      RL_BUILD_MAX_FLAGS);
			e->flags[e->nflags++] = argv[i];
			continue;
		}
		av[ac++] = argv[i];
	}
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(ac, av, ":I:D:l:L:h", longs, NULL)) != -1) {
		switch (c) {
		case 'I': case 'D': case 'l': case 'L':
			if ((rc = add_flag(e, (char)c, optarg)))
				return rc;
			break;
		case 's':
			if ((rc = count("--schedules", optarg, MAX_SCHEDULES, &e->schedules)))
				return rc;
			break;
		case 'S':
			if (strcmp(optarg, "pct") && strcmp(optarg, "random") &&
			    strcmp(optarg, "dfs"))
				return rl_refuse("there is no strategy `%s`: the strategies are pct, random and dfs.",
					      optarg);
			e->strategy = optarg;
			break;
		case 'd':
			if ((rc = count("--depth", optarg, 16, &e->depth)))
				return rc;
			break;
		case 'b':
			if (!strcmp(optarg, "0")) {
				e->bound = 0;
				break;
			}
			if ((rc = count("--bound", optarg, 10, &e->bound)))
				return rc;
			break;
		case 'e': {
			char *end;

			errno = 0;
			e->seed = strtoull(optarg, &end, 0);
			if (errno || *end || !*optarg || *optarg == '-')
				return rl_refuse("`--seed` takes a number, not `%s`.", optarg);
			break;
		}
		case 'j':
			if ((rc = count("--jobs", optarg, MAX_JOBS, &e->jobs)))
				return rc;
			break;
		case 'a':
			e->all = 1;
			break;
		case 'n':
			if ((rc = count("--steps", optarg, 2000000, &e->steps)))
				return rc;
			break;
		case 'o':
			e->out = rl_caller_path(optarg);
			break;
		case 'r':
			e->root = rl_user_path(optarg);
			break;
		case 'B':
			e->binary = rl_user_path(optarg);
			break;
		case 'T': {
			char *end;
			double v;

			errno = 0;
			v = strtod(optarg, &end);
			if (errno || *end || !(v >= 0.01 && v <= 86400))
				return rl_refuse("`--seconds` takes a time from 0.01 to 86400, not `%s`.",
					      optarg);
			e->seconds_ms = (int)(v * 1000 + 0.5);
			break;
		}
		case 'W':
			e->work_dir = rl_user_path(optarg);
			break;
		case 'N':
			snprintf(e->name, sizeof e->name, "%s", optarg);
			break;
		case 'H':
			if (rl_parse_shard(optarg, &e->shard, &e->shards))
				return 2;
			break;
		case 'h':
			fputs(rl_explore_usage, stdout);
			return 0;
		case ':':
			return rl_refuse("`%s` needs a value: see `./racelab explore --help`.",
				      av[optind - 1]);
		default:
			return rl_refuse("explore has no option `%s`: `./racelab explore --help` lists its options.",
				      av[optind - 1]);
		}
	}
	for (int i = optind; i < ac; i++) {
		if (av[i][0] == '-')
			return rl_refuse("explore has no option `%s`: `./racelab explore --help` lists its options.",
				      av[i]);
		if (!rl_build_is_source(av[i]) && !strchr(av[i], '/') &&
		    !e->case_name && !e->nfiles) {
			e->case_name = av[i];
			continue;
		}
		if (e->case_name)
			return rl_refuse("explore takes files or one case name, not both (`%s`).",
				      e->case_name);
		if (!rl_build_is_source(av[i]))
			return rl_refuse("`%s` is not a C or C++ source (.c, .cc, .cpp, .cxx).",
				      av[i]);
		if (e->nfiles == RL_BUILD_MAX_SOURCES)
			return rl_refuse("explore takes at most %d files.",
				      RL_BUILD_MAX_SOURCES);
		e->files[e->nfiles++] = rl_user_path(av[i]);
	}
	free(av);
	if (!e->nfiles && !e->case_name)
		return rl_refuse("explore needs a program: `./racelab explore FILE.c` or `./racelab explore CASE`.");
	if (e->case_name && (e->nflags || e->nargs))
		return rl_refuse("a case is built as the catalogue builds it: compiler flags and ARGS are for files (`%s`).",
			      e->case_name);
	if (e->binary && (e->case_name || e->nfiles != 1))
		return rl_refuse("`--binary` runs a program built from one source, which must be named.");
	if (!strcmp(e->strategy, "dfs") && e->jobs * e->shards > 1)
		return rl_refuse("dfs walks one tree in order: it runs as one job, not %d.",
			      e->jobs);
	return -1;
}

/* ---- building */

/* The program's name: its first file's, without the extension
 * ("counter_increment.atomic" for counter_increment.atomic.c). */
static void name_of(const char *path, char *buf, size_t len)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot > base ? (size_t)(dot - base) : strlen(base);

	snprintf(buf, len, "%.*s", (int)n, base);
	for (char *p = buf; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.", *p))
			*p = '_';
	if (buf[0] == '.')
		buf[0] = '_';
}

/* FNV-1a of the sources' bytes and the flags: the program's identity in
 * a schedule file (not a defence, a check that it is the same program). */
static unsigned long long identity(const char *const *sources, size_t n,
				   const char *const *flags, size_t nflags)
{
	unsigned long long h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++) {
		size_t len;
		char *text = rl_read_file(sources[i], &len);

		for (size_t k = 0; text && k < len; k++)
			h = (h ^ (unsigned char)text[k]) * 0x100000001b3ull;
		free(text);
		h = (h ^ 0xff) * 0x100000001b3ull;
	}
	for (size_t i = 0; i < nflags; i++)
		for (const char *p = flags[i]; *p; p++)
			h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
	return h;
}

static int run_quiet(struct rl_spawn *s, const char *dir, const char *what,
		     double timeout, struct rl_outcome *o)
{
	char out[PATH_MAX + 64], err[PATH_MAX + 64];

	snprintf(out, sizeof out, "%s/%s.stdout", dir, what);
	snprintf(err, sizeof err, "%s/%s.stderr", dir, what);
	s->stdout_path = out;
	s->stderr_path = err;
	s->timeout_s = timeout;
	s->term_grace_s = 1;
	s->max_output_bytes = 64ul << 20;
	s->max_file_bytes = 1ul << 30;
	s->max_resident_bytes = 4ul << 30;
	return rl_run(s, o);
}

static int build(struct explore *e)
{
	struct rl_build_spec b = { 0 };
	char rt[PATH_MAX + 32], include[PATH_MAX + 32];
	char err[1024];
	struct stat st;

	if (e->binary) {
		char *abs = realpath(e->files[0], NULL), *bin = realpath(e->binary, NULL);

		if (!abs || !bin || access(bin, X_OK)) {
			free(abs);
			free(bin);
			return rl_refuse("there is no program `%s` built from `%s` to explore.",
				      e->binary, e->files[0]);
		}
		e->sources[0] = abs;
		snprintf(e->bin, sizeof e->bin, "%s", bin);
		free(bin);
		return 0;
	}
	snprintf(rt, sizeof rt, "%s/harness/explore/rt.c", e->root);
	snprintf(include, sizeof include, "%s/harness/case", e->root);
	if (stat(rt, &st))
		return rl_refuse("racelab's scheduler is not at %s: is --root the workspace?",
			      rt);
	for (size_t i = 0; i < e->nfiles; i++) {
		char *abs, why[PATH_MAX + 160];

		if (rl_build_check_source(e->files[i], e->files[i], why, sizeof why))
			return rl_refuse("%s", why);
		if (!(abs = realpath(e->files[i], NULL)))
			return rl_refuse("there is no file `%s`.", e->files[i]);
		e->sources[i] = b.sources[i] = abs;
	}
	b.nsources = e->nfiles;
	memcpy(b.flags, e->flags, sizeof b.flags);
	b.nflags = e->nflags;
	b.include_dir = stat(include, &st) == 0 ? include : NULL;
	b.dir = e->dir;
	b.stem = e->name;
	b.runtime = rt;
	if (isatty(2))
		fprintf(stderr, "racelab: building %s with racelab's scheduler ...\n",
			e->name);
	if (rl_build(&b, RL_BUILD_EXPLORE, err, sizeof err))
		return rl_refuse("%s %s", e->files[0], err);
	snprintf(e->bin, sizeof e->bin, "%s/%s_explore", e->dir, e->name);
	return 0;
}

/* The program with its arguments, run in its own folder: what it
 * writes stays in racelab's files. */
static void program_argv(const struct explore *e, struct rl_spawn *s)
{
	rl_spawn_arg(s, "sh");
	rl_spawn_arg(s, "-c");
	rl_spawn_arg(s, "cd \"$0\" && exec \"$@\"");
	rl_spawn_arg(s, "%s", e->work);
	rl_spawn_arg(s, "%s", e->bin);
	for (size_t i = 0; i < e->nargs; i++)
		rl_spawn_arg(s, "%s", e->args[i]);
}

/* A worker process of racelab's, which dies with it: 0 in the worker
 * (its own runner, ready to run), its pid in racelab (noted, so that a
 * fatal signal asks it to end first), -1 when it cannot be made. */
static pid_t worker_fork(void)
{
	pid_t parent = getpid(), pid;

	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(1);
		rl_runner_init();
		return 0;
	}
	rl_runner_worker(pid, 1);
	return pid;
}

/* The plain program's own exit status, once, as a baseline: an exit
 * status a schedule gives and this run does not is a bug. It runs beside
 * the search, in a worker of its own, and writes DIR/baseline ("N\n",
 * or "-1\n" when it did not exit within its 10 s) when it ends; a server
 * reads it only when a schedule exits with a status of its own (rt.c),
 * so a plain run that hangs does not hold up a search that finds a
 * deadlock in its first schedule. */
static pid_t baseline_start(struct explore *e)
{
	pid_t pid;

	snprintf(e->baseline_path, sizeof e->baseline_path, "%s/baseline", e->dir);
	unlink(e->baseline_path);
	if ((pid = worker_fork()) == 0) {
		struct rl_spawn s = { 0 };
		struct rl_outcome o;
		char tmp[PATH_MAX + 32];
		int status = -1;
		FILE *f;

		program_argv(e, &s);
		if (!run_quiet(&s, e->dir, "plain", 10, &o) && o.how == RL_EXITED)
			status = o.exit_code;
		rl_spawn_free(&s);
		/* whole or not at all: a server may be reading */
		snprintf(tmp, sizeof tmp, "%s.new", e->baseline_path);
		if ((f = rl_output_open(tmp))) {
			if (fprintf(f, "%d\n", status) > 0 && fclose(f) == 0)
				rename(tmp, e->baseline_path);
			else
				unlink(tmp);
		}
		_exit(0);
	}
	return pid;
}

/* The search is over: the baseline's worker is ended if it still runs
 * (its run is stopped with it), and e->baseline is what it wrote, -1
 * when it wrote nothing. */
static void baseline_end(struct explore *e, pid_t pid)
{
	char *raw;
	size_t len;

	if (pid > 0) {
		kill(pid, SIGTERM);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		rl_runner_worker(pid, 0);
	}
	raw = rl_read_file(e->baseline_path, &len);
	e->baseline = raw && len > 1 && raw[len - 1] == '\n' ? atoi(raw) : -1;
	free(raw);
}

/* ---- the servers */

static void server_spawn(const struct explore *e, struct rl_spawn *s, int k,
			 int per, const char *stop)
{
	program_argv(e, s);
	rl_spawn_setenv(s, "RL_EXPLORE=1");
	rl_spawn_setenv(s, "RL_EXPLORE_STRATEGY=%s", e->strategy);
	rl_spawn_setenv(s, "RL_EXPLORE_SCHEDULES=%d", per);
	rl_spawn_setenv(s, "RL_EXPLORE_FIRST=%d", e->shard * e->jobs + k);
	rl_spawn_setenv(s, "RL_EXPLORE_STRIDE=%d", e->jobs * e->shards);
	rl_spawn_setenv(s, "RL_EXPLORE_SEED=%llu", e->seed);
	rl_spawn_setenv(s, "RL_EXPLORE_DEPTH=%d", e->depth);
	rl_spawn_setenv(s, "RL_EXPLORE_BOUND=%d", e->bound);
	rl_spawn_setenv(s, "RL_EXPLORE_ALL=%d", e->all);
	rl_spawn_setenv(s, "RL_EXPLORE_STEPS=%d", e->steps);
	rl_spawn_setenv(s, "RL_EXPLORE_BASELINE_FILE=%s", e->baseline_path);
	rl_spawn_setenv(s, "RL_EXPLORE_BUDGET_MS=%d", e->seconds_ms);
	if (stop)
		rl_spawn_setenv(s, "RL_EXPLORE_STOP=%s", stop);
}

/* How many of the schedules job k runs: every (J x shards)-th, from its
 * lane, shard x J + k. */
static int per_job(const struct explore *e, int k)
{
	int lanes = e->jobs * e->shards, lane = e->shard * e->jobs + k;

	return e->schedules / lanes + (lane < e->schedules % lanes);
}

/* A server's whole time: every schedule's own limit, with room. */
static double server_timeout(int schedules)
{
	double t = 60 + schedules * 0.5;

	return t > 3600 ? 3600 : t;
}

/* With more than one job, server k keeps to the k-th core this process
 * may use, and the program's threads with it: a schedule passes the
 * baton between threads at each switch, and a wake-up sent to another
 * core costs more than the steps between (bench/explore_speed.c, 4000
 * schedules: two jobs unpinned ran 1.1 times as many a second as one;
 * pinned, 1.3 to 1.4 times). */
static void keep_to_core(int k, int jobs)
{
	cpu_set_t allowed, one;
	int count, seen = 0;

	if (jobs < 2 || sched_getaffinity(0, sizeof allowed, &allowed) != 0 ||
	    (count = CPU_COUNT(&allowed)) < 2)
		return;
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &allowed) && seen++ == k % count) {
			CPU_ZERO(&one);
			CPU_SET(c, &one);
			sched_setaffinity(0, sizeof one, &one);
			return;
		}
}

static int run_servers(struct explore *e, struct rl_outcome *outs)
{
	char stop[PATH_MAX + 16];
	pid_t pids[MAX_JOBS] = { 0 };
	FILE *f;

	snprintf(stop, sizeof stop, "%s/stop", e->dir);
	if (!(f = rl_output_open(stop)) || fputs("0", f) < 0 || fclose(f))
		return rl_refuse("cannot write %s.", stop);
	for (int k = 0; k < e->jobs; k++) {
		int per = per_job(e, k);

		if (!per)
			continue;
		pids[k] = worker_fork();
		if (pids[k] < 0)
			return rl_refuse("cannot start a job: %s.", strerror(errno));
		if (pids[k] == 0) {
			struct rl_spawn s = { 0 };
			struct rl_outcome o;
			char what[32], endp[PATH_MAX + 32];
			int fd;

			keep_to_core(k, e->jobs);
			server_spawn(e, &s, k, per, stop);
			snprintf(what, sizeof what, "server-%d", k);
			memset(&o, 0, sizeof o);
			if (run_quiet(&s, e->dir, what, server_timeout(per), &o))
				o.how = RL_SPAWN_FAILED;
			snprintf(endp, sizeof endp, "%s/server-%d.end", e->dir, k);
			fd = rl_output_fd(endp);
			if (fd >= 0) {
				ssize_t w = write(fd, &o, sizeof o);

				(void)w;
				close(fd);
			}
			_exit(0);
		}
	}
	for (int k = 0; k < e->jobs; k++) {
		int status;
		char what[PATH_MAX + 32];
		size_t len;
		char *raw;

		memset(&outs[k], 0, sizeof outs[k]);
		outs[k].how = RL_SPAWN_FAILED;
		if (pids[k] <= 0)
			continue;
		while (waitpid(pids[k], &status, 0) < 0 && errno == EINTR)
			;
		rl_runner_worker(pids[k], 0);
		snprintf(what, sizeof what, "%s/server-%d.end", e->dir, k);
		raw = rl_read_file(what, &len);
		if (raw && len == sizeof outs[k])
			memcpy(&outs[k], raw, sizeof outs[k]);
		free(raw);
	}
	return 0;
}

/* Reads a server's lines: bugs and races into the arrays, its end into
 * *end (NULL when it never said it ended), and a replay's divergence
 * into *diverged (when not NULL). */
static void read_server(const char *path, json_t *bugs, json_t *races,
			json_t **end, json_t **diverged)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;

	*end = NULL;
	if (!f)
		return;
	while (getline(&line, &cap, f) > 0) {
		json_t *j = json_loads(line, 0, NULL);
		const char *ev = json_string_value(json_object_get(j, "event"));

		if (!ev) {
			json_decref(j);
			continue;
		}
		if (!strcmp(ev, "bug"))
			json_array_append_new(bugs, j);
		else if (!strcmp(ev, "race"))
			json_array_append_new(races, j);
		else if (!strcmp(ev, "end") && !*end)
			*end = j;
		else if (!strcmp(ev, "diverged") && diverged && !*diverged)
			*diverged = j;
		else
			json_decref(j);
	}
	free(line);
	fclose(f);
}

/* ---- names: program counters and addresses, by llvm-symbolizer */

struct names {
	json_t *code;		/* "0x4514" -> {file, line, function} */
	json_t *data;		/* "0x11204" -> name */
};

static unsigned long long hexval(const json_t *v)
{
	const char *s = json_string_value(v);

	return s ? strtoull(s, NULL, 16) : 0;
}

static void want_code(json_t *set, const json_t *pc, int ret)
{
	char key[32];
	unsigned long long v = hexval(pc);

	if (!v)
		return;
	snprintf(key, sizeof key, "0x%llx", v - (ret ? 1 : 0));
	json_object_set_new(set, key, json_null());
}

/* One llvm-symbolizer for every address: its input is a file of lines
 * ("0x4514", "DATA 0x11204"), its output one JSON object a line. */
void rl_explore_symbolize(const char *bin, const char *dir, json_t *code,
			  json_t *data)
{
	char in[PATH_MAX + 32], outp[PATH_MAX + 32];
	struct rl_spawn s = { 0 };
	struct rl_outcome o;
	const char *key;
	json_t *v;
	FILE *f;
	char *line = NULL;
	size_t cap = 0;

	if (!json_object_size(code) && !json_object_size(data))
		return;	/* nothing to name: no llvm-symbolizer to start */
	snprintf(in, sizeof in, "%s/symbolize.in", dir);
	snprintf(outp, sizeof outp, "%s/symbolize.stdout", dir);
	if (!(f = rl_output_open(in)))
		return;
	json_object_foreach(code, key, v)
		fprintf(f, "%s\n", key);
	json_object_foreach(data, key, v)
		fprintf(f, "DATA %s\n", key);
	fclose(f);
	rl_spawn_arg(&s, "sh");
	rl_spawn_arg(&s, "-c");
	rl_spawn_arg(&s, "exec llvm-symbolizer --obj=\"$0\" --output-style=JSON --functions=short --relative-address < \"$1\"");
	rl_spawn_arg(&s, "%s", bin);
	rl_spawn_arg(&s, "%s", in);
	if (run_quiet(&s, dir, "symbolize", 60, &o)) {
		rl_spawn_free(&s);
		return;
	}
	rl_spawn_free(&s);
	if (!(f = fopen(outp, "r")))
		return;
	while (getline(&line, &cap, f) > 0) {
		json_t *j = json_loads(line, 0, NULL), *sym, *d;
		char k[32];

		snprintf(k, sizeof k, "0x%llx",
			 hexval(json_object_get(j, "Address")));
		if ((d = json_object_get(j, "Data")) &&
		    json_string_value(json_object_get(d, "Name")) &&
		    *json_string_value(json_object_get(d, "Name"))) {
			unsigned long long start = hexval(json_object_get(d, "Start"));
			unsigned long long at = hexval(json_object_get(j, "Address"));
			char name[160];

			if (at > start)
				snprintf(name, sizeof name, "%s+%llu",
					 json_string_value(json_object_get(d, "Name")),
					 at - start);
			else
				snprintf(name, sizeof name, "%s",
					 json_string_value(json_object_get(d, "Name")));
			json_object_set_new(data, k, json_string(name));
		} else if ((sym = json_array_get(json_object_get(j, "Symbol"), 0)) &&
			   json_integer_value(json_object_get(sym, "Line"))) {
			json_t *w = json_object();
			const char *file = json_string_value(json_object_get(sym, "FileName"));
			const char *slash = file ? strrchr(file, '/') : NULL;

			json_object_set_new(w, "file", json_string(slash ? slash + 1 : file ? file : "?"));
			json_object_set_new(w, "path", json_string(file ? file : ""));
			json_object_set(w, "line", json_object_get(sym, "Line"));
			json_object_set(w, "function", json_object_get(sym, "FunctionName"));
			json_object_set_new(code, k, w);
		}
		json_decref(j);
	}
	free(line);
	fclose(f);
}

/* Where a program counter is, as a copy; NULL when not known. */
static json_t *where(const json_t *code, const json_t *pc, int ret)
{
	char key[32];
	unsigned long long v = hexval(pc);
	json_t *w;

	if (!v)
		return NULL;
	snprintf(key, sizeof key, "0x%llx", v - (ret ? 1 : 0));
	w = json_object_get(code, key);
	return json_is_object(w) ? json_deep_copy(w) : NULL;
}

/* addr's offset in the program's data (its globals), from the bug's
 * base and data_end; 0 when addr is not there (heap, stack, a library). */
static int data_offset(const json_t *bug, unsigned long long addr,
		       unsigned long long *off)
{
	unsigned long long base = hexval(json_object_get(bug, "base"));
	unsigned long long end = hexval(json_object_get(bug, "data_end"));

	if (!end)
		end = 1ull << 32;
	if (!addr || addr < base || addr - base >= end)
		return 0;
	*off = addr - base;
	return 1;
}

/* A variable's name: a global by its symbol, anything else by its order
 * of appearance ("mem#1", "lock#2"). */
static const char *var_name(json_t *data, json_t *others, const json_t *bug,
			    unsigned long long addr, const char *kind)
{
	char key[32];
	const char *n;
	unsigned long long off;

	if (!addr)
		return NULL;
	if (data_offset(bug, addr, &off)) {
		snprintf(key, sizeof key, "0x%llx", off);
		n = json_string_value(json_object_get(data, key));
		if (n)
			return n;
	}
	snprintf(key, sizeof key, "%llx", addr);
	if (!json_object_get(others, key)) {
		char name[48];

		snprintf(name, sizeof name, "%s#%zu", kind,
			 json_object_size(others) + 1);
		json_object_set_new(others, key, json_string(name));
	}
	return json_string_value(json_object_get(others, key));
}

/* Asks llvm-symbolizer for the global at addr, when there is one. */
static void want_data(json_t *set, const json_t *bug, unsigned long long addr)
{
	unsigned long long off;
	char key[32];

	if (!data_offset(bug, addr, &off))
		return;
	snprintf(key, sizeof key, "0x%llx", off);
	json_object_set_new(set, key, json_null());
}

static int is_lock_op(const char *op)
{
	static const char *const ops[] = { "lock", "unlock", "trylock-busy",
		"rdlock", "wrlock", "rwunlock", "wait", "woken", "timed-out",
		"signal", "broadcast", "sem-wait", "sem-post", "barrier",
		"once", NULL };

	for (int i = 0; ops[i]; i++)
		if (!strcmp(op, ops[i]))
			return 1;
	return 0;
}

/* Every program counter and global of the bugs and races, named. */
static void name_all(const struct explore *e, json_t *bugs, json_t *races,
		     struct names *n)
{
	size_t i, k;
	json_t *b, *s, *r;

	n->code = json_object();
	n->data = json_object();
	json_array_foreach(bugs, i, b) {
		json_array_foreach(json_object_get(b, "trace"), k, s) {
			want_code(n->code, json_object_get(s, "pc"), 1);
			want_data(n->data, b, hexval(json_object_get(s, "addr")));
		}
		json_array_foreach(json_object_get(b, "stack"), k, s)
			want_code(n->code, s, 1);
		json_array_foreach(json_object_get(b, "stuck"), k, s) {
			want_code(n->code, json_object_get(s, "pc"), 1);
			want_data(n->data, b, hexval(json_object_get(s, "object")));
		}
	}
	json_array_foreach(races, i, r) {
		want_code(n->code, json_object_get(json_object_get(r, "first"), "pc"), 1);
		want_code(n->code, json_object_get(json_object_get(r, "second"), "pc"), 1);
	}
	rl_explore_symbolize(e->bin, e->dir, n->code, n->data);
}

/* The trace as the story reads it: each step with its file, line and
 * variable. */
static json_t *named_trace(const json_t *bug, const struct names *n,
			   json_t *others)
{
	json_t *out = json_array(), *s;
	size_t i;

	json_array_foreach(json_object_get(bug, "trace"), i, s) {
		json_t *o, *w = where(n->code, json_object_get(s, "pc"), 1);
		const char *file = json_string_value(json_object_get(w, "file"));
		const char *op = json_string_value(json_object_get(s, "op")), *var;

		/* racelab.h's own bookkeeping (thread names, progress marks,
		 * the program's own check), which forcing off leaves: not
		 * the program's steps */
		if (file && (!strcmp(file, "racelab.h") || !strcmp(file, "racelab_shm.h"))) {
			json_decref(w);
			continue;
		}
		o = json_deep_copy(s);
		var = var_name(n->data, others, bug, hexval(json_object_get(s, "addr")),
			       op && is_lock_op(op) ? "lock" : "mem");

		if (w) {
			json_object_set(o, "file", json_object_get(w, "file"));
			json_object_set(o, "path", json_object_get(w, "path"));
			json_object_set(o, "line", json_object_get(w, "line"));
			json_object_set(o, "function", json_object_get(w, "function"));
			json_decref(w);
		}
		if (var)
			json_object_set_new(o, "var", json_string(var));
		json_array_append_new(out, o);
	}
	return out;
}

/* What glibc's assert() printed ("PROG: FILE:LINE: FUNCTION: Assertion
 * `X' failed."), said as "assertion `X' failed at FILE:LINE (FUNCTION)"
 * with FILE's last part; the line as it is when it is not of that form. */
static void failure_line(const char *output, char *buf, size_t len)
{
	const char *hit = strstr(output, ": Assertion `");
	const char *start, *end, *p, *q, *file, *func;
	int line;

	buf[0] = '\0';
	if (!hit)
		return;
	for (start = hit; start > output && start[-1] != '\n'; start--)
		;
	end = strchr(hit, '\n');
	if (!end)
		end = hit + strlen(hit);
	/* PROG: FILE:LINE: FUNC -> from the right, as FUNC may hold ':' */
	p = strstr(start, ": ");
	if (!p || p > hit)
		goto raw;
	file = p + 2;
	for (q = file; q < hit && !(q[0] == ':' && q[1] >= '0' && q[1] <= '9'); q++)
		;
	if (q >= hit || sscanf(q + 1, "%d", &line) != 1)
		goto raw;
	func = strstr(q + 1, ": ");
	if (!func || func > hit)
		goto raw;
	func += 2;
	{
		const char *slash = file;

		for (const char *c = file; c < q; c++)
			if (*c == '/')
				slash = c + 1;
		snprintf(buf, len, "assertion %.*s at %.*s:%d (%.*s)",
			 (int)(end - (hit + 12) - (end[-1] == '.' ? 1 : 0)), hit + 12,
			 (int)(q - slash), slash, line, (int)(hit - func), func);
	}
	return;
raw:
	snprintf(buf, len, "%.*s", (int)(end - start), start);
}

/* The sentence that ends the story. */
static void bug_sentence(const json_t *bug, const struct names *n,
			 json_t *others, char *buf, size_t len)
{
	const char *kind = json_string_value(json_object_get(bug, "kind"));
	long t = (long)json_integer_value(json_object_get(bug, "thread"));
	char fail[512], who[32];
	json_t *w = NULL;

	failure_line(json_string_value(json_object_get(bug, "output")) ?
		     json_string_value(json_object_get(bug, "output")) : "",
		     fail, sizeof fail);
	/* the first frame of the program's own code, not the scheduler's */
	for (size_t k = 0; k < json_array_size(json_object_get(bug, "stack")) && !w; k++) {
		w = where(n->code, json_array_get(json_object_get(bug, "stack"), k), 1);
		if (w && !strcmp(json_string_value(json_object_get(w, "file")) ?: "", "rt.c")) {
			json_decref(w);
			w = NULL;
		}
	}
	if (!strcmp(kind, "deadlock")) {
		size_t i, off;
		json_t *s;

		off = (size_t)snprintf(buf, len, "deadlock:");
		json_array_foreach(json_object_get(bug, "stuck"), i, s) {
			json_t *at = where(n->code, json_object_get(s, "pc"), 1);
			const char *v = var_name(n->data, others, bug,
						 hexval(json_object_get(s, "object")),
						 "lock");
			const char *waits = json_string_value(json_object_get(s, "waits"));

			char whom[32];

			if (off >= len)
				break;
			rl_story_thread((long)json_integer_value(json_object_get(s, "thread")),
					who, sizeof who);
			rl_story_thread((long)json_integer_value(json_object_get(s, "holder")),
					whom, sizeof whom);
			off += (size_t)snprintf(buf + off, len - off, "%s %s waits for %s%s%s",
					 i ? ";" : "", who,
					 !strcmp(waits, "join") ? "" : waits,
					 !strcmp(waits, "join") ? "" : " ",
					 !strcmp(waits, "join") ? "" : v ? v : "?");
			if (off < len && !strcmp(waits, "join"))
				off += (size_t)snprintf(buf + off, len - off, "%s to end", whom);
			else if (off < len && json_object_get(s, "holder"))
				off += (size_t)snprintf(buf + off, len - off, " (held by %s)", whom);
			if (off < len && at)
				off += (size_t)snprintf(buf + off, len - off, " at %s:%lld",
						 json_string_value(json_object_get(at, "file")),
						 json_integer_value(json_object_get(at, "line")));
			json_decref(at);
		}
	} else if (!strcmp(kind, "assertion") && fail[0]) {
		snprintf(buf, len, "%s: %s", rl_story_thread(t, who, sizeof who), fail);
	} else if (!strcmp(kind, "crash") || !strcmp(kind, "abort") ||
		   !strcmp(kind, "assertion")) {
		snprintf(buf, len, "%s: %s (%s)%s%s%s%lld",
			 rl_story_thread(t, who, sizeof who),
			 !strcmp(kind, "crash") ? "crashed" : "aborted",
			 json_string_value(json_object_get(bug, "signal")),
			 w ? " at " : "",
			 w ? json_string_value(json_object_get(w, "file")) : "",
			 w ? ":" : "",
			 w ? json_integer_value(json_object_get(w, "line")) : 0LL);
		if (!w)
			buf[strlen(buf) - 1] = '\0';	/* the 0 */
	} else if (!strcmp(kind, "exit")) {
		snprintf(buf, len, "the program exited with status %lld, where its plain run exits with 0",
			 json_integer_value(json_object_get(bug, "status")));
	} else if (!strcmp(kind, "symptom")) {
		/* its first line, "CATEGORY\tsentence", as "CATEGORY: sentence" */
		const char *sym = json_string_value(json_object_get(bug, "symptom")) ?: "";
		size_t cat = strcspn(sym, "\t\n");
		size_t rest = sym[cat] == '\t' ? strcspn(sym + cat + 1, "\n") : 0;

		snprintf(buf, len, "the program's own check: %.*s%s%.*s", (int)cat, sym,
			 rest ? ": " : "", (int)rest, sym[cat] == '\t' ? sym + cat + 1 : "");
	} else {
		snprintf(buf, len, "%s", kind);
	}
	json_decref(w);
}

/* ---- a livelock's cycle */

static int same_value(const json_t *a, const json_t *b)
{
	return (!a && !b) || (a && b && json_equal(a, b));
}

/* Two steps alike: the same thread doing the same thing at the same
 * place to the same object (the values may differ: a version counter
 * that every retry bumps is no progress). */
static int same_step(const json_t *a, const json_t *b)
{
	static const char *const keys[] = { "thread", "op", "pc", "addr" };

	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
		if (!same_value(json_object_get(a, keys[k]), json_object_get(b, keys[k])))
			return 0;
	return 1;
}

#define MAX_CYCLE 4096

/* The shortest period P (at most MAX_CYCLE steps) with which the end of
 * the trace repeats itself, at least twice over; *from: the index where
 * the repetition begins (0: before the trace kept). 0 when none. */
static size_t cycle_of(const json_t *trace, size_t *from)
{
	size_t n = json_array_size(trace);

	for (size_t p = 1; p <= MAX_CYCLE && 3 * p <= n; p++) {
		size_t i = n, s;

		while (i > n - 2 * p &&
		       same_step(json_array_get(trace, i - 1), json_array_get(trace, i - 1 - p)))
			i--;
		if (i > n - 2 * p)
			continue;
		for (s = n - 2 * p; s > p &&
		     same_step(json_array_get(trace, s - 1), json_array_get(trace, s - 1 - p));)
			s--;
		*from = s - p;
		return p;
	}
	return 0;
}

/* A livelock in words, from its cycle: who repeats what since when, and
 * the program's last progress mark. Returns the trace cut to its last
 * two cycles (at least 8 steps), which the story is told from: a
 * livelock runs to the step budget, and its whole trace would be
 * megabytes of the same steps. */
static json_t *livelock_sentence(const json_t *bug, json_t *trace,
				 char *buf, size_t len)
{
	long long steps = json_integer_value(json_object_get(bug, "steps"));
	long long marks = json_integer_value(json_object_get(bug, "marks"));
	long long last = json_integer_value(json_object_get(bug, "last_mark"));
	size_t from = 0, p = cycle_of(trace, &from), n = json_array_size(trace);
	size_t off = 0, keep;
	int who[256] = { 0 }, k = 0;
	char since[96], mark[96], name[32];

	if (marks)
		snprintf(mark, sizeof mark, "; the last progress mark was at step %lld", last);
	else
		snprintf(mark, sizeof mark, ", and none marks progress");
	if (!p) {
		snprintf(buf, len, "livelock: the threads ran %lld steps (the step budget)%s",
			 steps, marks ? mark : " and none marked progress");
		return trace;
	}
	for (size_t i = n - p; i < n; i++) {
		json_int_t t = json_integer_value(json_object_get(json_array_get(trace, i), "thread"));

		if (t > 0 && t < 256)
			who[t] = 1;
	}
	off = (size_t)snprintf(buf, len, "livelock:");
	for (int t = 1; t < 256 && off < len; t++)
		if (who[t])
			off += (size_t)snprintf(buf + off, len - off, "%s %s",
					 k++ ? " and" : "",
					 rl_story_thread(t, name, sizeof name));
	if (from)
		snprintf(since, sizeof since, "from step %lld",
			 json_integer_value(json_object_get(json_array_get(trace, from), "step")));
	else
		snprintf(since, sizeof since, "for at least the last %zu steps", n);
	if (off < len)
		snprintf(buf + off, len - off,
			 " repeat%s the same %zu step%s %s, until the step budget (%lld) runs out%s",
			 k == 1 ? "s" : "", p, p == 1 ? "" : "s", since, steps, mark);
	keep = 2 * p > 8 ? 2 * p : 8;
	if (n > keep) {
		json_t *tail = json_array();

		for (size_t i = n - keep; i < n; i++)
			json_array_append(tail, json_array_get(trace, i));
		json_decref(trace);
		trace = tail;
	}
	return trace;
}

/* ---- results */

static json_t *string_array(const char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *schedule_doc(const struct explore *e, const json_t *bug,
			    unsigned long long id)
{
	json_t *d = json_object();
	char h[32];

	snprintf(h, sizeof h, "%016llx", id);
	json_object_set_new(d, "racelab_schedule", json_integer(1));
	json_object_set_new(d, "program", json_string(e->name));
	json_object_set_new(d, "identity", json_string(h));
	json_object_set_new(d, "sources", string_array(e->sources, e->nfiles));
	json_object_set_new(d, "flags", string_array(e->flags, e->nflags));
	json_object_set_new(d, "args", string_array(e->args, e->nargs));
	json_object_set_new(d, "strategy", json_string(e->strategy));
	json_object_set(d, "seed", json_object_get(bug, "seed"));
	json_object_set(d, "schedule", json_object_get(bug, "schedule"));
	json_object_set(d, "kind", json_object_get(bug, "kind"));
	json_object_set(d, "schedule_file", json_object_get(bug, "schedule_file"));
	return d;
}

static int write_json(const char *path, json_t *j)
{
	FILE *f = rl_output_open(path);

	if (!f)
		return -1;
	return ((json_dumpf(j, f, JSON_INDENT(2) | JSON_SORT_KEYS) != 0) +
		(fclose(f) != 0)) ? -1 : 0;
}

/* The bugs in schedule order, one per kind and place unless --all. */
static int by_schedule(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "schedule"));
	json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "schedule"));

	return x < y ? -1 : x > y;
}

static json_t *sorted(json_t *bugs)
{
	size_t n = json_array_size(bugs);
	json_t **v = rl_xcalloc(n ? n : 1, sizeof *v), *out = json_array();

	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(bugs, i);
	qsort(v, n, sizeof *v, by_schedule);
	for (size_t i = 0; i < n; i++)
		json_array_append(out, v[i]);
	free(v);
	return out;
}

static const char *kind_words(const char *kind)
{
	if (!strcmp(kind, "assertion"))
		return "a failed assertion";
	if (!strcmp(kind, "deadlock"))
		return "a deadlock";
	if (!strcmp(kind, "crash"))
		return "a crash";
	if (!strcmp(kind, "abort"))
		return "an abort";
	if (!strcmp(kind, "exit"))
		return "an exit status the plain run does not give";
	if (!strcmp(kind, "livelock"))
		return "a livelock";
	if (!strcmp(kind, "symptom"))
		return "the program's own check failing";
	return kind;
}

/* What explore could not control, in sentences. */
static json_t *partial(const json_t *end, int servers_ok)
{
	json_t *p = json_array();
	const char *u = json_string_value(json_object_get(end, "unmodelled"));
	const char *note = json_string_value(json_object_get(end, "note"));
	char s[640];

	if (!servers_ok)
		json_array_append_new(p, json_string("a job of explore's ended before it reported every schedule: the search is partial"));
	if (json_is_true(json_object_get(end, "uses_fork")))
		json_array_append_new(p, json_string("the program forks: explore controls the first process only, and its children run free"));
	if (json_is_true(json_object_get(end, "uses_signals")))
		json_array_append_new(p, json_string("the program uses signals: they arrive when the kernel delivers them, outside the schedule"));
	if (json_integer_value(json_object_get(end, "outside_calls")))
		json_array_append_new(p, json_string("the program waits on input or on other processes (read, poll, waitpid, ...): when such a call returns is the kernel's choice, not the search's"));
	if (u && *u) {
		snprintf(s, sizeof s, "the scheduler does not model %s: schedules after it are partial", u);
		json_array_append_new(p, json_string(s));
	}
	if (json_integer_value(json_object_get(end, "budget_cut"))) {
		snprintf(s, sizeof s, "%lld schedules did not end within the step budget (--steps): no verdict on them",
			 json_integer_value(json_object_get(end, "budget_cut")));
		json_array_append_new(p, json_string(s));
	}
	if (json_integer_value(json_object_get(end, "limits")) && !(note && *note)) {
		snprintf(s, sizeof s, "%lld schedules met a limit of explore's and were stopped: no verdict on them",
			 json_integer_value(json_object_get(end, "limits")));
		json_array_append_new(p, json_string(s));
	}
	if (json_integer_value(json_object_get(end, "timeouts"))) {
		long long n = json_integer_value(json_object_get(end, "timeouts"));

		if (n == 1)
			snprintf(s, sizeof s, "1 schedule ran past its time and was stopped: no verdict on it");
		else
			snprintf(s, sizeof s, "%lld schedules ran past their time and were stopped: no verdict on them", n);
		json_array_append_new(p, json_string(s));
	}
	if (note && *note) {
		snprintf(s, sizeof s, "%s", note);
		if (!json_integer_value(json_object_get(end, "budget_cut")) ||
		    !strstr(note, "steps"))
			json_array_append_new(p, json_string(s));
	}
	return p;
}

/* Adds the counts of one server's end to the sum. */
static void add_end(json_t *sum, const json_t *end)
{
	static const char *const counts[] = { "schedules", "budget_cut",
		"timeouts", "limits", "outside_calls", NULL };
	static const char *const flags[] = { "uses_fork", "uses_signals",
		"complete", "time_up", NULL };

	for (int i = 0; counts[i]; i++)
		json_object_set_new(sum, counts[i], json_integer(
			json_integer_value(json_object_get(sum, counts[i])) +
			json_integer_value(json_object_get(end, counts[i]))));
	for (int i = 0; flags[i]; i++)
		if (json_is_true(json_object_get(end, flags[i])))
			json_object_set_new(sum, flags[i], json_true());
	if (json_integer_value(json_object_get(end, "max_steps")) >
	    json_integer_value(json_object_get(sum, "max_steps")))
		json_object_set(sum, "max_steps", json_object_get(end, "max_steps"));
	if (json_integer_value(json_object_get(end, "points")) >
	    json_integer_value(json_object_get(sum, "points")))
		json_object_set(sum, "points", json_object_get(end, "points"));
	if (!*(json_string_value(json_object_get(sum, "unmodelled")) ?: ""))
		json_object_set(sum, "unmodelled", json_object_get(end, "unmodelled"));
	if (!*(json_string_value(json_object_get(sum, "note")) ?: ""))
		json_object_set(sum, "note", json_object_get(end, "note"));
}

/* A string the program chose (its name, a variable's, a file's), as
 * text for the screen (util.h: rl_printable); good for the next
 * seven calls, so that one printf may show several. */
static const char *text(const char *s)
{
	static char *ring[8];
	static int k;
	const char *r;

	free(ring[k]);
	ring[k] = rl_printable(s ? s : "?", 0);
	r = ring[k];
	k = (k + 1) % 8;
	return r;
}

static void print_rows(const json_t *rows)
{
	size_t i;
	json_t *r;

	json_array_foreach(rows, i, r)
		printf("  %s\n", text(json_string_value(r)));
}

static json_t *race_json(const json_t *r, const struct names *n)
{
	json_t *o = json_object();

	for (int k = 0; k < 2; k++) {
		const json_t *a = json_object_get(r, k ? "second" : "first");
		json_t *x = json_object(), *w = where(n->code, json_object_get(a, "pc"), 1);

		json_object_set(x, "thread", json_object_get(a, "thread"));
		json_object_set(x, "op", json_object_get(a, "op"));
		if (w) {
			json_object_update(x, w);
			json_decref(w);
		}
		json_object_set_new(o, k ? "second" : "first", x);
	}
	json_object_set(o, "size", json_object_get(r, "size"));
	return o;
}

static void print_race(const json_t *r)
{
	const json_t *a = json_object_get(r, "first"), *b = json_object_get(r, "second");

	char ta[32], tb[32];

	rl_story_thread((long)json_integer_value(json_object_get(a, "thread")), ta, sizeof ta);
	rl_story_thread((long)json_integer_value(json_object_get(b, "thread")), tb, sizeof tb);
	printf("  race: %s %s at %s:%lld (%s) and %s %s at %s:%lld (%s), unordered\n",
	       ta,
	       json_string_value(json_object_get(a, "op")),
	       text(json_string_value(json_object_get(a, "file"))),
	       json_integer_value(json_object_get(a, "line")),
	       text(json_string_value(json_object_get(a, "function"))),
	       tb,
	       json_string_value(json_object_get(b, "op")),
	       text(json_string_value(json_object_get(b, "file"))),
	       json_integer_value(json_object_get(b, "line")),
	       text(json_string_value(json_object_get(b, "function"))));
}

static int report(struct explore *e, json_t *bugs_raw, json_t *races_raw,
		  json_t *sum, int servers_ok)
{
	json_t *doc = json_object(), *bugs = json_array(), *races = json_array();
	json_t *seen = json_object(), *others = json_object(), *order, *b;
	json_t *parts = partial(sum, servers_ok);
	struct names n;
	unsigned long long id = identity(e->sources, e->nfiles, e->flags, e->nflags);
	char path[PATH_MAX + 64], line[1200];
	size_t i;
	int nb = 0, rc, width;
	json_int_t cut = json_integer_value(json_object_get(sum, "budget_cut")) +
			 json_integer_value(json_object_get(sum, "timeouts")) +
			 json_integer_value(json_object_get(sum, "limits"));

	order = sorted(bugs_raw);
	name_all(e, order, races_raw, &n);
	json_array_foreach(order, i, b) {
		json_t *trace, *bug = json_object();
		char end[1024], key[1200];
		const char *kind = json_string_value(json_object_get(b, "kind"));
		json_t *sched, *rows;
		int threads = (int)json_array_size(json_object_get(b, "threads"));

		trace = named_trace(b, &n, others);
		bug_sentence(b, &n, others, end, sizeof end);
		if (!strcmp(kind, "livelock"))
			trace = livelock_sentence(b, trace, end, sizeof end);
		snprintf(key, sizeof key, "%s|%s", kind, end);
		if (json_object_get(seen, key)) {	/* the same bug again */
			json_decref(trace);
			json_decref(bug);
			continue;
		}
		json_object_set_new(seen, key, json_true());
		nb++;
		snprintf(path, sizeof path, "%s/bug-%d.schedule", e->dir, nb);
		sched = schedule_doc(e, b, id);
		if (write_json(path, sched))
			fprintf(stderr, "racelab: cannot write %s\n", path);
		json_decref(sched);
		rows = rl_story(trace, threads, end, WIDTH - 2);
		json_object_set(bug, "kind", json_object_get(b, "kind"));
		json_object_set_new(bug, "what", json_string(end));
		json_object_set(bug, "schedule", json_object_get(b, "schedule"));
		json_object_set(bug, "preemptions", json_object_get(b, "preemptions"));
		json_object_set(bug, "steps", json_object_get(b, "steps"));
		json_object_set_new(bug, "schedule_file", json_string(path));
		json_object_set_new(bug, "story", rows);
		json_object_set(bug, "output", json_object_get(b, "output"));
		if (json_object_get(b, "stuck"))
			json_object_set(bug, "stuck", json_object_get(b, "stuck"));
		if (json_object_get(b, "symptom"))
			json_object_set(bug, "symptom", json_object_get(b, "symptom"));
		if (json_object_get(b, "status"))
			json_object_set(bug, "status", json_object_get(b, "status"));
		if (json_object_get(b, "signal"))
			json_object_set(bug, "signal", json_object_get(b, "signal"));
		json_object_set_new(bug, "trace", trace);
		json_array_append_new(bugs, bug);
	}
	json_array_foreach(races_raw, i, b) {
		json_t *r = race_json(b, &n);
		char key[512];

		snprintf(key, sizeof key, "race|%s:%lld|%s:%lld",
			 json_string_value(json_object_get(json_object_get(r, "first"), "file")) ?: "",
			 json_integer_value(json_object_get(json_object_get(r, "first"), "line")),
			 json_string_value(json_object_get(json_object_get(r, "second"), "file")) ?: "",
			 json_integer_value(json_object_get(json_object_get(r, "second"), "line")));
		if (json_object_get(seen, key)) {
			json_decref(r);
			continue;
		}
		json_object_set_new(seen, key, json_true());
		json_array_append_new(races, r);
	}
	json_object_set_new(doc, "program", json_string(e->name));
	json_object_set_new(doc, "sources", string_array(e->sources, e->nfiles));
	json_object_set_new(doc, "flags", string_array(e->flags, e->nflags));
	json_object_set_new(doc, "args", string_array(e->args, e->nargs));
	json_object_set_new(doc, "strategy", json_string(e->strategy));
	json_object_set_new(doc, "seed", json_integer((json_int_t)e->seed));
	json_object_set_new(doc, "depth", json_integer(e->depth));
	json_object_set_new(doc, "bound", json_integer(e->bound));
	json_object_set_new(doc, "jobs", json_integer(e->jobs));
	json_object_set_new(doc, "shard", json_integer(e->shard));
	json_object_set_new(doc, "shards", json_integer(e->shards));
	json_object_set_new(doc, "schedules_asked", json_integer(e->schedules));
	json_object_set_new(doc, "seconds", json_real(e->seconds_ms / 1000.0));
	json_object_set_new(doc, "search_seconds", json_real(e->search_s));
	json_object_set(doc, "time_up", json_object_get(sum, "time_up") ?: json_false());
	json_object_set(doc, "schedules_run", json_object_get(sum, "schedules"));
	json_object_set(doc, "max_steps", json_object_get(sum, "max_steps"));
	json_object_set(doc, "racy_points", json_object_get(sum, "points"));
	json_object_set(doc, "complete", json_object_get(sum, "complete"));
	json_object_set_new(doc, "baseline_status", json_integer(e->baseline));
	json_object_set_new(doc, "bugs", bugs);
	json_object_set_new(doc, "races", races);
	json_object_set_new(doc, "partial", parts);
	/* what of the search did not happen: schedules with no verdict
	 * (the step budget, their time, a limit), and whether every job
	 * reported to its end; the rest of partial says what explore does
	 * not control (fork, signals, input), not what it left undone */
	json_object_set_new(doc, "cut_short", json_integer(cut));
	json_object_set_new(doc, "jobs_ended", json_boolean(servers_ok));
	snprintf(path, sizeof path, "%s/explore.json", e->dir);
	if (write_json(path, doc))
		fprintf(stderr, "racelab: cannot write %s\n", path);

	/* the screen: the sentences wrapped to a terminal's width, their
	 * indent kept; one line each in a log or a pipe */
	width = rl_screen_width(stdout);
	snprintf(line, sizeof line, "racelab explore: %s, %s%s%s, %lld schedule%s (up to %lld steps each)",
		 text(e->name), e->strategy,
		 !strcmp(e->strategy, "pct") ? " depth " : "",
		 !strcmp(e->strategy, "pct") ? (char[8]){ (char)('0' + e->depth % 10), 0 } : "",
		 json_integer_value(json_object_get(sum, "schedules")),
		 json_integer_value(json_object_get(sum, "schedules")) == 1 ? "" : "s",
		 json_integer_value(json_object_get(sum, "max_steps")));
	rl_print_wrapped(stdout, line, 0, 4, width);
	json_array_foreach(bugs, i, b) {
		printf("\nbug %zu: %s, in schedule %lld after %lld preemption%s\n",
		       i + 1, kind_words(json_string_value(json_object_get(b, "kind"))),
		       json_integer_value(json_object_get(b, "schedule")) + 1,
		       json_integer_value(json_object_get(b, "preemptions")),
		       json_integer_value(json_object_get(b, "preemptions")) == 1 ? "" : "s");
		print_rows(json_object_get(b, "story"));
		printf("  replay: ./racelab replay %s\n",
		       text(rl_shown_path(json_string_value(json_object_get(b, "schedule_file")))));
	}
	if (json_array_size(races)) {
		printf("\n%zu data race%s (two accesses, one a write, not ordered by any lock, join or atomic):\n",
		       json_array_size(races), json_array_size(races) == 1 ? "" : "s");
		json_array_foreach(races, i, b)
			print_race(b);
	}
	if (json_array_size(parts))
		putchar('\n');
	json_array_foreach(parts, i, b) {
		snprintf(line, sizeof line, "%s.", json_string_value(b));
		fputs("partial: ", stdout);
		rl_print_wrapped(stdout, line, 9, 9, width);
	}
	if (!json_array_size(bugs) && !json_array_size(races)) {
		if (json_is_true(json_object_get(sum, "complete")) &&
		    json_integer_value(json_object_get(sum, "schedules")) == 1)
			snprintf(line, sizeof line, "no bug: the program has one schedule (no step where two threads could run), and it ran clean");
		else if (json_is_true(json_object_get(sum, "complete")))
			snprintf(line, sizeof line, "no bug in any schedule with at most %d preemption%s (%lld schedules)",
				 e->bound, e->bound == 1 ? "" : "s",
				 json_integer_value(json_object_get(sum, "schedules")));
		else if (cut && cut == json_integer_value(json_object_get(sum, "schedules")))
			snprintf(line, sizeof line, "no verdict: %s, so the search is partial",
				 cut == 1 ? "its one schedule did not end" : "no schedule ran to its end");
		else if (cut)
			snprintf(line, sizeof line, "no bug in the %lld schedules that ran to their end; %lld did not: the search is partial",
				 json_integer_value(json_object_get(sum, "schedules")) - cut, cut);
		else
			snprintf(line, sizeof line, "no bug in %lld schedules%s",
				 json_integer_value(json_object_get(sum, "schedules")),
				 json_is_true(json_object_get(sum, "time_up")) ?
					 " (the time given, --seconds, ran out before the schedules asked)" : "");
		putchar('\n');
		rl_print_wrapped(stdout, line, 0, 0, width);
	}
	printf("results: %s\n", text(rl_shown_path(path)));
	rc = json_array_size(bugs) || json_array_size(races) ? 1 : cut ? 2 : 0;
	json_decref(doc);
	json_decref(order);
	json_decref(seen);
	json_decref(others);
	json_decref(n.code);
	json_decref(n.data);
	return rc;
}

static int prepare(struct explore *e)
{
	if (!e->out) {
		char *out;

		/* where the user stands, as --out is, and whole: the
		 * program runs from a folder of its own */
		if (asprintf(&out, "%s", rl_caller_path("racelab-explore")) < 0)
			abort();
		e->out = out;
	}
	if (e->case_name)
		snprintf(e->name, sizeof e->name, "%s.%s", e->case_name, e->variant);
	else if (!e->name[0])
		name_of(e->files[0], e->name, sizeof e->name);
	/* a detector's run: its own folder is the output */
	if (e->binary)
		snprintf(e->dir, sizeof e->dir, "%s", e->out);
	else
		snprintf(e->dir, sizeof e->dir, "%s/%s", e->out, e->name);
	snprintf(e->work, sizeof e->work, "%s/work", e->dir);
	if (e->work_dir)
		snprintf(e->work, sizeof e->work, "%s", e->work_dir);
	if (!e->binary) {
		char err[PATH_MAX + 200];

		/* only a folder of racelab's own is written in (output.h) */
		if (rl_output_dir(e->dir, err, sizeof err))
			return rl_refuse("%s", err);
	}
	if (e->work_dir || e->binary ? rl_make_dirs(e->work) :
				       rl_output_dirs(e->work, 1))
		return rl_refuse("cannot create %s (%s).", e->work, strerror(errno));
	return 0;
}

static void defaults(struct explore *e)
{
	const char *ws = getenv("BUILD_WORKSPACE_DIRECTORY");

	e->root = ws && *ws ? ws : ".";
	e->strategy = "pct";
	e->schedules = 1000;
	e->depth = 3;
	e->bound = 2;
	e->jobs = 1;
	e->shards = 1;
	e->steps = 200000;
	e->seed = 1;
}

static int explore_json_written(const struct explore *e)
{
	char path[PATH_MAX + 32];
	struct stat st;

	snprintf(path, sizeof path, "%s/explore.json", e->dir);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int explore_built(struct explore *e);

/* One program: build, run the servers, read them, report; then its
 * sources' real paths, which build() made, are let go. */
static int explore_one(struct explore *e)
{
	int rc = explore_built(e);

	for (size_t i = 0; i < e->nfiles; i++) {
		free((char *)e->sources[i]);
		e->sources[i] = NULL;
	}
	return rc;
}

static int explore_built(struct explore *e)
{
	struct rl_outcome outs[MAX_JOBS];
	json_t *bugs, *races, *sum;
	int rc, ok = 1, ended = 0;
	pid_t pid;

	if ((rc = prepare(e)) || (rc = build(e)))
		return rc;
	pid = baseline_start(e);
	e->search_s = rl_now_s();
	rc = run_servers(e, outs);
	e->search_s = rl_now_s() - e->search_s;
	baseline_end(e, pid);
	if (rc)
		return rc;
	bugs = json_array();
	races = json_array();
	sum = json_object();
	for (int k = 0; k < e->jobs; k++) {
		char path[PATH_MAX + 32];
		json_t *end;

		snprintf(path, sizeof path, "%s/server-%d.stdout", e->dir, k);
		if (!per_job(e, k))
			continue;
		read_server(path, bugs, races, &end, NULL);
		if (!end || outs[k].how != RL_EXITED || outs[k].exit_code) {
			ok = 0;
			if (!end && outs[k].how == RL_EXITED && outs[k].exit_code == 3) {
				char p2[PATH_MAX + 32];
				size_t len;
				char *said;

				snprintf(p2, sizeof p2, "%s/server-%d.stderr", e->dir, k);
				said = rl_read_file(p2, &len);
				fprintf(stderr, "%s", said ? said : "");
				free(said);
			}
		}
		if (end) {
			add_end(sum, end);
			ended++;
			json_decref(end);
		}
	}
	if (!ended) {
		char how[96];

		json_decref(bugs);
		json_decref(races);
		json_decref(sum);
		if (outs[0].how == RL_SIGNALED)
			snprintf(how, sizeof how, "was killed by SIG%s, which racelab did not send",
				 sigabbrev_np(outs[0].signal) ? sigabbrev_np(outs[0].signal) : "?");
		else
			snprintf(how, sizeof how, "%s", outs[0].how == RL_EXITED ?
				 "exited before its first schedule" :
				 rl_how_name(outs[0].how));
		return rl_refuse("the program did not run under racelab's scheduler (it %s, after %.1f s): see %s/server-0.stderr.",
			      how, outs[0].duration_s, e->dir);
	}
	rc = report(e, bugs, races, sum, ok);
	/* never "no bug" from a search cut short, or from none at all */
	if (!rc && (!ok || !json_integer_value(json_object_get(sum, "schedules"))))
		rc = 2;
	json_decref(bugs);
	json_decref(races);
	json_decref(sum);
	return rc;
}

/* A catalogue case: its broken program and each fix, built with the
 * forcing devices off (-DRL_NO_FORCING): the scheduler, not rl_window(),
 * must find the interleaving. Status: the worst of the programs'. */
static int explore_case(struct explore *e)
{
	struct rl_layout l = { e->root, NULL };
	char variants[8][64], rel[512];
	size_t nv = rl_variants(&l, e->case_name, variants, 8);
	int worst = 0, any = 0;

	if (strchr(e->case_name, '/') || e->case_name[0] == '.' || !nv)
		return rl_refuse("there is no case `%s` in %s/cases: `./racelab list` shows the catalogue.",
			      e->case_name, e->root);
	e->flags[e->nflags++] = "-DRL_NO_FORCING";
	for (size_t v = 0; v < nv; v++) {
		char *abs;
		int rc;

		if (strcmp(variants[v], "broken") && strncmp(variants[v], "fixed", 5) &&
		    strcmp(variants[v], "waiting"))
			continue;
		rl_variant_source(e->case_name, variants[v], rel, sizeof rel);
		if (asprintf(&abs, "%s/%s", e->root, rel) < 0)
			abort();
		e->variant = variants[v];
		e->files[0] = abs;
		e->nfiles = 1;
		if (any++)
			putchar('\n');
		fflush(stdout);
		rc = explore_one(e);
		free(abs);
		/* 2 (could not run) outranks 1 (found), which outranks 0 */
		worst = rc == 2 || worst == 2 ? 2 : rc > worst ? rc : worst;
	}
	return worst;
}

int rl_explore_main(int argc, char **argv)
{
	struct explore e = { 0 };
	int rc;

	defaults(&e);
	if ((rc = parse(&e, argc, argv)) >= 0)
		return rc;
	/* run as a detector, racelab hands these to what it runs: they are
	 * for one run's own check and watchdog, not for the plain run or a
	 * thousand schedules (rt.c gives each schedule its own check file) */
	unsetenv("RACELAB_SHM_FILE");
	unsetenv("RACELAB_SYMPTOM_FILE");
	if (e.case_name)
		rc = explore_case(&e);
	else
		rc = explore_one(&e);
	for (size_t i = 0; i < e.nowned; i++)
		free(e.owned[i]);
	if (e.case_name)
		return rc;
	/* a detector's run: the search said what it could not do in
	 * explore.json (partial), which its reader judges; 2 is for a
	 * program it could not run at all */
	if (e.binary && rc == 2 && explore_json_written(&e))
		rc = 0;
	return rc;
}

/* ---- replay */

int rl_replay_main(int argc, char **argv)
{
	struct explore e = { 0 };
	json_error_t err;
	json_t *doc, *v;
	const char *file = NULL, *kind;
	char said[PATH_MAX + 200];
	int runs = 1, came = 0, rc;
	pid_t pid;
	size_t i;
	char id[32];

	defaults(&e);
	for (int a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "-h") || !strcmp(argv[a], "--help")) {
			fputs(rl_replay_usage, stdout);
			return 0;
		}
		if (!strncmp(argv[a], "--runs", 6)) {
			const char *val = argv[a][6] == '=' ? argv[a] + 7 :
					  a + 1 < argc ? argv[++a] : "";

			if (rl_parse_count("--runs", val, 1000, &runs))
				return 2;
		} else if (!strncmp(argv[a], "--out", 5)) {
			const char *val = argv[a][5] == '=' ? argv[a] + 6 :
					  a + 1 < argc ? argv[++a] : NULL;

			if (!val)
				return rl_refuse("`--out` needs a value.");
			e.out = rl_user_path(val);
		} else if (argv[a][0] == '-') {
			return rl_refuse("replay has no option `%s`: `./racelab replay --help` lists its options.",
				      argv[a]);
		} else if (file) {
			return rl_refuse("replay takes one schedule file, and `%s` is a second.",
				      argv[a]);
		} else {
			file = rl_user_path(argv[a]);
		}
	}
	if (!file)
		return rl_refuse("replay needs a schedule file: `./racelab replay racelab-explore/NAME/bug-1.schedule`.");
	if (!(doc = json_load_file(file, 0, &err)) ||
	    json_integer_value(json_object_get(doc, "racelab_schedule")) != 1 ||
	    !json_is_object(json_object_get(doc, "schedule_file")))
		return rl_refuse("`%s` is not a schedule file of racelab explore%s%s.",
			      file, doc ? "" : ": ", doc ? "" : err.text);
	json_array_foreach(json_object_get(doc, "sources"), i, v)
		if (i < RL_BUILD_MAX_SOURCES && json_string_value(v))
			e.files[e.nfiles++] = strdup(json_string_value(v));
	json_array_foreach(json_object_get(doc, "flags"), i, v)
		if (i < RL_BUILD_MAX_FLAGS && json_string_value(v))
			e.flags[e.nflags++] = strdup(json_string_value(v));
	json_array_foreach(json_object_get(doc, "args"), i, v)
		if (i < MAX_ARGS && json_string_value(v))
			e.args[e.nargs++] = strdup(json_string_value(v));
	if (!e.nfiles)
		return rl_refuse("the schedule file `%s` names no source.", file);
	snprintf(id, sizeof id, "%016llx",
		 identity(e.files, e.nfiles, e.flags, e.nflags));
	if (strcmp(id, json_string_value(json_object_get(doc, "identity")) ?: "")) {
		json_decref(doc);
		return rl_refuse("%s changed since the schedule was recorded: a schedule replays only the program it was found in.",
			      e.files[0]);
	}
	kind = json_string_value(json_object_get(doc, "kind")) ?: "?";
	if ((rc = prepare(&e)))
		return rc;
	snprintf(e.dir + strlen(e.dir), sizeof e.dir - strlen(e.dir), "-replay");
	snprintf(e.work, sizeof e.work, "%s/work", e.dir);
	if (rl_output_dir(e.dir, said, sizeof said))
		return rl_refuse("%s", said);
	if (rl_output_dirs(e.work, 1))
		return rl_refuse("cannot create %s.", e.work);
	if ((rc = build(&e)))
		return rc;
	pid = baseline_start(&e);
	e.strategy = "replay";
	e.jobs = 1;
	for (int r = 0; r < runs; r++) {
		struct rl_spawn s = { 0 };
		struct rl_outcome o;
		json_t *bugs = json_array(), *races = json_array(), *end = NULL;
		json_t *diverged = NULL;
		char path[PATH_MAX + 32];
		const char *got, *why;

		server_spawn(&e, &s, 0, 1, NULL);
		rl_spawn_setenv(&s, "RL_EXPLORE_REPLAY=%s", file);
		rc = run_quiet(&s, e.dir, "replay", 120, &o);
		rl_spawn_free(&s);
		snprintf(path, sizeof path, "%s/replay.stdout", e.dir);
		if (!rc)
			read_server(path, bugs, races, &end, &diverged);
		got = json_string_value(json_object_get(json_array_get(bugs, 0), "kind"));
		why = json_string_value(json_object_get(diverged, "why"));
		if (got && !strcmp(got, kind)) {
			came++;
			printf("run %d: the %s came back (schedule %lld, %lld steps)\n",
			       r + 1, kind,
			       json_integer_value(json_object_get(doc, "schedule")) + 1,
			       json_integer_value(json_object_get(json_array_get(bugs, 0), "steps")));
		} else {
			printf("run %d: the %s did not come back%s%s%s\n", r + 1, kind,
			       got ? "; instead: " : "", got ? got : "",
			       why && *why ? "" : rc || !end ? " (the program did not run under the scheduler)" : "");
			if (why && *why)
				printf("  %s\n", why);
		}
		json_decref(bugs);
		json_decref(races);
		json_decref(end);
		json_decref(diverged);
	}
	baseline_end(&e, pid);
	printf("replay: the %s came back in %d of %d run%s\n", kind, came, runs,
	       runs == 1 ? "" : "s");
	json_decref(doc);
	return came == runs ? 1 : came ? 2 : 0;
}
