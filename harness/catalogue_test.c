/* catalogue_test.c - every program of the catalogue (cases/, fixed/,
 * waiting/) has a contract that loads, and an expectation for every
 * detector, written or by default (docs/contract.md).
 *
 * With --print it also writes each program's contract as racelab
 * resolves it, one `file: key: value` line each, sorted by file: run
 * it before and after a change to the headers or to the reader, and
 * diff the two (`bazel run //harness:catalogue_test -- --print`).
 */
#define _GNU_SOURCE
#include <glob.h>

#include "contract.h"
#include "detector.h"
#include "finding.h"
#include "testutil.h"

static const char *const FOLDERS[] = { "cases", "fixed", "waiting", NULL };

static const char *kind_name(enum rl_expect_kind k)
{
	switch (k) {
	case RL_EXPECT_FINDING: return "finding";
	case RL_EXPECT_CHANCE: return "by-chance";
	case RL_EXPECT_BLIND: return "blind";
	case RL_EXPECT_CLEAN: return "clean";
	}
	return "?";
}

static void print_field(const char *path, const char *key, const char *value)
{
	printf("%s: %s: %s\n", path, key, value ? value : "(none)");
}

static void print_contract(const char *path, const struct rl_contract *c,
			   int correct)
{
	char buf[64];

	print_field(path, "name", c->name);
	print_field(path, "class", c->cls);
	print_field(path, "bug", c->bug);
	print_field(path, "concepts", c->concepts);
	print_field(path, "symptom", c->symptom);
	print_field(path, "fix", c->fix);
	for (size_t i = 0; i < c->nhints; i++)
		print_field(path, "hint", c->hints[i]);
	snprintf(buf, sizeof buf, "max-wait-ms %g min-jain %g", c->max_wait_ms,
		 c->min_jain);
	print_field(path, "fairness", buf);
	for (size_t i = 0; i < c->nmarks; i++) {
		snprintf(buf, sizeof buf, "%d %s", c->marks[i].line,
			 c->marks[i].label);
		print_field(path, "mark", buf);
	}
	for (int d = 0; rl_detectors[d]; d++) {
		const struct rl_expect *x =
			rl_contract_expect(c, rl_detectors[d]->name, correct);

		printf("%s: expect %s: ", path, rl_detectors[d]->name);
		if (!x) {
			printf("(none)\n");
			continue;
		}
		printf("%s [%s%s%s%s%s]\n", x->text, kind_name(x->kind),
		       x->category >= 0 ? " " : "",
		       x->category >= 0 ? rl_category_name(x->category) : "",
		       x->reason ? " - " : "", x->reason ? x->reason : "");
	}
}

static void check_program(const char *path, int correct, int print)
{
	struct rl_contract c;
	char err[512] = "";
	int failed = rl_test_failed;

	CHECK_INT(rl_contract_load(path, &c, err, sizeof err), 0);
	if (rl_test_failed > failed) {
		fprintf(stderr, "  %s: %s\n", path, err);
		return;
	}
	/* a fix names its case and says what differs; the story is the
	 * case's (docs/contract.md) */
	failed = rl_test_failed;
	CHECK(c.is_fix == !strncmp(path, "fixed/", 6));
	if (rl_test_failed > failed)
		fprintf(stderr, "  %s: a program in fixed/ has a fix's header (`racelab fix: CASE`), and only there\n",
			path);
	/* no detector is left without a word (`no-contract`) */
	for (int d = 0; rl_detectors[d]; d++) {
		failed = rl_test_failed;
		CHECK(rl_contract_expect(&c, rl_detectors[d]->name, correct) != NULL);
		if (rl_test_failed > failed)
			fprintf(stderr, "  %s says nothing of %s, which has no default for it\n",
				path, rl_detectors[d]->name);
	}
	if (print)
		print_contract(path, &c, correct);
	rl_contract_free(&c);
}

static int print;

/* every program of the catalogue: its contract read and held to */
static void test_every_program(void)
{
	size_t programs = 0;

	for (int f = 0; FOLDERS[f]; f++) {
		char pattern[64];
		glob_t g = { 0 };

		snprintf(pattern, sizeof pattern, "%s/*.c", FOLDERS[f]);
		if (glob(pattern, 0, NULL, &g) == 0)
			for (size_t i = 0; i < g.gl_pathc; i++, programs++)
				check_program(g.gl_pathv[i],
					      strcmp(FOLDERS[f], "cases") != 0, print);
		globfree(&g);
	}
	/* the runfiles hold the catalogue: an empty glob is a broken test */
	CHECK(programs > 100);
	if (print)
		fprintf(stderr, "%zu programs\n", programs);
}

int main(int argc, char **argv)
{
	static const struct rl_test tests[] = {
		RL_TEST(test_every_program),
	};

	print = argc > 1 && !strcmp(argv[1], "--print");
	return RL_RUN_TESTS(tests);
}
