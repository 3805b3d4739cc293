/* compare.c - see compare.h. */
#define _GNU_SOURCE
#include "compare.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "detector.h"
#include "match.h"
#include "rate.h"
#include "output.h"
#include "outputs/outputs.h"
#include "results/doc.h"
#include "results/text.h"
#include "session.h"
#include "util.h"
#include "words.h"

#define MAX_PROGRAMS 8
#define MAX_ARGS 16
#define MAX_RUNS 1000
#define WIDTH 100

const char rl_compare_usage[] =
	"./racelab compare FILE... [-I DIR] [-D NAME[=VALUE]] [-l LIB] [-L DIR]\n"
	"                  [-std=STD] [--detector D,...] [--runs N]\n"
	"                  [--schedules N] [--memory SIZE] [--out DIR]\n"
	"                  [-- ARGS...]\n"
	"./racelab compare CASE [--detector D,...] [--runs N] [--schedules N]\n"
	"                       [--memory SIZE] [--out DIR]\n"
	"    Any program (C, or C++ when a file ends in .cc or .cpp), built by\n"
	"    racelab itself with no contract and no BUILD line, run under every\n"
	"    detector (or those named) with ARGS: each bug found, which\n"
	"    detector saw it and what each said, side by side. A case name\n"
	"    compares its broken program and its fixes. explore runs up to\n"
	"    --schedules N schedules (default 1000). --memory SIZE: the\n"
	"    resident memory a run's processes, or a compiler, may hold\n"
	"    (64M to 64G, default 4G). Status: 0 nothing found, 1 something\n"
	"    found, 2 it could not be built or run.\n";

struct program {
	char name[128];
	char variant[64];
	char build_dir[1024];
	char stem[1200];
	const char *sources[RL_BUILD_MAX_SOURCES];	/* absolute */
	const char *shown[RL_BUILD_MAX_SOURCES];	/* as the user knows them */
	size_t nsources;
	/* where its own code is: its sources' folders and its -I folders */
	const char *dirs[RL_BUILD_MAX_SOURCES + RL_BUILD_MAX_FLAGS];
	size_t ndirs;
	char build_error[RL_BUILD_KINDS][768];
	int built[RL_BUILD_KINDS];
	int atomics;		/* uses_atomics(): -1 not yet read */
};

struct compare {
	const char *root, *out;
	const char *flags[RL_BUILD_MAX_FLAGS];
	size_t nflags;
	const char *args[MAX_ARGS];
	size_t nargs;
	const char *files[RL_BUILD_MAX_SOURCES];
	size_t nfiles;
	const char *case_name;
	int runs;
	int chosen[32];		/* by index in rl_detectors */
	int ndetectors;
	struct program programs[MAX_PROGRAMS];
	int nprograms;
	struct rl_result *results;	/* [program][detector][run] */
	char cflags[1024];	/* for the static detector: -I.. -D.. -std=,
				 * one a line (a flag may hold blanks) */
	int colour;
	int width;	/* the terminal's columns; 0: not a terminal */
};

/* ---- the command line */

static int refuse(const char *fmt, const char *a, const char *b)
{
	fputs("racelab: ", stderr);
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	return 2;
}

static int choose_detectors(struct compare *c, const char *list)
{
	char buf[256], *save = NULL;

	if (strlen(list) >= sizeof buf)
		return refuse("`--detector` takes a few names, not `%.40s...`.",
			      list, "");
	snprintf(buf, sizeof buf, "%s", list);
	memset(c->chosen, 0, sizeof c->chosen);
	for (char *w = strtok_r(buf, ",", &save); w;
	     w = strtok_r(NULL, ",", &save)) {
		const char *names[32], *near;
		int n = 0, found = 0;

		for (int d = 0; rl_detectors[d]; d++) {
			names[n++] = rl_detectors[d]->name;
			if (!strcmp(w, "all") || !strcmp(w, rl_detectors[d]->name))
				c->chosen[d] = found = 1;
		}
		names[n++] = "all";
		names[n] = NULL;
		if (found)
			continue;
		near = rl_closest(w, names);
		if (near)
			return refuse("there is no detector `%s`: did you mean `%s`?",
				      w, near);
		fprintf(stderr, "racelab: there is no detector `%s`: the detectors are ",
			w);
		rl_print_list(stderr, names);
		fputs(".\n", stderr);
		return 2;
	}
	for (int d = 0; rl_detectors[d]; d++)
		if (c->chosen[d])
			return 0;
	return refuse("`--detector` names no detector: give one or more of its names, or all (`./racelab help compare`).",
		      "", "");
}

/* A compiler flag: "-Ifoo", or "-I" then "foo". */
static int take_flag(struct compare *c, int argc, char **argv, int *i)
{
	const char *arg = argv[*i];
	char *joined;

	if (c->nflags == RL_BUILD_MAX_FLAGS)
		return refuse("compare takes at most %s compiler flags.", "24", "");
	if (!strncmp(arg, "-std=", 5) || arg[2]) {
		c->flags[c->nflags++] = arg[1] == 'I' || arg[1] == 'L' ?
			(asprintf(&joined, "-%c%s", arg[1],
				  rl_caller_path(arg + 2)) < 0 ? abort(), joined : joined) :
			arg;
		return 0;
	}
	if (*i + 1 >= argc)
		return refuse("`%s` needs a value: `%s VALUE`.", arg, arg);
	(*i)++;
	if (asprintf(&joined, "%s%s", arg,
		     arg[1] == 'I' || arg[1] == 'L' ? rl_caller_path(argv[*i]) :
						      argv[*i]) < 0)
		abort();
	c->flags[c->nflags++] = joined;
	return 0;
}

