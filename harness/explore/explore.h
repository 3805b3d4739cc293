/* explore.h - `racelab explore` and `racelab replay`.
 *
 * explore builds a program with racelab's scheduler (rt.c) in place of
 * ThreadSanitizer's runtime, runs it under up to N schedules chosen by a
 * strategy (PCT by default), and reports each bug with the schedule that
 * showed it, saved as a file, and its story. replay runs a saved
 * schedule again and says whether the bug came back, or where the
 * program went another way.
 */
#ifndef RACELAB_EXPLORE_H
#define RACELAB_EXPLORE_H

extern const char rl_explore_usage[];
extern const char rl_replay_usage[];

/* argv[0] is "explore" / "replay". Status: explore 1 a bug found, 0
 * none in the schedules run, 2 it could not build or run; replay 1 the
 * bug came back every time, 0 it did not come back, 2 it could not run
 * or went another way. */
int rl_explore_main(int argc, char **argv);
int rl_replay_main(int argc, char **argv);

#include <jansson.h>

/* Names addresses of the program bin with one llvm-symbolizer (its
 * input and output kept in dir as symbolize.*): each key of code
 * ("0x4514", relative to the program's base) gets {file, path, line,
 * function}, each key of data ("0x11204") its global's name ("items" or
 * "items+16"). Keys it cannot name stay null. */
void rl_explore_symbolize(const char *bin, const char *dir, json_t *code,
			  json_t *data);

#endif
