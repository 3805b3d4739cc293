/* console.h - the results on the terminal: each result's line as it
 * ends, and the table of them all. */
#ifndef RACELAB_OUTPUTS_CONSOLE_H
#define RACELAB_OUTPUTS_CONSOLE_H

#include <jansson.h>
#include <stdio.h>

#include "../session.h"

/* One line: "case  variant  detector  verdict  why", then the next step
 * indented on its own line when the verdict fails. */
void rl_print_result(FILE *out, const struct rl_result *r);
/* The same line for a row of results (rl_result_json). */
void rl_print_row(FILE *out, json_t *row);

/* The comparison table of everything in results (case x detector, one row
 * per variant), each column as wide as its widest cell; with colour, a
 * failed verdict in red and a bug detected as expected in green. */
void rl_print_table(FILE *out, json_t *results, int colour);

#endif
