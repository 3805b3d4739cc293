/* report.h - what racelab prints beside the table of results
 * (outputs/console.h): the reasons, the rates, the scores and the hangs'
 * latency. */
#ifndef RACELAB_REPORT_H
#define RACELAB_REPORT_H

#include <jansson.h>
#include <stdio.h>

/* The reasons behind `blind`, `false-positive` and every failure, once
 * per case and reason, with every detector (and variant) that gave it. */
void rl_print_reasons(FILE *out, json_t *results);

/* The broken programs' detection rates as a case x detector table, then
 * each correct program that did not pass all its runs, with its rate. */
void rl_print_rates(FILE *out, json_t *results);

/* TP / FP / TN / FN, precision and recall per detector. */
void rl_print_scores(FILE *out, json_t *results);

/* For the runs the watchdog stopped: the time from the hang's
 * onset to the watchdog's verdict (stacks included), median and worst, per
 * detector. */
void rl_print_latency(FILE *out, json_t *results);

#endif