/* "--runs N" or "--runs=N": the value, or NULL after a sentence. */
static const char *long_value(int argc, char **argv, int *i, const char *name)
{
	const char *arg = argv[*i], *eq = strchr(arg, '=');

	if (eq)
		return eq + 1;
	if (*i + 1 >= argc || !strncmp(argv[*i + 1], "--", 2)) {
		refuse("`%s` needs a value: see `./racelab compare --help`.", name,
		       "");
		return NULL;
	}
	return argv[++*i];
}

static int parse(struct compare *c, int argc, char **argv)
{
	static const char *const longs[] = { "detector", "runs", "schedules",
					     "memory", "out", "root", "help",
					     NULL };

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *v;
		size_t len = strcspn(arg, "=");

		if (!strcmp(arg, "--")) {
			for (i++; i < argc; i++) {
				if (c->nargs == MAX_ARGS)
					return refuse("compare passes at most %s arguments to the program.",
						      "16", "");
				c->args[c->nargs++] = argv[i];
			}
			break;
		}
		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			fputs(rl_compare_usage, stdout);
			return 0;
		}
		if (!strncmp(arg, "--detector", len) && len == 10) {
			int rc;
			if (!(v = long_value(argc, argv, &i, "--detector")))
				return 2;
			if ((rc = choose_detectors(c, v)))
				return rc;
		} else if (!strncmp(arg, "--runs", len) && len == 6) {
			if (!(v = long_value(argc, argv, &i, "--runs")) ||
			    rl_parse_count("--runs", v, MAX_RUNS, &c->runs))
				return 2;
		} else if (!strncmp(arg, "--schedules", len) && len == 11) {
			int n;

			if (!(v = long_value(argc, argv, &i, "--schedules")) ||
			    rl_parse_count("--schedules", v, 1000000, &n))
				return 2;
			rl_session_search(&(struct rl_search){ .schedules = n });
		} else if (!strncmp(arg, "--memory", len) && len == 8) {
			if (!(v = long_value(argc, argv, &i, "--memory")) ||
			    rl_session_memory_option(v))
				return 2;
		} else if (!strncmp(arg, "--out", len) && len == 5) {
			if (!(v = long_value(argc, argv, &i, "--out")))
				return 2;
			c->out = rl_caller_path(v);
		} else if (!strncmp(arg, "--root", len) && len == 6) {
			if (!(v = long_value(argc, argv, &i, "--root")))
				return 2;
			c->root = rl_caller_path(v);
		} else if (arg[0] == '-' && strchr("IDlL", arg[1]) && arg[1]) {
			int rc = take_flag(c, argc, argv, &i);
			if (rc)
				return rc;
		} else if (!strncmp(arg, "-std=", 5)) {
			int rc = take_flag(c, argc, argv, &i);
			if (rc)
				return rc;
		} else if (arg[0] == '-' && arg[1]) {
			char typed[64];
			const char *near;

			snprintf(typed, sizeof typed, "%.*s", (int)len, arg);
			near = rl_closest(typed + strspn(typed, "-"), longs);
			if (near)
				return refuse("compare has no option `%s`: did you mean `--%s`?",
					      typed, near);
			return refuse("compare has no option `%s`: `./racelab compare --help` lists its options.",
				      typed, "");
		} else if (rl_build_is_source(arg) || strchr(arg, '/')) {
			if (c->nfiles == RL_BUILD_MAX_SOURCES)
				return refuse("compare takes at most %s files.", "16", "");
			c->files[c->nfiles++] = rl_user_path(arg);
		} else {
			if (c->case_name)
				return refuse("compare takes one case name, and `%s` is a second.",
					      arg, "");
			c->case_name = arg;
		}
	}
	if (c->case_name && c->nfiles)
		return refuse("compare takes files or one case name, not both (`%s`).",
			      c->case_name, "");
	if (!c->case_name && !c->nfiles)
		return refuse("compare needs a program: `./racelab compare FILE.c` or `./racelab compare CASE`.",
			      "", "");
	if (c->case_name && (c->nflags || c->nargs))
		return refuse("a case is built as the catalogue builds it: compiler flags and ARGS are for files (`%s`).",
			      c->case_name, "");
	return -1;
}

/* ---- the programs */

static void name_of(const char *path, char *buf, size_t len)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t n = strcspn(base, ".");

	snprintf(buf, len, "%.*s", (int)(n ? n : strlen(base)), base);
	for (char *p = buf; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-",
			    *p))
			*p = '_';
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Adds path's folder (of_file), or path itself, made absolute, to the
 * folders where the program's own code is. */
static void add_dir(struct program *p, const char *path, int of_file)
{
	char *real = realpath(path, NULL), *slash, *abs;

	if (!real)
		return;	/* an -I folder that is not there: the compiler says */
	if (of_file && (slash = strrchr(real, '/')))
		*slash = '\0';
	/* as the findings' files name it, once made printable */
	abs = rl_printable(real, 0);
	free(real);
	for (size_t k = 0; k < p->ndirs; k++)
		if (!strcmp(p->dirs[k], abs)) {
			free(abs);
			return;
		}
	if (p->ndirs < sizeof p->dirs / sizeof p->dirs[0])
		p->dirs[p->ndirs++] = abs;
	else
		free(abs);
}

static int from_files(struct compare *c)
{
	struct program *p = &c->programs[c->nprograms++];

	p->atomics = -1;
	name_of(c->files[0], p->name, sizeof p->name);
	snprintf(p->variant, sizeof p->variant, "program");
	for (size_t i = 0; i < c->nfiles; i++) {
		char *abs, why[PATH_MAX + 160];

		if (rl_build_check_source(c->files[i], c->files[i], why, sizeof why))
			return refuse("%s", why, "");
		if (!(abs = realpath(c->files[i], NULL)))
			return refuse("cannot resolve `%s`.", c->files[i], "");
		p->sources[i] = abs;
		p->shown[i] = base_name(abs);
		for (size_t k = 0; k < i; k++)
			if (!strcmp(p->shown[k], p->shown[i]))
				p->shown[i] = abs;	/* two of one name */
	}
	p->nsources = c->nfiles;
	for (size_t i = 0; i < p->nsources; i++)
		add_dir(p, p->sources[i], 1);
	for (size_t i = 0; i < c->nflags; i++)
		if (!strncmp(c->flags[i], "-I", 2))
			add_dir(p, c->flags[i] + 2, 0);
	return 0;
}

