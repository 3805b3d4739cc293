/* helgrind: Valgrind's Helgrind on the plain build, read from its XML. */
#include <stdio.h>
#include <string.h>

#include "../../detector.h"
#include "parse.h"

/* --fair-sched: threads take turns fairly, as they would natively;
 * --vgdb: the watchdog asks for the guest's stacks through vgdb.
 * Said in results.json as the detector's options, from these strings. */
#define TOOL "--tool=helgrind"
#define FLAGS "--xml=yes --fair-sched=yes --num-callers=24 --vgdb=yes"
/* %p: a forked child writes its own file instead of corrupting ours; in
 * the tool's private folder, where the program writes none */
#define XML_FILE "--xml-file=%s/helgrind.%%p.xml"
#define VGDB_PREFIX "--vgdb-prefix=" RL_VGDB_PREFIX

static void prepare(struct rl_spawn *s, const char *binary,
		    const struct rl_run_files *f)
{
	char flags[] = FLAGS;

	rl_spawn_arg(s, "valgrind");
	rl_spawn_arg(s, TOOL);
	for (char *w = strtok(flags, " "); w; w = strtok(NULL, " "))
		rl_spawn_arg(s, "%s", w);
	rl_spawn_arg(s, XML_FILE, f->tool_dir);
	/* Valgrind's own words (its panics) where the program cannot
	 * write, instead of the stderr it shares with the program */
	rl_spawn_arg(s, RL_VALGRIND_LOG, f->tool_dir);
	rl_spawn_arg(s, VGDB_PREFIX, f->tool_dir);
	rl_spawn_arg(s, "%s", binary);
}

static int collect(const struct rl_run_files *f, struct rl_findings *fs,
		   struct rl_parse_info *info)
{
	int n = rl_valgrind_collect_files(f->tool_dir, "helgrind.",
					  rl_parse_helgrind_xml_supps, fs, info);

	rl_valgrind_collect_log(f, info);

	if (n == 0) {
		/* Valgrind writes the XML before the program starts. */
		snprintf(info->error, sizeof info->error,
			 "Helgrind wrote no XML file: Valgrind did not start");
		return -1;
	}
	return n < 0 ? -1 : 0;
}

const struct rl_detector rl_detector_helgrind = {
	.name = "helgrind",
	.about = "Valgrind's Helgrind (--xml=yes), plain build",
	.tool = "valgrind",
	.package = "valgrind",
	.version_of = "valgrind",
	.info_uri = "https://valgrind.org/docs/manual/hg-manual.html",
	.build = RL_BUILD_PLAIN,
	.timeout_s = 30,
	.term_grace_s = 2,
	.judged_on = RL_ON_TOOL,
	.reports_at_exit = 1,
	.slowdown = 2,
	.attach = RL_ATTACH_VGDB,
	.prepare = prepare,
	.collect = collect,
	/* Valgrind reads all three, then its command line */
	.user_options = "VALGRIND_OPTS or .valgrindrc",
};
