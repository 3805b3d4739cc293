/* doc.h - the results document docs/results.md describes: made from the
 * results, and read by the writers of its other forms (SARIF, the page). */
#ifndef RACELAB_RESULTS_DOC_H
#define RACELAB_RESULTS_DOC_H

/* The results document's schema, and the version SARIF gives racelab's
 * own detectors (the watchdog, explore), which have no tool of their own. */
#define RL_RESULTS_SCHEMA "racelab-results/1"
#define RL_RESULTS_VERSION "1"

#include <jansson.h>

#include "../session.h"

/* One result as the JSON object docs/results.md describes. Never NULL: a
 * result that cannot be encoded becomes an `error` row that says so and
 * carries "encoding_failed": true. */
json_t *rl_result_json(const struct rl_result *r);

/* The results document docs/results.md describes: {"schema", "tools"
 * (clang, gcc, valgrind versions, read once per process), "detectors"
 * (each one's options, version, ...), "results": results}. What
 * results.json holds, and what the SARIF and HTML writers read. NULL
 * when out of memory. */
json_t *rl_results_doc(json_t *results);

/* Over --runs N, per (case, variant, detector): how many runs, how many
 * saw the bug (broken: detected; correct programs: did not pass), the
 * 95% Wilson interval of that rate, the first run that saw it and the
 * count of each verdict. */
json_t *rl_rates_json(json_t *results);

/* Readers of the results document, shared by the SARIF and HTML writers. */

/* Does file (as a tool names it) name source ("cases/x.c")? Compared on
 * path components, as rl_stack_frame_in does. */
int rl_path_is(const char *file, const char *source);
/* The innermost frame of a stack (JSON) in source, or NULL. */
const json_t *rl_program_frame(const json_t *stack, const char *source);
/* Is the stack one the finding points at (an access, an acquisition, a
 * stuck thread), rather than where a thread or a lock was created (TSan:
 * "Thread T1 (...) created by main thread at", "Mutex M0 (...) created
 * at")? */
int rl_stack_points(const json_t *stack);
/* The findings a row's detector is judged on: "findings", the symptom's
 * or the watchdog's, as doc's "detectors" says; "findings" for a
 * detector the document does not describe. */
const json_t *rl_judged_findings(const json_t *doc, const json_t *row);

#endif
