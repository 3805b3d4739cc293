/* docs.h - the per-case pages in docs/cases/ and their index. */
#ifndef RACELAB_DOCS_H
#define RACELAB_DOCS_H

#include <jansson.h>
#include <stddef.h>

/* Writes dir/NAME.md for each case and dir/README.md, from results (the
 * "results" array of a report). With check, writes nothing and counts the
 * pages that differ from what would be written (digits masked). Returns
 * the number of stale or unwritable pages. */
int rl_docs(const char *root, const char *dir, char (*names)[128], size_t n,
	    json_t *results, int check);

#endif
