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


/* One suppression Valgrind used, as <suppcounts> lists it. */
struct vg_supp_used {
	char *name;		/* its name, the line after its `{` */
	long long count;	/* the errors it hid */
};

/* What a Valgrind XML says of suppressions: enough to tell the user's
 * from Valgrind's own (valgrind/supp.h does). */
struct vg_suppressions {
	/* The files given with --suppressions=FILE, or --TOOL:suppressions=FILE
	 * for this tool, among Valgrind's own arguments (<args><vargv>):
	 * those of ~/.valgrindrc, $VALGRIND_OPTS, ./.valgrindrc and its
	 * command line, as Valgrind read them. Valgrind's default
	 * suppressions (default.supp), which it adds by itself, are never
	 * among them. At most VG_MAX_SUPP_FILES. */
	char **files;
	size_t nfiles;
	/* <suppcounts>: each suppression that hid an error, Valgrind's own
	 * among them (Helgrind's helgrind-glibc2X-005 and DRD's drd-ld hide
	 * something in every run). At most VG_MAX_SUPP_USED. */
	struct vg_supp_used *used;
	size_t nused;
	int cut;		/* some were not kept: past a bound, or a
				 * name longer than the reader keeps */
};

enum {
	VG_MAX_SUPP_FILES = 100,	/* Valgrind's own limit once */
	VG_MAX_SUPP_USED = 10000,
};

void rl_vg_suppressions_free(struct vg_suppressions *s);

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
 * read before the cut and returns 0 with complete = 0. With supps not
 * NULL, what the XML says of suppressions goes there (free it with
 * rl_vg_suppressions_free, whatever the return); info->suppressed is
 * left 0, since the XML alone cannot tell whose they are. */
int rl_parse_valgrind_xml(const struct vg_tool *tool, const char *xml,
			  size_t len, struct rl_findings *out,
			  struct rl_parse_info *info,
			  struct vg_suppressions *supps);

#endif
