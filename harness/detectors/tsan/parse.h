/* parse.h - ThreadSanitizer's text -> findings. The parser knows TSan's
 * format and nothing about processes, contracts or verdicts. */
#ifndef RACELAB_TSAN_PARSE_H
#define RACELAB_TSAN_PARSE_H

#include <stddef.h>

#include "../../finding.h"

/* ThreadSanitizer's text reports (clang 14 runtime; gcc's libtsan prints the
 * same). `text` is everything the TSan run wrote to its log (stderr, or the
 * log_path file), program output interleaved. Appends one finding per
 * `WARNING: ThreadSanitizer:` block, and one RL_CAT_CRASH finding for a
 * `==PID==ERROR: ThreadSanitizer: SEGV ...` style report. info->complete is
 * 1 when every report block that was opened was also closed by its
 * `==================` line; tool_error_count is N of the closing
 * "ThreadSanitizer: reported N warnings" (-1 if absent). Returns 0, or -1
 * when the text is not something TSan wrote (info->error says why). */
int rl_parse_tsan(const char *text, size_t len, struct rl_findings *out,
		  struct rl_parse_info *info);

#endif
