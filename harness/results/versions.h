/* versions.h - the versions of the tools racelab runs, as the results
 * document gives them. */
#ifndef RACELAB_RESULTS_VERSIONS_H
#define RACELAB_RESULTS_VERSIONS_H

#include <jansson.h>

/* {"clang", "gcc", "valgrind" and each detector's version_of: the first
 * line its --version printed, or null when it is not installed}: asked
 * once per racelab process, and kept between processes in a cache
 * (${XDG_CACHE_HOME:-$HOME/.cache}/racelab/tool-versions) while the tool
 * is the same file. A new reference. */
json_t *rl_tool_versions(void);

#endif
