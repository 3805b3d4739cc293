/* drd: Valgrind's DRD on the plain build, read from its XML with the
 * reader Helgrind uses (../valgrind/xml.c) and DRD's own table. DRD has
 * no lock-order check; it reports conflicting accesses, and misuse of
 * mutexes, rwlocks, condition variables, semaphores and barriers. */
#include <stdio.h>

#include "../../detector.h"
#include "parse.h"

static void prepare(struct rl_spawn *s, const char *binary,
		    const struct rl_run_files *f)
{
	rl_spawn_arg(s, "valgrind");
	rl_spawn_arg(s, "--tool=drd");
	rl_spawn_arg(s, "--xml=yes");
	/* %p: a forked child writes its own file instead of corrupting
	 * ours; in the tool's private folder, where the program writes none */
	rl_spawn_arg(s, "--xml-file=%s/drd.%%p.xml", f->tool_dir);
	/* Valgrind's own words (its panics) where the program cannot
	 * write, instead of the stderr it shares with the program */
	rl_spawn_arg(s, RL_VALGRIND_LOG, f->tool_dir);
	/* threads take turns fairly, as they would natively */
	rl_spawn_arg(s, "--fair-sched=yes");
	rl_spawn_arg(s, "--num-callers=24");
	/* DRD skips stack variables by default; the cases share structs
	 * that live on main's stack, as Helgrind sees them */
	rl_spawn_arg(s, "--check-stack-var=yes");
	/* the watchdog asks for the guest's stacks through vgdb */
	rl_spawn_arg(s, "--vgdb=yes");
	rl_spawn_arg(s, "--vgdb-prefix=" RL_VGDB_PREFIX, f->tool_dir);
	rl_spawn_arg(s, "%s", binary);
}

static int collect(const struct rl_run_files *f, struct rl_findings *fs,
		   struct rl_parse_info *info)
{
	int n = rl_valgrind_collect_files(f->tool_dir, "drd.",
					  rl_parse_drd_xml_supps, fs, info);

	rl_valgrind_collect_log(f, info);

	if (n == 0) {
		/* Valgrind writes the XML before the program starts. */
		snprintf(info->error, sizeof info->error,
			 "DRD wrote no XML file: Valgrind did not start");
		return -1;
	}
	return n < 0 ? -1 : 0;
}

const struct rl_detector rl_detector_drd = {
	.name = "drd",
	.about = "Valgrind's DRD (--xml=yes), plain build",
	.tool = "valgrind",
	.package = "valgrind",
	.version_of = "valgrind",
	.info_uri = "https://valgrind.org/docs/manual/drd-manual.html",
	.build = RL_BUILD_PLAIN,
	.timeout_s = 30,
	.term_grace_s = 2,
	.judged_on = RL_ON_TOOL,
	/* "Mutex still locked at thread exit" comes when the thread ends */
	.reports_at_exit = 1,
	.slowdown = 2,
	.attach = RL_ATTACH_VGDB,
	.prepare = prepare,
	.collect = collect,
	/* Valgrind reads all three, then its command line */
	.user_options = "VALGRIND_OPTS or .valgrindrc",
};
