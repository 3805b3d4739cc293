/* compare.h - `racelab compare`: any program under every detector, side
 * by side.
 *
 * The program needs no contract, no BUILD line and no catalogue build:
 * compare builds it itself (build.c), runs each build under each chosen
 * detector with the watchdog beside (session.c), groups what the
 * detectors said into bugs (match.c), and prints, for each bug, which
 * detector saw it and what each said. A catalogue case name compares its
 * broken program and its fixes.
 */
#ifndef RACELAB_COMPARE_H
#define RACELAB_COMPARE_H

/* The usage, as `./racelab help compare` prints it (the ./racelab wrapper
 * keeps the same text). */
extern const char rl_compare_usage[];

/* argv[0] is "compare". Returns the exit status: 0 nothing found, 1
 * something found, 2 could not run (with one sentence on stderr). */
int rl_compare_main(int argc, char **argv);

#endif
