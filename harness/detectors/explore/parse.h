/* parse.h - racelab explore's explore.json -> findings.
 *
 * explore (harness/explore/) writes one JSON document per search: the
 * bugs it found, each with its kind, the sentence that says it, the
 * steps of the schedule that showed it, its story and its schedule
 * file, and the data races it saw. Read with jansson.
 */
#ifndef RACELAB_EXPLORE_PARSE_H
#define RACELAB_EXPLORE_PARSE_H

#include <stddef.h>

#include "../../finding.h"

/* Appends one finding per bug and per data race:
 * - no thread able to run: a deadlock (a thread waits for a lock or a
 *   join) or a lost wakeup (the waits are for a signal, a post or a
 *   barrier, none for a lock), as the watchdog names them, with one
 *   stack per thread left waiting, at the line where it waits;
 * - the program's own check failing (rl_symptom: its category, else
 *   wrong-result), an exit status the plain run does not give
 *   (wrong-result), an assertion, an abort or a crash (crash): no
 *   stack, as the native detector's, since the line that fails is not
 *   the line that raced; the story says which steps led there;
 * - a data race (data-race), with the two accesses' stacks.
 * Each bug's finding carries its story and schedule file. info->complete
 * is 0 when the search was cut short (schedules that ended with no
 * verdict, or a job that did not report to its end; info->error says
 * so); what explore does not control (fork, signals, input) leaves it 1. Returns 0, or -1 when the text is not explore's (info->error
 * says why). */
int rl_parse_explore(const char *text, size_t len, struct rl_findings *out,
		     struct rl_parse_info *info);

#endif
