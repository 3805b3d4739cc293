/* parse.h - clang's thread-safety diagnostics -> findings. */
#ifndef RACELAB_THREAD_SAFETY_PARSE_H
#define RACELAB_THREAD_SAFETY_PARSE_H

#include <stddef.h>

#include "../../finding.h"

/* What clang -fsyntax-only -Wthread-safety -Wthread-safety-beta
 * -fno-caret-diagnostics wrote to stderr. Appends one finding per
 * `FILE:LINE:COL: warning: TEXT [-Wthread-safety...]` line (kind: the
 * option, headline: TEXT), its place the first stack (one frame, no
 * function) and each `note:` after it one more stack, labelled by the
 * note ("mutex acquired here"). Other diagnostics are not its findings
 * and are skipped. info->complete is 0 when the text ends inside a line;
 * tool_error_count is -1 (clang's "N warnings generated." counts every
 * warning). Returns 0; -1 only for a NULL text with a length. */
int rl_parse_thread_safety(const char *text, size_t len,
			   struct rl_findings *out, struct rl_parse_info *info);

#endif
