/* testutil.h - the few checks racelab's C unit tests need, and the
 * runner of their named tests.
 *
 * Each CHECK counts and goes on. A file's tests are named in a table and
 * run by rl_test_main() through cmocka: each by its name, in a process
 * of its own, reported in TAP on stdout, failed when one of its checks
 * failed; a crash fails that test alone, by name, and so does one still
 * running after RL_TEST_SECONDS; the next test runs either way.
 * --test_filter (Bazel's TESTBRIDGE_TEST_ONLY) runs the tests whose
 * names match its pattern.
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

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
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

/* Run first in each test's process (runner_test: rl_runner_init(),
 * since a subreaper is not inherited through fork), and last, its checks
 * the test's (runner_test: no child left); NULL: nothing. */
static void (*rl_test_in_child)(void);
static void (*rl_test_at_end)(void);

/* One test as cmocka runs it (its state is the table's row), in a
 * process of its own: what it breaks, it breaks for itself. Its checks'
 * counts come back through a pipe. */
__attribute__((unused)) static void rl_test_one(void **state)
{
	const struct rl_test *t = *state;
	int fds[2], counts[2] = { 0, 0 }, status;
	char why[128] = "";
	pid_t pid = -1;

	fflush(NULL);
	if (pipe(fds) != 0 || (pid = fork()) < 0)
		fail_msg("no process for the test: %s", strerror(errno));
	if (pid == 0) {
		static const int fatal[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE,
					     SIGSYS, SIGABRT };

		/* a crash ends this process, not in cmocka's handler */
		for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
			signal(fatal[i], SIG_DFL);
		close(fds[0]);
		alarm(RL_TEST_SECONDS);
		if (rl_test_in_child)
			rl_test_in_child();
		rl_test_passed = rl_test_failed = 0;
		t->fn();
		if (rl_test_at_end)
			rl_test_at_end();
		fflush(NULL);
		counts[0] = rl_test_passed;
		counts[1] = rl_test_failed;
		_exit(write(fds[1], counts, sizeof counts) == sizeof counts ? 0 : 3);
	}
	close(fds[1]);
	while (read(fds[0], counts, sizeof counts) < 0 && errno == EINTR)
		;
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	rl_test_passed += counts[0];
	rl_test_failed += counts[1];
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
		snprintf(why, sizeof why, "still running after %d s: stopped",
			 RL_TEST_SECONDS);
	else if (WIFSIGNALED(status))
		snprintf(why, sizeof why, "crashed: %s", strsignal(WTERMSIG(status)));
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		snprintf(why, sizeof why, "ended with status %d before its end",
			 WEXITSTATUS(status));
	else if (counts[1])
		snprintf(why, sizeof why, "%d of its checks failed (above)", counts[1]);
	if (why[0]) {
		/* in the TAP too, where cmocka says only "Failure!" */
		printf("# %s: %s\n", t->name, why);
		fail_msg("%s", why);
	}
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
	if (only && *only)
		cmocka_set_test_filter(only);
	cmocka_set_message_output(CM_OUTPUT_TAP);
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
