/* testutil.h - the few checks racelab's C unit tests need.
 * Each CHECK counts; main returns rl_test_summary(), which prints
 * "N passed, N failed" and is non-zero on any failure. */
#ifndef RACELAB_TESTUTIL_H
#define RACELAB_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int rl_test_summary(void)
{
	printf("%d passed, %d failed\n", rl_test_passed, rl_test_failed);
	return rl_test_failed ? 1 : 0;
}

#endif