static int from_case(struct compare *c)
{
	struct rl_layout l = { c->root, NULL };
	char variants[MAX_PROGRAMS][64], suffix[512];
	size_t nv = rl_variants(&l, c->case_name, variants, MAX_PROGRAMS);

	if (strchr(c->case_name, '/') || c->case_name[0] == '.' || nv == 0) {
		const char *here = rl_user_path(c->case_name);
		struct stat st;
		char why[PATH_MAX + 160];

		/* a name that is not a case, but a folder or a file here */
		if (stat(here, &st) == 0 &&
		    rl_build_check_source(here, c->case_name, why, sizeof why))
			return refuse("%s", why, "");
		return refuse("there is no case `%s` in %s/cases: `./racelab list` shows the catalogue.",
			      c->case_name, c->root);
	}
	for (size_t v = 0; v < nv; v++) {
		struct program *p;
		char *abs;

		if (strcmp(variants[v], "broken") && strncmp(variants[v], "fixed", 5))
			continue;	/* a suite's program has no pair */
		p = &c->programs[c->nprograms++];
		p->atomics = -1;
		snprintf(p->name, sizeof p->name, "%s", c->case_name);
		snprintf(p->variant, sizeof p->variant, "%s", variants[v]);
		rl_variant_source(c->case_name, variants[v], suffix, sizeof suffix);
		if (asprintf(&abs, "%s/%s", c->root, suffix) < 0)
			abort();
		p->sources[0] = abs;
		p->shown[0] = strdup(suffix);
		p->nsources = 1;
		add_dir(p, abs, 1);
	}
	return c->nprograms ? 0 :
		refuse("case `%s` has no broken or fixed program.", c->case_name, "");
}


/* Which build a detector runs; the static one reads the plain build's
 * source, so a program that does not compile is said once, by clang. */
static enum rl_build build_of(const struct rl_detector *d)
{
	return d->build == RL_BUILD_NONE ? RL_BUILD_PLAIN : d->build;
}

/* Builds each program as the chosen detectors need it. A program that
 * does not build with clang is a compile error, the end; a build that
 * fails for one detector only (gcc's) is that detector's error. */
static int build_all(struct compare *c)
{
	char include[1024], runtime[1024];
	int needed[RL_BUILD_KINDS] = { [RL_BUILD_PLAIN] = 1 };
	struct stat st;

	snprintf(include, sizeof include, "%s/harness/case", c->root);
	snprintf(runtime, sizeof runtime, "%s/harness/explore/rt.c", c->root);
	for (int d = 0; rl_detectors[d]; d++)
		if (c->chosen[d])
			needed[build_of(rl_detectors[d])] = 1;
	for (int i = 0; i < c->nprograms; i++) {
		struct program *p = &c->programs[i];
		struct rl_build_spec b = { 0 };
		char err[1300];

		/* only a folder of racelab's own is written in (output.h) */
		snprintf(p->build_dir, sizeof p->build_dir, "%s/%s", c->out,
			 p->name);
		if (i == 0 && rl_output_dir(p->build_dir, err, sizeof err))
			return refuse("%s", err, "");
		snprintf(p->build_dir, sizeof p->build_dir, "%s/%s/build/%s",
			 c->out, p->name, p->variant);
		snprintf(p->stem, sizeof p->stem, "%s/%s", p->build_dir, p->name);
		if (rl_output_dirs(p->build_dir, 2))	/* build/VARIANT */
			return refuse("cannot create %s (%s).", p->build_dir,
				      strerror(errno));
		memcpy(b.sources, p->sources, sizeof b.sources);
		b.nsources = p->nsources;
		memcpy(b.flags, c->flags, sizeof b.flags);
		b.nflags = c->nflags;
		b.include_dir = stat(include, &st) == 0 ? include : NULL;
		b.runtime = runtime;
		b.dir = p->build_dir;
		b.stem = p->name;
		for (int k = 0; k < RL_BUILD_KINDS; k++) {
			if (!needed[k])
				continue;
			if (isatty(2))
				fprintf(stderr, "racelab: building %s%s ...\n",
					p->name, rl_build_suffix(k));
			p->built[k] = rl_build(&b, k, p->build_error[k],
					       sizeof p->build_error[k]) == 0;
			if (k == RL_BUILD_PLAIN && !p->built[k])
				return refuse("%s %s", p->shown[0],
					      p->build_error[k]);
		}
	}
	return 0;
}

/* What a detector that compiles the source itself (thread-safety) is
 * given: racelab.h's folder, then the user's -I, -D and -std=. */
static void static_flags(struct compare *c)
{
	size_t n;

	snprintf(c->cflags, sizeof c->cflags, "-I%s/harness/case", c->root);
	for (size_t i = 0; i < c->nflags; i++) {
		if (!strncmp(c->flags[i], "-l", 2) || !strncmp(c->flags[i], "-L", 2))
			continue;
		n = strlen(c->cflags);
		snprintf(c->cflags + n, sizeof c->cflags - n, "\n%s", c->flags[i]);
	}
}

/* ---- running */

static struct rl_result *result_at(struct compare *c, int p, int d, int run)
{
	int nd = 0;

