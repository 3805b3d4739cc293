/* sarif.h - the results document as SARIF 2.1.0, for code-scanning tools.
 *
 * Reads only the document rl_results_doc builds (what results.json
 * holds), so report, run, test and compare share it: one SARIF run per
 * detector, one result per finding that detector is judged on, its
 * rule the racelab category. docs/results.md says what goes where.
 */
#ifndef RACELAB_SARIF_H
#define RACELAB_SARIF_H

#include <jansson.h>
#include <stddef.h>

/* The SARIF log of doc. srcroot, when not NULL, is the absolute folder
 * the sources' relative URIs (%SRCROOT%) start from. NULL when out of
 * memory. */
json_t *rl_sarif(const json_t *doc, const char *srcroot);

/* Writes rl_sarif(doc, srcroot) to path: 0, or -1 with a sentence in
 * err. */
int rl_write_sarif(const json_t *doc, const char *srcroot, const char *path,
		   char *err, size_t errlen);

#endif
