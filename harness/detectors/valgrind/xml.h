/* xml.h - Valgrind's XML (protocol 4) -> findings, for its thread
 * checkers. The reader knows Valgrind's format and nothing about
 * processes, contracts or verdicts. */
#ifndef RACELAB_VALGRIND_XML_H
#define RACELAB_VALGRIND_XML_H

#include <stddef.h>

#include "../../finding.h"

/* What differs between Valgrind tools: each tool's parse.c has one. */
struct vg_kind_rule {
	const char *kind;	/* the <kind> text; NULL ends the table */
	enum rl_category category;
	int by_text;		/* too broad a kind: ask the text rules */
};

struct vg_text_rule {
	const char *needle;	/* in the headline; NULL ends the table */
	enum rl_category category;
};

struct vg_tool {
	const char *name;	/* <protocoltool>, and the findings' tool */
	const char *thread_mark;	/* before a thread number */
	const struct vg_kind_rule *kinds;
	const struct vg_text_rule *texts;
};


/* Valgrind's --xml=yes output (protocol 4) of `tool`, read with expat.
 * Appends one finding per top-level <error> (built aside and added only
 * at </error>, so a cut-off error is never reported), count taken from
 * <errorcounts>; the stacks an error holds (its own, and DRD's
 * <first_observed_at>, <other_segment_start> and <other_segment_end>).
 * info->complete is 1 when </valgrindoutput> was reached and nothing
 * followed it; a <fatal_signal> sets info->crashed. Returns -1 (and
 * info->error) only when the input is refused: not XML, not
 * <valgrindoutput>, another tool's, another protocol than 4, a DOCTYPE,
 * or it ends before naming its tool. Truncated XML keeps the findings
 * read before the cut and returns 0 with complete = 0. */
int rl_parse_valgrind_xml(const struct vg_tool *tool, const char *xml,
			  size_t len, struct rl_findings *out,
			  struct rl_parse_info *info);

#endif
