/* parse.h - Helgrind's XML -> findings. */
#ifndef RACELAB_HELGRIND_PARSE_H
#define RACELAB_HELGRIND_PARSE_H

#include "../valgrind/xml.h"

/* Helgrind's --xml=yes output, as rl_parse_valgrind_xml reads it; the XML
 * of any other tool (DRD) is refused. */
int rl_parse_helgrind_xml(const char *xml, size_t len,
			  struct rl_findings *out, struct rl_parse_info *info);
/* The same, and what the XML says of suppressions into supps (see
 * rl_parse_valgrind_xml): collect() counts the user's from it. */
int rl_parse_helgrind_xml_supps(const char *xml, size_t len,
				struct rl_findings *out, struct rl_parse_info *info,
				struct vg_suppressions *supps);

#endif
