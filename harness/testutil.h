/* testutil.h - the few checks racelab's C unit tests need, and the
 * runner of their named tests.
 *
 * Each CHECK counts and goes on. A file's tests are named in a table and
 * run by rl_test_main() through cmocka: each by its name, reported in
 * TAP on stdout, failed when one of its checks failed; a crash (SIGSEGV,
 * SIGBUS, SIGILL, SIGFPE) fails that test alone, by name, and the next
 * runs; a test that runs past RL_TEST_SECONDS is named and ends the
 * file's run. --test_filter (Bazel's TESTBRIDGE_TEST_ONLY) runs the
 * tests whose names match its pattern.
 *
 *     static void test_sum(void) { CHECK_INT(1 + 1, 2); }
 *
 *     int main(void)
 *     {
 *             static const struct rl_test tests[] = {
 *                     RL_TEST(test_sum),
 *             };
 *
 *             return RL_RUN_TESTS(tests);
 *     }
 */
#ifndef RACELAB_TESTUTIL_H
#define RACELAB_TESTUTIL_H

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static int rl_test_passed, rl_test_failed;

#define CHECK(cond)                                                        \
	do {                                                               \
		if (cond) {                                                \
			rl_test_passed++;                                  \
		} else {                                                   \
			rl_test_failed++;                                  \
			fprintf(stderr, "%s:%d: check failed: %s\n",       \
				__FILE__, __LINE__, #cond);                \
		}                                                          \
	} while (0)

#define CHECK_STR(got, want)                                               \
	do {                                                               \
		const char *g_ = (got), *w_ = (want);                      \
		if (g_ && w_ && strcmp(g_, w_) == 0) {                     \
			rl_test_passed++;                                  \
		} else {                                                   \
			rl_test_failed++;                                  \
			fprintf(stderr, "%s:%d: %s is \"%s\", want \"%s\"\n", \
				__FILE__, __LINE__, #got,                  \
				g_ ? g_ : "(null)", w_ ? w_ : "(null)");   \
		}                                                          \
	} while (0)

#define CHECK_INT(got, want)                                               \
	do {                                                               \
		long g_ = (long)(got), w_ = (long)(want);                  \
		if (g_ == w_) {                                            \
			rl_test_passed++;                                  \
		} else {                                                   \
			rl_test_failed++;                                  \
			fprintf(stderr, "%s:%d: %s is %ld, want %ld\n",    \
				__FILE__, __LINE__, #got, g_, w_);         \
		}                                                          \
	} while (0)

/* Reads a whole file (test data, found relative to the runfiles root, which
 * is the working directory of a Bazel test). Exits on failure. */
__attribute__((unused)) static char *rl_test_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (!f) {
		fprintf(stderr, "cannot open test data %s\n", path);
		exit(2);
	}
	do {
		if (cap - n < 4096) {
			cap = cap ? 2 * cap : 65536;
			buf = realloc(buf, cap + 1);
			if (!buf)
				abort();
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* ---- named tests ---- */

#ifndef RL_TEST_SECONDS
#define RL_TEST_SECONDS 120
#endif

struct rl_test {
	const char *name;
	void (*fn)(void);
};

static const char *rl_test_running;

__attribute__((unused)) static void rl_test_timed_out(int sig)
{
	char line[256];
	int n = snprintf(line, sizeof line, "not ok - %s: still running after %d s\n",
			 rl_test_running ? rl_test_running : "?", RL_TEST_SECONDS);

	(void)sig;
	if (n > 0 && write(1, line, (size_t)n) < 0)
		_exit(3);
	_exit(1);
}

/* One test as cmocka runs it: its state is the table's row. */
__attribute__((unused)) static void rl_test_one(void **state)
{
	const struct rl_test *t = *state;
	int before = rl_test_failed;

	rl_test_running = t->name;
	alarm(RL_TEST_SECONDS);
	t->fn();
	alarm(0);
	if (rl_test_failed > before)
		fail_msg("%d of its checks failed (above)", rl_test_failed - before);
}

__attribute__((unused)) static int rl_test_main(const char *file,
						const struct rl_test *tests,
						size_t n)
{
	struct CMUnitTest *cm = calloc(n, sizeof *cm);
	const char *only = getenv("TESTBRIDGE_TEST_ONLY");
	int failed;

	if (!cm)
		abort();
	for (size_t i = 0; i < n; i++) {
		cm[i].name = tests[i].name;
		cm[i].test_func = rl_test_one;
		cm[i].initial_state = (void *)&tests[i];
	}
	signal(SIGALRM, rl_test_timed_out);
	if (only && *only)
		cmocka_set_test_filter(only);
	cmocka_set_message_output(CM_OUTPUT_TAP);
	fflush(stdout);
	failed = _cmocka_run_group_tests(file, cm, n, NULL, NULL);
	free(cm);
	printf("# %d checks passed, %d failed\n", rl_test_passed, rl_test_failed);
	return failed || rl_test_failed ? 1 : 0;
}

/* A row of a file's table of tests, and the run of the table. */
#define RL_TEST(fn) { #fn, fn }
#define RL_RUN_TESTS(table) \
	rl_test_main(__FILE__, table, sizeof table / sizeof table[0])

#endif
