/* report.h - results out: JSON (jansson), JUnit (libxml2), the table. */
#ifndef RACELAB_REPORT_H
#define RACELAB_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "session.h"

/* One result as the JSON object docs/results.md describes. */
json_t *rl_result_json(const struct rl_result *r);

/* Writes {"schema": ..., "results": [...]} to path. 0 or -1. */
int rl_write_results(const char *path, json_t *results);

/* A JUnit file with one testcase for r. 0 or -1. */
int rl_write_junit(const char *path, const struct rl_result *r);

/* One line: "case  variant  detector  verdict  why", then the next step
 * indented on its own line when the verdict fails. */
void rl_print_result(FILE *out, const struct rl_result *r);

/* The comparison table of everything in results (case x detector, one row
 * per variant), then the reasons behind `blind` and every failure. */
void rl_print_table(FILE *out, json_t *results);

/* TP / FP / TN / FN, precision and recall per detector. */
void rl_print_scores(FILE *out, json_t *results);

/* For the runs the liveness oracle stopped: the time from the hang's
 * onset to the oracle's verdict (stacks included), median and worst, per
 * detector. */
void rl_print_latency(FILE *out, json_t *results);

#endif