	while (rl_detectors[nd])
		nd++;
	return &c->results[((size_t)p * nd + d) * c->runs + (run - 1)];
}

/* The runs of detector d: --runs, but one of a detector that reads the
 * source and runs nothing (thread-safety): it says the same every time. */
static int runs_of(const struct compare *c, int d)
{
	return rl_detectors[d]->build == RL_BUILD_NONE ? 1 : c->runs;
}

static void run_all(struct compare *c)
{
	int total = 0, done = 0;

	for (int d = 0; rl_detectors[d]; d++)
		total += c->chosen[d] * runs_of(c, d);
	total *= c->nprograms;
	for (int i = 0; i < c->nprograms; i++) {
		struct program *p = &c->programs[i];
		struct rl_program prog = {
			.name = p->name, .variant = p->variant,
			.source = p->sources[0],
			/* the page finds the source by it: absolute for a file */
			.suffix = c->case_name ? p->shown[0] : p->sources[0],
			.stem = p->stem, .cflags = c->cflags,
			.args = c->args, .nargs = c->nargs, .raw_dir = c->out,
			.more_sources = p->sources + 1,
			.nmore = c->case_name ? 0 : p->nsources - 1,
		};

		for (int d = 0; rl_detectors[d]; d++) {
			const struct rl_detector *det = rl_detectors[d];
			enum rl_build k = build_of(det);

			if (!c->chosen[d])
				continue;
			for (int run = 1; run <= runs_of(c, d); run++) {
				struct rl_result *r = result_at(c, i, d, run);

				if (isatty(2))
					fprintf(stderr, "\rracelab: [%d/%d] %s %s under %s, run %d ...\033[K",
						++done, total, p->name, p->variant,
						det->name, run);
				if (!p->built[k]) {
					/* the build this detector runs failed */
					memset(r, 0, sizeof *r);
					snprintf(r->case_name, sizeof r->case_name, "%s", p->name);
					snprintf(r->variant, sizeof r->variant, "%s", p->variant);
					snprintf(r->suffix, sizeof r->suffix, "%s", p->shown[0]);
					r->detector = det;
					r->run = run;
					r->judgement.verdict = RL_ERROR;
					snprintf(r->judgement.why, sizeof r->judgement.why,
						 "%s", p->build_error[k]);
					continue;
				}
				rl_session_program(&prog, det, run, r);
			}
		}
	}
	if (isatty(2) && total)
		fputs("\r\033[K", stderr);
}

/* ---- what was found */

static void match_all(struct compare *c, struct rl_matches *m)
{
	for (int i = 0; i < c->nprograms; i++)
		for (int d = 0; rl_detectors[d]; d++)
			for (int run = 1; c->chosen[d] && run <= runs_of(c, d); run++) {
				const struct rl_findings *fs =
					rl_result_judged(result_at(c, i, d, run));

				const struct rl_findings *seen =
					&result_at(c, i, d, run)->watchdog.findings;

				for (size_t f = 0; f < fs->n; f++)
					rl_match_add(m, i, d, run, &fs->v[f],
						     c->programs[i].dirs,
						     c->programs[i].ndirs);
				/* what the watchdog saw in this
				 * detector's run (a deadlock it stopped) is
				 * a bug this run showed: grouped, and counted
				 * in the detector's rate, after the tool's
				 * own words */
				for (size_t f = 0; fs != seen && f < seen->n; f++)
					rl_match_add(m, i, d, run, &seen->v[f],
						     c->programs[i].dirs,
						     c->programs[i].ndirs);
			}
	rl_match_group(m);
}

/* Is e the watchdog's, seen in another detector's run? */
static int by_watchdog(const struct rl_match_entry *e)
{
	return strcmp(e->finding->tool, "watchdog") == 0 &&
	       strcmp(rl_detectors[e->detector]->name, "watchdog") != 0;
}

/* Did only the watchdog see group g, in the watchdog's runs or in the
 * others'? (A crash is the program's: any run would have shown it.) */
static int watchdog_alone(const struct rl_matches *m, size_t g)
{
	if (m->g[g].category == RL_CAT_CRASH)
		return 0;
	for (size_t i = 0; i < m->n; i++)
		if (m->e[i].group == g &&
		    strcmp(m->e[i].finding->tool, "watchdog") != 0)
			return 0;
	return 1;
}

/* ---- the screen */

static const char *paint(const struct compare *c, enum rl_verdict v)
{
	if (!c->colour)
		return "";
	switch (v) {
	case RL_CLEAN: return "\033[32m";
	case RL_FOUND: return "\033[31m";
	default: return "\033[33m";
	}
}

static const char *unpaint(const struct compare *c)
{
	return c->colour ? "\033[0m" : "";
}

static void shorten(const char *why, const struct program *p, char *buf,
		    size_t len);

/* What one detector said of a bug: each stack that reaches the
 * program's own source (threads' creation and allocations after the
 * rest), normalised, one per line; at most 3. Returns how many. */
static int said(const struct rl_match_entry *e, const struct program *p,
		char lines[3][400])
{
	const struct rl_finding *f = e->finding;
	int shown = 0;

	for (int pass = 0; pass < 2; pass++)
		for (size_t s = 0; s < f->nstacks && shown < 3; s++) {
			const struct rl_stack *st = &f->stacks[s];
			const struct rl_frame *fr = NULL;
			int late = st->role == RL_ROLE_THREAD ||
				   st->role == RL_ROLE_ALLOC;

			if (late != pass || (late && shown >= 2))
				continue;
			fr = rl_match_frame(st, p->dirs, p->ndirs);
			if (fr)
				rl_stack_text(st, fr, lines[shown++], 400);
		}
	/* a crash's place, then its words (the assertion that failed) */
	if (!shown || (f->category == RL_CAT_CRASH && f->headline && shown < 3))
		shorten(f->headline ? f->headline : f->kind, p,
			lines[shown++], 400);
	return shown;
}

