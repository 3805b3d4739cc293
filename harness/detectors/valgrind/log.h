/* log.h - Valgrind's own text log (--log-file), read for one thing: did
 * Valgrind itself give up? Its panics ("the 'impossible' happened"),
 * internal errors and its FATAL stops (a suppressions file it cannot
 * read) say so there, not in the XML (which a panic leaves unfinished).
 * The reader knows nothing about processes or verdicts. */
#ifndef RACELAB_VALGRIND_LOG_H
#define RACELAB_VALGRIND_LOG_H

#include <stddef.h>

/* Looks in text (len bytes, a Valgrind log: lines may carry a `==PID==`
 * prefix) for Valgrind's own failure. Returns 1 and writes what failed,
 * in Valgrind's words and with the option that would have helped where
 * Valgrind names one ("Max number of threads is too low: raise
 * --max-threads"), into out; returns 0 when Valgrind did not fail. */
int rl_valgrind_log_failure(const char *text, size_t len, char *out,
			    size_t outlen);

#endif
