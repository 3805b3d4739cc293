/* racelab - run concurrency bug cases under detectors and judge them.
 *
 *   racelab list
 *   racelab run CASE [--variant V|all] [--detector D|all] [--runs N]
 *   racelab report [--runs N]
 *   racelab test CASE --variant V --detector D     (one Bazel test)
 *
 * Common options: --root DIR (where cases/ and fixed/ are, with their
 * builds beside them: Bazel's runfiles tree; default: here), --out DIR
 * (results and raw output; default: racelab-report).
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detector.h"
#include "docs.h"
#include "report.h"
#include "session.h"

#define MAX_CASES 256
#define MAX_VARIANTS 8

struct options {
	const char *root, *out, *variant, *detector;
	const char *docs, *from;
	int runs, check;
};

static int usage(void)
{
	fputs("usage: racelab list\n"
	      "       racelab run CASE [--variant broken|fixed|all] [--detector D|all] [--runs N]\n"
	      "       racelab report [--runs N]\n"
	      "       racelab docs [--check] [--from RESULTS.json] [--docs DIR]\n"
	      "       racelab test CASE --variant V --detector D\n"
	      "options: --root DIR (programs; default .)  --out DIR (results; default racelab-report)\n",
	      stderr);
	return 2;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* The catalogue: every cases/NAME.c under root. */