static void print_clipped(const char *text, int width)
{
	int n = (int)strlen(text);

	if (n <= width)
		printf("%s\n", text);
	else
		printf("%.*s...\n", width - 3, text);
}

/* text from column col: on a terminal wrapped at its width, its further
 * lines under col; elsewhere one line cut at WIDTH, for grep. */
static void put_text(const struct compare *c, const char *text, int col)
{
	if (c->width)
		rl_print_wrapped(stdout, text, col, col, c->width);
	else
		print_clipped(text, WIDTH - col);
}

static int detector_width(const struct compare *c)
{
	int w = 8;

	for (int d = 0; rl_detectors[d]; d++)
		if (c->chosen[d] && (int)strlen(rl_detectors[d]->name) > w)
			w = (int)strlen(rl_detectors[d]->name);
	return w;
}

/* The verdict of detector d on program i over its runs, and the run
 * whose words go with it: "found k/N" and the first run that found
 * something, else "error k/N" and the first run in error, else run 1's.
 * The count, the colour and the words are then of the same run. */
static int verdict_cell(struct compare *c, int i, int d, char *buf,
			size_t len)
{
	int found = 0, errors = 0, first_found = 0, first_error = 0;
	int n = runs_of(c, d);

	for (int run = 1; run <= n; run++) {
		enum rl_verdict v = result_at(c, i, d, run)->judgement.verdict;

		if (v == RL_FOUND && !found++)
			first_found = run;
		if (v == RL_ERROR && !errors++)
			first_error = run;
	}
	if (n > 1 && found) {
		snprintf(buf, len, "found %d/%d", found, n);
		return first_found;
	}
	if (n > 1 && errors) {
		snprintf(buf, len, "error %d/%d", errors, n);
		return first_error;
	}
	snprintf(buf, len, "%s",
		 rl_verdict_name(result_at(c, i, d, 1)->judgement.verdict));
	return 1;
}

/* why, with each of the program's sources (as a finding names them,
 * made printable) by the name the user knows */
static void shorten(const char *why, const struct program *p, char *buf,
		   size_t len)
{
	char *sources[RL_BUILD_MAX_SOURCES], *shown[RL_BUILD_MAX_SOURCES];
	size_t o = 0;

	for (size_t k = 0; k < p->nsources; k++) {
		sources[k] = rl_printable(p->sources[k], 0);
		shown[k] = rl_printable(p->shown[k], 0);
	}
	while (*why && o + 1 < len) {
		size_t k, n = 0;

		for (k = 0; k < p->nsources; k++) {
			n = strlen(sources[k]);
			if (!strncmp(why, sources[k], n))
				break;
		}
		if (k < p->nsources) {
			o += (size_t)snprintf(buf + o, len - o, "%s", shown[k]);
			why += n;
		} else {
			buf[o++] = *why++;
		}
	}
	buf[o < len ? o : len - 1] = '\0';
	for (size_t k = 0; k < p->nsources; k++) {
		free(sources[k]);
		free(shown[k]);
	}
}

/* The first lines of what a run's program wrote on stderr, made
 * printable, into buf ("" when it wrote nothing). */
#define STDERR_LINES 3
static void stderr_head(const struct rl_result *r, char *buf, size_t len)
{
	size_t n, o = 0;
	char *text = rl_read_file(r->files.stderr_path, &n), *line, *save;
	int lines = 0;

	buf[0] = '\0';
	if (!text)
		return;
	for (line = strtok_r(text, "\n", &save); line && lines < STDERR_LINES;
	     line = strtok_r(NULL, "\n", &save)) {
		char *shown = rl_printable(line, 0);

		if (shown[strspn(shown, " \t\r")])
			o += (size_t)snprintf(buf + o, o < len ? len - o : 0,
					      "%s%s", lines++ ? "\n" : "", shown);
		free(shown);
		if (o >= len)
			break;
	}
	free(text);
}

/* Under a run that ended in error, what the program said on stderr (its
 * "words.txt: No such file or directory"), once for all the detectors
 * that saw the same. */
