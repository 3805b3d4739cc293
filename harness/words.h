/* words.h - what the command line shares: "did you mean", lists of
 * names, and paths as the user gave them. */
#ifndef RACELAB_WORDS_H
#define RACELAB_WORDS_H

#include <stdio.h>

/* The name the user may have meant: the only one it begins (2 letters at
 * least), else the nearest one within 2 edits (and fewer edits than it
 * has letters); NULL when none is near. names is NULL-terminated. */
const char *rl_closest(const char *typed, const char *const *names);

/* "a, b, c and d" */
void rl_print_list(FILE *f, const char *const *names);

/* --runs N, --jobs N: digits only (atoi took "5x" for 5, "1e9" for 1),
 * from 1 to max, into *value; else a sentence on stderr naming the
 * option and -1. */
int rl_parse_count(const char *option, const char *text, int max, int *value);

/* --memory SIZE: a whole number of MiB (M) or GiB (G), 64M to 64G,
 * into *bytes; else a sentence on stderr and -1. */
int rl_parse_memory(const char *text, unsigned long *bytes);

/* --shard K/N: part K (from 0) of N, 0 <= K < N <= 1000, into *k and
 * *n; else a sentence on stderr and -1. */
int rl_parse_shard(const char *text, int *k, int *n);

/* A path the user gave: relative to where they stand, which is not here
 * when ./racelab or `bazel run` moved us into the runfiles tree
 * ($BUILD_WORKING_DIRECTORY says where that is). */
const char *rl_user_path(const char *path);

/* Where the user stands: $BUILD_WORKING_DIRECTORY, else the working
 * directory racelab was started in (an absolute path). */
const char *rl_caller_dir(void);

/* path from where the user stands, made absolute: what a program racelab
 * runs elsewhere (from its source's folder, from the caller's) is given. */
const char *rl_caller_path(const char *path);

/* path as the user would type it where they stand: relative when it is
 * below that folder ("racelab-explore/bank/bug-1.schedule"), else whole;
 * so a line they copy works, and a page shows no one's home folder. */
const char *rl_shown_path(const char *path);

/* "racelab: " and the sentence on stderr; returns 2, the status of a
 * command line that cannot be run. */
int rl_refuse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The columns of the terminal f writes to (its window size; else
 * $COLUMNS; else 80); 0 when f is not a terminal: a log or a pipe gets
 * each line whole, for grep. */
int rl_screen_width(FILE *f);

/* text from column col of the current line, its words wrapped before
 * width, each further line indented by indent; a newline at the end.
 * width 0: the text as it is. */
void rl_print_wrapped(FILE *f, const char *text, int col, int indent, int width);

#endif