static size_t list_cases(const char *root, char (*names)[128], size_t max)
{
	char dir[1024];
	struct dirent **e;
	size_t k = 0;
	int n;

	snprintf(dir, sizeof dir, "%s/cases", root);
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

/* The catalogue's names; 0 (and a sentence) when there is none. */
static size_t catalogue(const struct options *o, char (*names)[128])
{
	size_t n = list_cases(o->root, names, MAX_CASES);

	if (n == 0)
		fprintf(stderr, "racelab: no cases under %s/cases: run from the workspace root or pass --root\n",
			o->root);
	return n;
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

static int cmd_list(const struct options *o)
{
	char names[MAX_CASES][128], variants[MAX_VARIANTS][64];
	size_t n = catalogue(o, names);
	struct rl_layout l = { o->root, o->out };

	if (n == 0)
		return 2;
	for (size_t i = 0; i < n; i++) {
		struct rl_contract c;
		char path[1200], err[256];
		size_t nv = rl_variants(&l, names[i], variants, MAX_VARIANTS);

		snprintf(path, sizeof path, "%s/cases/%s.c", o->root, names[i]);
		if (rl_contract_load(path, &c, err, sizeof err) != 0) {
			printf("%-28s (bad header: %s)\n", names[i], err);
			continue;
		}
		printf("%-28s %-24s", names[i], c.cls);
		for (size_t v = 1; v < nv; v++)
			printf("%s%s", v > 1 ? "," : "", variants[v]);
		printf("\n%-28s %s\n", "", c.bug);
		rl_contract_free(&c);
	}
	return 0;
}

/* Runs every (variant, detector) of one case the options select, adding
 * each result to results. Returns the number of failures. */
static int run_case(const struct options *o, const char *name,
		    json_t *results, int print_each)
{
	struct rl_layout l = { o->root, o->out };
	char variants[MAX_VARIANTS][64];
	size_t nv = rl_variants(&l, name, variants, MAX_VARIANTS);
	int failures = 0;

	for (size_t v = 0; v < nv; v++) {
		if (strcmp(o->variant, "all") && strcmp(o->variant, variants[v]))
			continue;
		for (int d = 0; rl_detectors[d]; d++) {
			if (strcmp(o->detector, "all") &&
			    strcmp(o->detector, rl_detectors[d]->name))
				continue;
			for (int k = 1; k <= o->runs; k++) {
				struct rl_result r;
				int ok = rl_session(&l, name, variants[v],
						    rl_detectors[d], k, &r);
				failures += !ok;
				json_array_append_new(results, rl_result_json(&r));
				if (print_each || !ok)
					rl_print_result(stdout, &r);
				rl_result_free(&r);
			}
		}
	}
	return failures;
}

static int check_selection(const struct options *o, const char *name)
{
	struct rl_layout l = { o->root, o->out };
	char variants[MAX_VARIANTS][64];
	size_t nv;

	if (name && !known_case(o->root, name)) {
		fprintf(stderr, "racelab: there is no case named '%s': `./racelab list` shows the catalogue\n",
			name);
		return -1;
	}
	if (strcmp(o->detector, "all") && !rl_detector_find(o->detector)) {
		fprintf(stderr, "racelab: there is no detector named '%s'; there are:",
			o->detector);
		for (int d = 0; rl_detectors[d]; d++)
			fprintf(stderr, " %s", rl_detectors[d]->name);
		fputc('\n', stderr);
		return -1;
	}
	if (!name || strcmp(o->variant, "all") == 0)
		return 0;
	nv = rl_variants(&l, name, variants, MAX_VARIANTS);
	for (size_t v = 0; v < nv; v++)
		if (strcmp(variants[v], o->variant) == 0)
			return 0;
	fprintf(stderr, "racelab: case '%s' has no variant '%s'; it has:", name,
		o->variant);
	for (size_t v = 0; v < nv; v++)
		fprintf(stderr, " %s", variants[v]);
	fputc('\n', stderr);
	return -1;
}

static int save(const struct options *o, const char *file, json_t *results)
{
	char path[1200];

	snprintf(path, sizeof path, "%s/%s", o->out, file);
	if (rl_write_results(path, results) != 0) {
		fprintf(stderr, "racelab: cannot write %s\n", path);
		return -1;
	}
	printf("results: %s\n", path);
	return 0;
}

static int cmd_run(const struct options *o, const char *name)
{
	json_t *results = json_array();
	int failures;

	if (check_selection(o, name))
		return 2;
	failures = run_case(o, name, results, 1);
	if (o->runs > 1) {
		putchar('\n');
		rl_print_table(stdout, results);
	}
	rl_print_latency(stdout, results);
	save(o, "run.json", results);
	json_decref(results);
	return failures ? 1 : 0;
}

/* Every case the options select; returns the number of failures. */
static int run_catalogue(const struct options *o, char (*names)[128],
			 size_t n, json_t *results)
{
	int failures = 0;

	for (size_t i = 0; i < n; i++) {
		fprintf(stderr, "racelab: %s ...\n", names[i]);
		failures += run_case(o, names[i], results, 0);
	}
	return failures;
}

static int cmd_report(const struct options *o)
{
	char names[MAX_CASES][128];
	size_t n = catalogue(o, names);
	json_t *results;
	int failures;

	if (n == 0 || check_selection(o, NULL))
		return 2;
	results = json_array();
	failures = run_catalogue(o, names, n, results);
	putchar('\n');
	rl_print_table(stdout, results);
	rl_print_scores(stdout, results);
	printf("\n%zu results, %d failed\n", json_array_size(results), failures);
	save(o, "results.json", results);
	json_decref(results);
	return failures ? 1 : 0;
}

/* The pages in docs/cases, from a fresh run of the catalogue (or from a
 * report's results.json with --from). */
static int cmd_docs(const struct options *o)
{
	char names[MAX_CASES][128];
	size_t n = catalogue(o, names);
	json_t *doc = NULL, *results;
	json_error_t err;
	int stale;

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
	stale = rl_docs(o->root, o->docs, names, n, results, o->check);
	if (!o->check && stale == 0)
		printf("wrote %zu pages and the index in %s\n", n, o->docs);
	else if (o->check && stale == 0)
		printf("docs: all %zu pages are up to date\n", n);
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
	save(o, "result.json", results);
	if (junit && rl_write_junit(junit, &r) != 0)
		fprintf(stderr, "racelab: cannot write %s\n", junit);
	json_decref(results);
	rl_result_free(&r);
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "out", required_argument, NULL, 'o' },
		{ "variant", required_argument, NULL, 'v' },
		{ "detector", required_argument, NULL, 'd' },
		{ "runs", required_argument, NULL, 'n' },
		{ "docs", required_argument, NULL, 'D' },
		{ "from", required_argument, NULL, 'f' },
		{ "check", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct options o = { ".", "racelab-report", "all", "all", "docs/cases",
			     NULL, 1, 0 };
	const char *cmd, *name;
	int c;

	if (argc < 2 || argv[1][0] == '-')
		return usage();
	cmd = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': o.root = optarg; break;
		case 'o': o.out = optarg; break;
		case 'v': o.variant = optarg; break;
		case 'd': o.detector = optarg; break;
		case 'D': o.docs = optarg; break;
		case 'f': o.from = optarg; break;
		case 'c': o.check = 1; break;
		case 'n':
			o.runs = atoi(optarg);
			if (o.runs < 1 || o.runs > 1000) {
				fprintf(stderr, "racelab: --runs takes a number from 1 to 1000\n");
				return 2;
			}
			break;
		default: return usage();
		}
	}
	name = optind < argc ? argv[optind] : NULL;
	if (optind + (name != NULL) < argc)
		return usage();
	rl_runner_init();
	if (strcmp(cmd, "list") == 0 && !name)
		return cmd_list(&o);
	if (strcmp(cmd, "report") == 0 && !name)
		return cmd_report(&o);
	if (strcmp(cmd, "docs") == 0 && !name)
		return cmd_docs(&o);
	if (strcmp(cmd, "run") == 0 && name)
		return cmd_run(&o, name);
	if (strcmp(cmd, "test") == 0 && name)
		return cmd_test(&o, name);
	return usage();
}