static void print_stderr(const struct compare *c, const struct rl_result *r,
			 int col, char *last, size_t lastlen)
{
	char head[STDERR_LINES * 200], *line, *save;

	stderr_head(r, head, sizeof head);
	if (!head[0] || !strcmp(head, last))
		return;
	snprintf(last, lastlen, "%s", head);
	for (line = strtok_r(head, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char said[240];

		snprintf(said, sizeof said, "stderr: %s", line);
		printf("%*s", col, "");
		put_text(c, said, col);
	}
}

static void print_verdicts(struct compare *c, int i)
{
	int w = detector_width(c);
	char last[STDERR_LINES * 200] = "";

	for (int d = 0; rl_detectors[d]; d++) {
		const struct rl_result *r;
		enum rl_verdict v;
		char cell[64], why[600], line[640];
		int run;

		if (!c->chosen[d])
			continue;
		run = verdict_cell(c, i, d, cell, sizeof cell);
		r = result_at(c, i, d, run);
		v = r->judgement.verdict;
		printf("  %-*s  %s%-12s%s ", w, rl_detectors[d]->name,
		       paint(c, v), cell, unpaint(c));
		shorten(r->judgement.why, &c->programs[i], why, sizeof why);
		if (run > 1)
			snprintf(line, sizeof line, "run %d: %s", run, why);
		else
			snprintf(line, sizeof line, "%s", why);
		put_text(c, line, w + 17);
		if (v == RL_ERROR)
			print_stderr(c, r, w + 17, last, sizeof last);
	}
}

/* Does the program synchronise with atomics: C11's <stdatomic.h>, C++'s
 * <atomic>, or the compilers' __atomic and __sync builtins? Its sources
 * are read once. */
static int uses_atomics(struct program *p)
{
	static const char *const signs[] = { "stdatomic.h", "<atomic>",
					     "__atomic_", "__sync_", NULL };

	if (p->atomics >= 0)
		return p->atomics;
	p->atomics = 0;
	for (size_t i = 0; i < p->nsources && !p->atomics; i++) {
		size_t len;
		char *text = rl_read_file(p->sources[i], &len);

		for (int k = 0; text && signs[k] && !p->atomics; k++)
			p->atomics = strstr(text, signs[k]) != NULL;
		free(text);
	}
	return p->atomics;
}

/* Helgrind and DRD do not model atomics (a release store and an acquire
 * load are plain moves to them), so a race only they report in a program
 * that uses atomics may be none: said under the group, with what TSan,
 * which models them, made of it (issue 19, item 16). */
static void atomics_caveat(struct compare *c, const struct rl_matches *m,
			   size_t g)
{
	int valgrind = 0, tsan_ran = 0, tsan_saw = 0;

	if (m->g[g].category != RL_CAT_DATA_RACE)
		return;
	for (int d = 0; rl_detectors[d]; d++) {
		const char *name = rl_detectors[d]->name;
		int tsan = !strcmp(name, "tsan") || !strcmp(name, "tsan-gcc");

		if (!c->chosen[d])
			continue;
		if (!strcmp(name, "helgrind") || !strcmp(name, "drd"))
			valgrind |= rl_match_runs(m, g, d) > 0;
		tsan_ran |= tsan;
		tsan_saw |= tsan && rl_match_runs(m, g, d) > 0;
	}
	if (!valgrind || tsan_saw || !uses_atomics(&c->programs[m->g[g].program]))
		return;
	printf("   note: Helgrind and DRD do not model the atomics this program uses,\n");
	if (tsan_ran)
		printf("         and TSan, which does, did not report it: likely a false positive.\n");
	else
		printf("         so this may be a false positive: TSan models them (--detector tsan).\n");
}

/* names as rl_print_list says them ("a, b and c"), into buf */
static void list_text(const char *const *names, char *buf, size_t len)
{
	FILE *f = fmemopen(buf, len, "w");

	buf[0] = '\0';
	if (!f)
		return;
	rl_print_list(f, names);
	fclose(f);
}

/* The interleaving a search found the bug in (explore's story, told
 * within 76 columns), and how to run it again: what a person reads to
 * see how the program breaks. */
static void print_story(const struct compare *c, const struct rl_matches *m,
			size_t g)
{
	for (int d = 0; rl_detectors[d]; d++) {
		const struct rl_match_entry *e = rl_match_first(m, g, d);
		const char *story = e && e->finding->story ? e->finding->story : "";
		const char *line = story;

		if (!c->chosen[d] || !*story)
			continue;
		printf("\n   the schedule %s found it in:\n", rl_detectors[d]->name);
		while (*line) {
			const char *end = strchr(line, '\n');
			int n = end ? (int)(end - line) : (int)strlen(line);

			printf("   %.*s\n", n, line);
			line += n + (end != NULL);
		}
		if (e->finding->schedule_file) {
			char *path = rl_printable(rl_shown_path(e->finding->schedule_file), 0);

			/* the command alone on its line, to copy */
			printf("   to run this schedule again:\n./racelab replay %s\n", path);
			free(path);
		}
		return;		/* one story a bug */
	}
}

static void print_group(struct compare *c, const struct rl_matches *m,
			size_t g, int number)
{
	const struct rl_match_group *grp = &m->g[g];
	const struct program *p = &c->programs[grp->program];
	int w = detector_width(c), seen = 0, chosen = 0;
	char where[512] = "";
	const char *unseen[32], *variable = NULL;
	int nunseen = 0;

	for (size_t k = 0; k < grp->nlocs; k++) {
		size_t n = strlen(where);
		char at[32];

		snprintf(where + n, sizeof where - n, "%s%s%s", k ? ", " : " at ",
			 base_name(grp->locs[k].file),
			 rl_line_text(grp->locs[k].line, at, sizeof at));
	}
	for (int d = 0; rl_detectors[d]; d++) {
		if (!c->chosen[d])
			continue;
		chosen++;
		if (rl_match_runs(m, g, d))
			seen++;
		else
			unseen[nunseen++] = rl_detectors[d]->name;
	}
	unseen[nunseen] = NULL;
	for (size_t i = 0; i < m->n && !variable; i++)
		if (m->e[i].group == g)
			variable = m->e[i].finding->variable;
	{
		char head[1200];

		snprintf(head, sizeof head, "#%d %s%s%s%s  (seen by %d of %d)", number,
			 rl_category_name(grp->category), variable ? " on " : "",
			 variable ? variable : "", where, seen, chosen);
		putchar('\n');
		rl_print_wrapped(stdout, head, 0, 3, c->width);
	}
	for (int d = 0; rl_detectors[d]; d++) {
		const struct rl_match_entry *e = rl_match_first(m, g, d);
		char lines[3][400], rate[48];
		int n;

		if (!c->chosen[d] || !e)
			continue;
		n = said(e, p, lines);
		printf("   %-*s  %-18.18s ", w, rl_detectors[d]->name,
		       e->finding->kind ? e->finding->kind : "");
		for (int k = 0; k < n; k++) {
			if (k)
				printf("   %-*s  %-18s ", w, "", "");
			put_text(c, lines[k], w + 24);
		}
		if (by_watchdog(e)) {	/* the tool did not say it */
			printf("   %-*s  %-18s ", w, "", "");
			put_text(c, "(racelab's watchdog saw it in this run)", w + 24);
		}
		if (runs_of(c, d) > 1) {
			char seen_in[128];

			rl_rate_text(rl_match_runs(m, g, d), c->runs, rate,
				     sizeof rate);
			snprintf(seen_in, sizeof seen_in, "seen in %s runs, first in run %d",
				 rate, e->run);
			printf("   %-*s  %-18s ", w, "", "");
			put_text(c, seen_in, w + 24);
		}
	}
	if (nunseen) {
		char list[400], line[512];

		list_text(unseen, list, sizeof list);
		snprintf(line, sizeof line, "not seen by: %s", list);
		printf("   ");
		rl_print_wrapped(stdout, line, 3, 16, c->width);
	}
	print_story(c, m, g);
	atomics_caveat(c, m, g);
}

static int chosen_count(const struct compare *c)
{
	int n = 0;

	for (int d = 0; rl_detectors[d]; d++)
		n += c->chosen[d];
	return n;
}

/* The bugs of program i; returns how many there were. */
static int print_program(struct compare *c, const struct rl_matches *m, int i)
{
	const struct program *p = &c->programs[i];
	int number = 0, only_one = 0, only_watchdog = 0;

	printf("\n%s%s%s", p->variant[0] && strcmp(p->variant, "program") ?
		       p->variant : "", strcmp(p->variant, "program") ? ": " : "",
	       "");
	for (size_t k = 0; k < p->nsources; k++) {
		char *name = rl_printable(p->shown[k], 0);

		printf("%s%s", k ? " " : "", name);
		free(name);
	}
	printf("  (%d run%s of each", c->runs, c->runs == 1 ? "" : "s");
	for (int d = 0; c->runs > 1 && rl_detectors[d]; d++)
		if (c->chosen[d] && runs_of(c, d) == 1)
			printf("; %s once: it reads the source", rl_detectors[d]->name);
	printf(")\n");
	print_verdicts(c, i);
	for (int d = 0; rl_detectors[d]; d++)
		if (c->chosen[d] && rl_detectors[d]->judged_on != RL_ON_TOOL)
			printf("  (%s sees %s only)\n", rl_detectors[d]->name,
			       rl_detectors[d]->judged_on == RL_ON_SYMPTOM ?
				       "crashes and the program's own check, rl_symptom()," :
				       "hangs, livelocks, starvation and crashes");
	for (size_t g = 0; g < m->ng; g++) {
		int seen = 0;

		if (m->g[g].program != i)
			continue;
		print_group(c, m, g, ++number);
		for (int d = 0; rl_detectors[d]; d++)
			seen += c->chosen[d] && rl_match_runs(m, g, d) > 0;
		if (watchdog_alone(m, g))
			only_watchdog++;
		else
			only_one += seen == 1;
	}
	if (number == 0) {
		char *name = rl_printable(p->shown[0], 0);
		int blind = 0, chosen = 0, unfinished = 0;
		const char *errs[32];
		char names[256], line[512];

		for (int d = 0; rl_detectors[d]; d++)
			if (c->chosen[d]) {
				int err = 0;

				chosen++;
				blind += result_at(c, i, d, 1)->judgement.verdict == RL_BLIND;
				for (int run = 1; run <= runs_of(c, d); run++)
					err += result_at(c, i, d, run)->judgement.verdict == RL_ERROR;
				if (err && unfinished < 31)
					errs[unfinished++] = rl_detectors[d]->name;
			}
		errs[unfinished] = NULL;
		list_text(errs, names, sizeof names);
		/* a run in error looked at nothing: "found nothing" would
		 * read as a clean bill the detector never gave */
		if (unfinished) {
			snprintf(line, sizeof line,
				 "Nothing found in %s, but that is not a clean result: %s ended in error (see %s line%s above).",
				 name, names, unfinished == 1 ? "its" : "their",
				 unfinished == 1 ? "" : "s");
			putchar('\n');
			rl_print_wrapped(stdout, line, 0, 0, c->width ? c->width : 80);
		}
		else if (blind && blind == chosen)
			printf("\nNo detector could look at %s: %s.\n", name,
			       blind == 1 ? "the one asked is blind to it" : "those asked are blind to it");
		else
			printf("\nNo detector found anything in %s%s.\n", name,
			       blind == 1 ? " (one is blind to it: see its line)" :
			       blind ? " (some are blind to it: see their lines)" : "");
		free(name);
	}
	else if (only_watchdog)
		printf("\n%d of %d seen by racelab's watchdog alone: no tool reports it.\n",
		       only_watchdog, number);
	if (number && only_one && chosen_count(c) > 1)
		printf("%s%d of %d seen by one detector only.\n",
		       only_watchdog ? "" : "\n", only_one, number);
	return number;
}

/* For a case: each detector's verdict on each program, in columns. */
static void print_side_by_side(struct compare *c)
{
	int w = detector_width(c);

	printf("\n  %-*s", w, "detector");
	for (int i = 0; i < c->nprograms; i++)
		printf("  %-16s", c->programs[i].variant);
	putchar('\n');
	for (int d = 0; rl_detectors[d]; d++) {
		if (!c->chosen[d])
			continue;
		printf("  %-*s", w, rl_detectors[d]->name);
		for (int i = 0; i < c->nprograms; i++) {
			char cell[64];
			int run = verdict_cell(c, i, d, cell, sizeof cell);
			enum rl_verdict v = result_at(c, i, d, run)->judgement.verdict;

			printf("  %s%-16s%s", paint(c, v), cell, unpaint(c));
		}
		putchar('\n');
	}
}

/* ---- what is kept */

static json_t *group_json(struct compare *c, const struct rl_matches *m,
			  size_t g)
{
	const struct rl_match_group *grp = &m->g[g];
	json_t *locs = json_array(), *by = json_object();

	for (size_t k = 0; k < grp->nlocs; k++)
		json_array_append_new(locs, json_pack("{s:o, s:i}", "file",
						      rl_json_text(grp->locs[k].file),
						      "line", grp->locs[k].line));
	for (int d = 0; rl_detectors[d]; d++) {
		const struct rl_match_entry *e = rl_match_first(m, g, d);
		int k = rl_match_runs(m, g, d);
		double lo, hi;

		if (!c->chosen[d])
			continue;
		rl_wilson(k, runs_of(c, d), &lo, &hi);
		json_object_set_new(
			by, rl_detectors[d]->name,
			json_pack("{s:i, s:i, s:f, s:f, s:o, s:o, s:b}", "runs_seen",
				  k, "runs", runs_of(c, d), "rate_low", lo, "rate_high",
				  hi, "first_run",
				  e ? json_integer(e->run) : json_null(), "kind",
				  rl_json_text(e ? e->finding->kind : NULL),
				  "by_watchdog", e && by_watchdog(e)));
	}
	return json_pack("{s:o, s:o, s:o, s:o, s:o}", "program",
			 rl_json_text(c->programs[grp->program].shown[0]),
			 "variant", rl_json_text(c->programs[grp->program].variant),
			 "category", rl_json_text(rl_category_name(grp->category)),
			 "locations", locs, "detectors", by);
}

static int save(struct compare *c, const struct rl_matches *m)
{
	char dir[1024], path[1200];
	json_t *results = json_array(), *groups = json_array(), *doc;
	int nd = 0, rc = 0;
	FILE *f = NULL;

	while (rl_detectors[nd])
		nd++;
	snprintf(dir, sizeof dir, "%s/%s", c->out, c->programs[0].name);
	for (int i = 0; i < c->nprograms; i++)
		for (int d = 0; d < nd; d++)
			for (int run = 1; c->chosen[d] && run <= runs_of(c, d); run++)
				json_array_append_new(
					results, rl_result_json(result_at(c, i, d, run)));
	putchar('\n');
	/* results.json, results.sarif and index.html (outputs/outputs.h) */
	if (rl_save_results(dir, "results", results, c->root,
			    getenv("BUILD_WORKSPACE_DIRECTORY"), stdout) != 0)
		rc = 2;
	for (size_t g = 0; g < m->ng; g++)
		json_array_append_new(groups, group_json(c, m, g));
	doc = json_pack("{s:s, s:o}", "schema", "racelab-compare/1", "bugs",
			groups);
	snprintf(path, sizeof path, "%s/compare.json", dir);
	if (!doc || !(f = rl_output_open(path)) ||
	    (json_dumpf(doc, f, JSON_INDENT(2)) != 0) + (fclose(f) != 0))
		rc = refuse("cannot write %s.", path, "");
	json_decref(doc);
	json_decref(results);
	if (rc == 0)
		printf("bugs:    %s/compare.json (the findings matched)\n", dir);
	return rc;
}

/* ---- the command */

static void free_all(struct compare *c)
{
	int nd = 0;

	while (rl_detectors[nd])
		nd++;
	for (size_t i = 0; c->results &&
			   i < (size_t)c->nprograms * nd * c->runs; i++)
		if (c->results[i].detector)
			rl_result_free(&c->results[i]);
	free(c->results);
}

int rl_compare_main(int argc, char **argv)
{
	struct compare c = { 0 };
	struct rl_matches m = { 0 };
	const char *ws = getenv("BUILD_WORKSPACE_DIRECTORY");
	int rc, nd = 0, found = 0, errors = 0, chosen = 0;
	char *out, *title;

	c.root = ws && *ws ? ws : rl_caller_path(".");
	c.runs = 1;
	choose_detectors(&c, "all");
	if ((rc = parse(&c, argc, argv)) >= 0)
		return rc;
	if (!c.out) {
		/* where the user stands, as --out is: their program, their
		 * folder, not racelab's checkout */
		if (asprintf(&out, "%s", rl_caller_path("racelab-compare")) < 0)
			abort();
		c.out = out;
	}
	/* the program runs where the user stands, as when they run it by
	 * hand: argv's relative names are theirs (docs/hardening.md) */
	rl_session_cwd(rl_caller_dir());
	if ((rc = c.case_name ? from_case(&c) : from_files(&c)))
		return rc;
	if ((rc = build_all(&c)))
		return rc;
	static_flags(&c);
	while (rl_detectors[nd])
		nd++;
	c.results = rl_xcalloc((size_t)c.nprograms * nd * c.runs,
			       sizeof *c.results);
	c.colour = isatty(1) && !getenv("NO_COLOR");
	c.width = rl_screen_width(stdout);
	run_all(&c);
	match_all(&c, &m);
	for (int d = 0; d < nd; d++)
		chosen += c.chosen[d];
	title = rl_printable(c.case_name ? c.case_name : c.programs[0].shown[0], 0);
	printf("racelab compare: %s%s under %d detector%s\n",
	       c.case_name ? "case " : "", title, chosen,
	       chosen == 1 ? "" : "s");
	free(title);
	for (int i = 0; i < c.nprograms; i++)
		found += print_program(&c, &m, i);
	if (c.nprograms > 1)
		print_side_by_side(&c);
	for (int i = 0; i < c.nprograms; i++)
		for (int d = 0; d < nd; d++)
			for (int run = 1; c.chosen[d] && run <= runs_of(&c, d); run++)
			{
				enum rl_verdict v =
					result_at(&c, i, d, run)->judgement.verdict;
				errors += v == RL_ERROR;
				found += v == RL_HUNG;	/* never clean */
			}
	rc = save(&c, &m);
	rl_matches_free(&m);
	free_all(&c);
	if (rc)
		return rc;
	return found ? 1 : errors ? 2 : 0;
}
