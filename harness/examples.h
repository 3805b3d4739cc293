/* examples.h - the examples in the workspace's README.md and the pages
 * of docs/, each the real output of the command it shows.
 *
 * A page marks an example with a line
 *     <!-- the output of: ./racelab explore FILE -->
 * followed by a ``` block. `racelab docs` runs the command (this very
 * binary, in the workspace, its words split at spaces) and writes the
 * block as "$ ./racelab explore FILE" and what it printed, stdout and
 * stderr together; `racelab docs --check` runs it and says which page's
 * block differs. A command that ends other than with status 0 or 1 is
 * an error: a page never shows a command that failed.
 */
#ifndef RACELAB_EXAMPLES_H
#define RACELAB_EXAMPLES_H

/* ws: the workspace. Rewrites the blocks (check: writes nothing, counts
 * the pages whose blocks differ). *count: the examples run. Returns the
 * number of pages stale, unwritable or whose example did not run. */
int rl_docs_examples(const char *ws, int check, int *count);

#endif
