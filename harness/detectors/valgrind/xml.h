/* xml.h - Valgrind's XML (protocol 4) -> findings, for its thread
 * checkers. The reader knows Valgrind's format and nothing about
 * processes, contracts or verdicts. */
#ifndef RACELAB_VALGRIND_XML_H
#define RACELAB_VALGRIND_XML_H

#include <stddef.h>

#include "../../finding.h"

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
