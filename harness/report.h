/* report.h - the results on the console: each result's line, the table,
 * the reasons, the rates, the scores and the hangs' latency. */
#ifndef RACELAB_REPORT_H
#define RACELAB_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "session.h"

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
