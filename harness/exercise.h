/* exercise.h - the workshop: `racelab exercise`.
 *
 * A participant takes a broken case of the course (cases/course.txt) as
 * an exercise: `start` copies its program into a working folder without
 * its contract, marks or hints; `check` builds the participant's copy
 * itself (build.c, no Bazel), runs it under every detector with the
 * watchdog beside it, counts its threads, forks and sleeps (the
 * probe, harness/workshop/probe.c) against the reference fix's, reads the
 * source for tricks that silence a tool, and says on one screen whether
 * the fix holds and, when not, what is still wrong and where. `watch`
 * checks again on every save; `hint` gives the next hint; `solution`
 * shows the reference fix once solved (or given up); `list` shows the
 * course and the progress kept in the working folder's progress.json.
 * `verify` is the maintainers' check that every exercise is unsolved as
 * shipped and solved by its reference fixes.
 */
#ifndef RACELAB_EXERCISE_H
#define RACELAB_EXERCISE_H

/* The usage, as `./racelab help exercise` prints it (the ./racelab
 * wrapper keeps the same text). */
extern const char rl_exercise_usage[];

/* argv[0] is "exercise". Returns the exit status: 0 done (check: solved),
 * 1 not solved (verify: an exercise is wrong), 2 could not run (one
 * sentence on stderr). */
int rl_exercise_main(int argc, char **argv);

#endif
