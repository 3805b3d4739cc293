/* outputs.h - the results written in every form racelab keeps them in,
 * side by side: NAME.json (json.h), NAME.sarif (sarif.h) and a page
 * (html.h), each from the one results document (results/doc.h). */
#ifndef RACELAB_OUTPUTS_H
#define RACELAB_OUTPUTS_H

#include <jansson.h>
#include <stdio.h>

/* The results in dir, in each form: NAME.json (rl_write_doc), NAME.sarif
 * (sarif.h) and a page (html.h): index.html for NAME "results", else
 * NAME.html. Says each path written on out ("results: PATH", "sarif:
 * PATH", "page: PATH"). root: where the rows' relative sources are;
 * srcroot: the absolute folder SARIF's %SRCROOT% stands for, or NULL.
 * 0, or -1 when any of them could not be written (said on stderr): a
 * lost output is an error, never silent. When NAME.json cannot be, the
 * others are not tried. */
int rl_save_results(const char *dir, const char *name, json_t *results,
		    const char *root, const char *srcroot, FILE *out);

/* Removes the files rl_save_results() would write for NAME, so that a
 * run that never gets to write them (racelab killed) leaves none of an
 * earlier run's behind, as if they were its own. */
void rl_forget_results(const char *dir, const char *name);

#endif
