/* tsan-gcc: gcc's ThreadSanitizer, the gcc -fsanitize=thread build
 * (STEM_tsan_gcc, linked with Debian's libtsan2). The same tool as clang's
 * with another compiler and runtime version: its reports are read by the
 * TSan parser (../tsan/parse.c), from their own files (log_path, one per
 * process, in the tool's private folder) as for tsan. gcc's runtime symbolises by itself. */
#include <stdio.h>

#include "../../detector.h"

/* second_deadlock_stack: both acquisitions of a lock-order cycle. Said
 * in results.json as the detector's options, from this one string. */
#define FLAGS "halt_on_error=0 second_deadlock_stack=1 exitcode=66 print_suppressions=1"

static void prepare(struct rl_spawn *s, const char *binary,
		    const struct rl_run_files *f)
{
	char ours[1024];

	rl_spawn_arg(s, "%s", binary);
	snprintf(ours, sizeof ours, "log_path=%s/tsan " FLAGS, f->tool_dir);
	rl_sanitizer_env(s, "TSAN_OPTIONS", ours);
}

const struct rl_detector rl_detector_tsan_gcc = {
	.name = "tsan-gcc",
	.about = "ThreadSanitizer (gcc -fsanitize=thread, libtsan)",
	.version_of = "gcc",
	.info_uri = "https://gcc.gnu.org/onlinedocs/gcc/Instrumentation-Options.html",
	/* no tool to find: gcc was needed to build it, libtsan2 to link it */
	.build = RL_BUILD_TSAN_GCC,
	.timeout_s = 20,
	.term_grace_s = 0.5,
	.findings_exit_code = 66,
	.judged_on = RL_ON_TOOL,
	.slowdown = 1.5,
	.attach = RL_ATTACH_GDB,
	.prepare = prepare,
	.collect = rl_tsan_collect,	/* the same reports, the same files */
	.user_options = "TSAN_OPTIONS",
};
