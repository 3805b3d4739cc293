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
#include "explore_int.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/util.h"
#include "harness/output.h"
#include "harness/session.h"
#include "harness/words.h"

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
unsigned long long xp_identity(const char *const *sources, size_t n,
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

int xp_run_quiet(struct rl_spawn *s, const char *dir, const char *what,
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

int xp_build(struct explore *e)
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
pid_t xp_baseline_start(struct explore *e)
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
		if (!xp_run_quiet(&s, e->dir, "plain", 10, &o) && o.how == RL_EXITED)
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
void xp_baseline_end(struct explore *e, pid_t pid)
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

void xp_server_spawn(const struct explore *e, struct rl_spawn *s, int k,
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
			xp_server_spawn(e, &s, k, per, stop);
			snprintf(what, sizeof what, "server-%d", k);
			memset(&o, 0, sizeof o);
			if (xp_run_quiet(&s, e->dir, what, server_timeout(per), &o))
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
void xp_read_server(const char *path, json_t *bugs, json_t *races,
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

int xp_prepare(struct explore *e)
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

void xp_defaults(struct explore *e)
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
 * sources' real paths, which xp_build() made, are let go. */
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

	if ((rc = xp_prepare(e)) || (rc = xp_build(e)))
		return rc;
	pid = xp_baseline_start(e);
	e->search_s = rl_now_s();
	rc = run_servers(e, outs);
	e->search_s = rl_now_s() - e->search_s;
	xp_baseline_end(e, pid);
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
		xp_read_server(path, bugs, races, &end, NULL);
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
			xp_add_end(sum, end);
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
	rc = xp_report(e, bugs, races, sum, ok);
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

	xp_defaults(&e);
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
