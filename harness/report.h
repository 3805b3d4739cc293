/* report.h - results out: JSON (jansson), JUnit (libxml2), the table. */
#ifndef RACELAB_REPORT_H
#define RACELAB_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "session.h"

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
