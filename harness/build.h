/* build.h - builds a program racelab did not write, without Bazel.
 *
 * `racelab compare` (and later the workshop) takes source files from the
 * user and builds them the way the catalogue's BUILD rules do, once per
 * build a detector runs: STEM (clang, plain), STEM_tsan (clang
 * -fsanitize=thread) and STEM_tsan_gcc (gcc -fsanitize=thread), side by
 * side in one folder, which is where the detectors look. The compiler
 * runs through the runner (own process group, time limit, output cap):
 * a source can make a compiler loop or flood too.
 */
#ifndef RACELAB_BUILD_H
#define RACELAB_BUILD_H

#include <stddef.h>

#include "detector.h"	/* enum rl_build, rl_build_suffix() */

#define RL_BUILD_MAX_SOURCES 16
#define RL_BUILD_MAX_FLAGS 24

#define RL_BUILD_KINDS (RL_BUILD_EXPLORE + 1)	/* the builds that make a binary */

struct rl_build_spec {
	const char *sources[RL_BUILD_MAX_SOURCES];	/* absolute paths */
	size_t nsources;
	/* -I DIR, -D X, -l LIB, -L DIR, -std=..., each one word ("-Ifoo") */
	const char *flags[RL_BUILD_MAX_FLAGS];
	size_t nflags;
	const char *include_dir;	/* racelab's harness/case, or NULL */
	/* explore's scheduler, harness/explore/rt.c, for RL_BUILD_EXPLORE */
	const char *runtime;
	const char *dir;		/* where the builds and logs go */
	const char *stem;		/* the program's name in dir */
};

/* 1 when path names a C or C++ source (.c, .cc, .cpp, .cxx, .C, .c++). */
int rl_build_is_source(const char *path);

/* 0 when path is a C or C++ source racelab can build: a regular file,
 * named as a source, whose first 64 KiB hold no NUL byte; else -1 with
 * one sentence in why that names it as shown (a folder, a device, no
 * file, a binary). */
int rl_build_check_source(const char *path, const char *shown, char *why,
			  size_t len);

/* 1 when any source is C++ (.cc, .cpp, .cxx, .C, .c++). */
int rl_build_is_cxx(const struct rl_build_spec *b);

/* Builds one kind into dir/STEM{suffix}. RL_BUILD_EXPLORE first
 * compiles b->runtime (explore's scheduler) into dir/rt.o and links it
 * in place of ThreadSanitizer's runtime, with the forcing devices off
 * (-DRL_NO_FORCING). Returns 0, or -1 with a
 * sentence in err: the compiler's first error with its file and line
 * when the source does not compile, or why the compiler could not run.
 * The compiler's whole output is kept in dir/build{suffix}.log. */
/* The resident memory a compiler may hold (default 4 GiB): --memory. */
void rl_build_max_resident(unsigned long bytes);

int rl_build(const struct rl_build_spec *b, enum rl_build k, char *err,
	     size_t errlen);


/* The first line of a compiler's output that says what went wrong (an
 * error, a fatal error, an undefined reference), trimmed, into line;
 * "" when there is none. Exposed for tests. */
void rl_build_first_error(const char *log, char *line, size_t len);

#endif
