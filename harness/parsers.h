/* parsers.h - tool output -> findings. Each parser knows one tool's format
 * and nothing about processes, contracts or verdicts. */
#ifndef RACELAB_PARSERS_H
#define RACELAB_PARSERS_H

#include <stddef.h>

#include "finding.h"

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

/* Helgrind's --xml=yes output (protocol 4), read with expat. Appends one
 * finding per top-level <error> (built aside and added only at </error>,
 * so a cut-off error is never reported), count taken from <errorcounts>.
 * info->complete is 1 when </valgrindoutput> was reached and nothing
 * followed it; a <fatal_signal> sets info->crashed. Returns -1 (and
 * info->error) only when the input is refused: not XML, not
 * <valgrindoutput>, another tool's (DRD), another protocol than 4, a
 * DOCTYPE, or it ends before naming its tool. Truncated XML keeps the
 * findings read before the cut and returns 0 with complete = 0. */
int rl_parse_helgrind_xml(const char *xml, size_t len,
			  struct rl_findings *out, struct rl_parse_info *info);

#endif
