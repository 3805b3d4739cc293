/* report.h - results out: JSON (jansson), JUnit (libxml2), the table. */
#ifndef RACELAB_REPORT_H
#define RACELAB_REPORT_H

/* The results document's schema, and the version SARIF gives racelab's
 * own detectors (the watchdog, explore), which have no tool of their own. */
#define RL_RESULTS_SCHEMA "racelab-results/1"
#define RL_RESULTS_VERSION "1"

#include <jansson.h>
#include <stdio.h>

#include "session.h"

/* Every string that racelab writes out came, in part, from a program or
 * a tool: a symptom line, a thread name, a header field, a tool's text,
 * the sentences made of them. Any byte of it may be anything. This makes
 * a copy that is valid UTF-8 (each byte that does not begin a well-formed
 * sequence becomes U+FFFD); for_xml also replaces what XML 1.0 cannot
 * hold (control characters but tab, newline and carriage return; U+FFFE,
 * U+FFFF). NULL gives NULL. */
char *rl_text_clean(const char *s, int for_xml);

/* s as a JSON string, made valid by rl_text_clean; JSON null for NULL. */
json_t *rl_json_text(const char *s);

/* o's string member key, or "" when it is missing or not a string. */
const char *rl_json_str(const json_t *o, const char *key);

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

/* Writes doc as JSON to path. 0, or -1 when it could not: the document
 * cannot be encoded, the file cannot be written in full, or a row is one
 * rl_result_json could not encode. */
int rl_write_doc(const char *path, const json_t *doc);

/* rl_write_doc(path, rl_results_doc(results)). */
int rl_write_results(const char *path, json_t *results);

/* The results in dir, in three forms: NAME.json (rl_write_doc), NAME.sarif
 * (sarif.h) and a page (html.h): index.html for NAME "results", else
 * NAME.html. Says each path written on out ("results: PATH", "sarif:
 * PATH", "page: PATH"). root: where the rows' relative sources are;
 * srcroot: the absolute folder SARIF's %SRCROOT% stands for, or NULL.
 * 0, or -1 when any of them could not be written (said on stderr): a
 * lost output is an error, never silent. */
int rl_save_results(const char *dir, const char *name, json_t *results,
		    const char *root, const char *srcroot, FILE *out);

/* Removes the three files rl_save_results() would write for NAME, so that
 * a run that never gets to write them (racelab killed) leaves none of an
 * earlier run's behind, as if they were its own. */
void rl_forget_results(const char *dir, const char *name);

/* len bytes of text to path, in full and closed: 0, or -1. */
int rl_write_text(const char *path, const char *text, size_t len);

/* Readers of the results document, shared by the SARIF and HTML writers. */

/* path as a URI reference: every byte but [A-Za-z0-9-._~/] %-escaped. */
char *rl_uri_escape(const char *path);
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
 * or the liveness oracle's, as doc's "detectors" says; "findings" for a
 * detector the document does not describe. */
const json_t *rl_judged_findings(const json_t *doc, const json_t *row);

/* A JUnit file with one testcase for r. 0 or -1. */
int rl_write_junit(const char *path, const struct rl_result *r);

/* One line: "case  variant  detector  verdict  why", then the next step
 * indented on its own line when the verdict fails. */
void rl_print_result(FILE *out, const struct rl_result *r);
/* The same line for a row of results (rl_result_json). */
void rl_print_row(FILE *out, json_t *row);

/* The comparison table of everything in results (case x detector, one row
 * per variant), each column as wide as its widest cell; with colour, a
 * failed verdict in red and a bug detected as expected in green. */
void rl_print_table(FILE *out, json_t *results, int colour);

/* The reasons behind `blind`, `false-positive` and every failure, once
 * per case and reason, with every detector (and variant) that gave it. */
void rl_print_reasons(FILE *out, json_t *results);

/* Over --runs N, per (case, variant, detector): how many runs, how many
 * saw the bug (broken: detected; correct programs: did not pass), the
 * 95% Wilson interval of that rate, the first run that saw it and the
 * count of each verdict. */
json_t *rl_rates_json(json_t *results);

/* The broken programs' detection rates as a case x detector table, then
 * each correct program that did not pass all its runs, with its rate. */
void rl_print_rates(FILE *out, json_t *results);

/* TP / FP / TN / FN, precision and recall per detector. */
void rl_print_scores(FILE *out, json_t *results);

/* For the runs the liveness oracle stopped: the time from the hang's
 * onset to the oracle's verdict (stacks included), median and worst, per
 * detector. */
void rl_print_latency(FILE *out, json_t *results);

#endif
