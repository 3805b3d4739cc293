/* html.h - the results document as one static page (index.html).
 *
 * Reads only the document rl_results_doc builds, the programs' sources
 * (below root) and the runs' raw folders: the grid of verdicts, then per
 * program its source with the lines the findings point at and the
 * racelab:mark lines lit, what each detector said beside it, and the raw
 * output a click away. No script, no network: it reads the same when the
 * report folder is copied elsewhere.
 */
#ifndef RACELAB_HTML_H
#define RACELAB_HTML_H

#include <jansson.h>
#include <stddef.h>

/* Writes the page for doc to path. root is where the results' relative
 * "source" paths start. 0, or -1 with a sentence in err. */
int rl_write_html(const json_t *doc, const char *root, const char *path,
		  char *err, size_t errlen);

/* The CSS class of a verdict: "pass", "fail", "grey" (blind,
 * no-contract) or "other" (a verdict racelab does not judge: compare's
 * found, ...). */
const char *rl_verdict_class(const char *verdict);

#endif
