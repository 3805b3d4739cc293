/* explore: racelab's own scheduler (harness/explore/) as a detector.
 *
 * The program's explore build (STEM_explore: clang's ThreadSanitizer
 * instrumentation, the forcing devices off, racelab's scheduler rt.c in
 * place of TSan's runtime) is run by `racelab explore --binary` under
 * up to N schedules (1000 unless the run asks for more or fewer). It
 * writes explore.json into the tool's folder, out of the program's
 * reach: the program runs in the run's own folder, and its schedules'
 * output goes to racelab's pipes. */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../detector.h"
#include "parse.h"

#define DEFAULT_SCHEDULES 1000
#define SEARCH_SHARE 0.75	/* of the run's time limit, by default */

extern const struct rl_detector rl_detector_explore;

static void prepare(struct rl_spawn *s, const char *binary,
		    const struct rl_run_files *f)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

	self[n > 0 ? n : 0] = '\0';
	rl_spawn_arg(s, "%s", self);
	rl_spawn_arg(s, "explore");
	rl_spawn_arg(s, "%s", f->source);
	rl_spawn_arg(s, "--binary=%s", binary);
	rl_spawn_arg(s, "--out=%s", f->tool_dir);
	rl_spawn_arg(s, "--work=%s", f->dir);
	rl_spawn_arg(s, "--schedules=%d",
		     f->search.schedules > 0 ? f->search.schedules : DEFAULT_SCHEDULES);
	if (f->search.shards > 1)
		rl_spawn_arg(s, "--shard=%d/%d", f->search.shard, f->search.shards);
	if (f->search.jobs > 1)
		rl_spawn_arg(s, "--jobs=%d", f->search.jobs);
	/* the search ends itself, with what it searched, before the run's
	 * time limit ends it with nothing: a program whose schedules are
	 * slow (each waits out a child's real sleep) is searched in part,
	 * and its verdict says how far */
	rl_spawn_arg(s, "--seconds=%.2f", f->search.seconds > 0 ?
		     f->search.seconds : rl_detector_explore.timeout_s * SEARCH_SHARE);
	/* the flags it was built with, for the schedule file's identity
	 * and for replay, which builds it again */
	rl_spawn_arg(s, "-DRL_NO_FORCING");
	rl_spawn_flags(s, f->cflags);
	rl_spawn_arg(s, "--");	/* the program's own arguments follow */
}

static int collect(const struct rl_run_files *f, struct rl_findings *fs,
		   struct rl_parse_info *info)
{
	int n = rl_collect_files(f->tool_dir, "explore.json", rl_parse_explore,
				 fs, info);

	if (n == 0) {
		snprintf(info->error, sizeof info->error,
			 "explore wrote no explore.json: it could not run the program (its output says why)");
		return -1;
	}
	if (n < 0)
		return -1;
	/* the tool's folder is emptied into the run's own after the run */
	for (size_t i = 0; i < fs->n; i++) {
		char *old = fs->v[i].schedule_file, *base;

		if (old && (base = strrchr(old, '/'))) {
			if (asprintf(&fs->v[i].schedule_file, "%s%s", f->dir, base) < 0)
				abort();
			free(old);
		}
	}
	/* a search cut short found nothing in what it did not search: a
	 * correct program is not clean by it */
	if (!info->complete && fs->n == 0)
		snprintf(info->tool_failed, sizeof info->tool_failed, "%s",
			 info->error);
	return 0;
}

const struct rl_detector rl_detector_explore = {
	.name = "explore",
	.about = "racelab's own scheduler: up to 1000 schedules, one thread at a time, forcing off",
	.version_of = NULL,
	.tool = "llvm-symbolizer",
	.package = "llvm",
	.build = RL_BUILD_EXPLORE,
	/* a search, not a run: 1000 schedules of a fix that loops 10,000
	 * times take up to about 30 s; a schedule stuck in a real call
	 * costs 10 s at first (2 s once others have ended quickly), and
	 * two end the search, or the first alone */
	.timeout_s = 200,
	/* the fork server pays the kernel for every schedule's fork: 16 s
	 * of CPU for lock_across_read's 1000 schedules on a quiet machine,
	 * past racelab's default 50 s in a loaded CI, which the kernel ends
	 * with SIGKILL; the time limit bounds the search instead */
	.max_cpu_s = 200,
	.term_grace_s = 1,
	.findings_exit_code = 1,
	.judged_on = RL_ON_TOOL,
	.slowdown = 20,
	.attach = RL_ATTACH_GDB,
	.prepare = prepare,
	.collect = collect,
};
