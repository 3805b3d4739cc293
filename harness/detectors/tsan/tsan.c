/* tsan: clang's ThreadSanitizer, the -fsanitize=thread build. Reports go
 * to their own files (log_path, one per process) in the tool's private
 * folder, so neither program output nor a file the program writes can be
 * mistaken for them. */
#include <stdio.h>
#include <unistd.h>

#include "../../detector.h"
#include "parse.h"

/* The TSan runtime symbolises with llvm-symbolizer; Debian names it by
 * version too. */
static const char *symbolizer(void)
{
	static const char *const candidates[] = {
		"/usr/bin/llvm-symbolizer",
		"/usr/lib/llvm-14/bin/llvm-symbolizer",
		"/usr/bin/llvm-symbolizer-14",
	};
	for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
		if (access(candidates[i], X_OK) == 0)
			return candidates[i];
	return NULL;
}

/* second_deadlock_stack: both acquisitions of a lock-order cycle;
 * print_suppressions: how many reports the user's suppressions hid (a
 * verdict says so). Said in results.json as the detector's options,
 * from this one string. */
#define FLAGS "halt_on_error=0 second_deadlock_stack=1 exitcode=66 print_suppressions=1"

static void prepare(struct rl_spawn *s, const char *binary,
		    const struct rl_run_files *f)
{
	const char *sym = symbolizer();
	char ours[1024];

	rl_spawn_arg(s, "%s", binary);
	snprintf(ours, sizeof ours, "log_path=%s/tsan " FLAGS "%s%s", f->tool_dir,
		 sym ? " external_symbolizer_path=" : "", sym ? sym : "");
	rl_sanitizer_env(s, "TSAN_OPTIONS", ours);
}

int rl_tsan_collect(const struct rl_run_files *f, struct rl_findings *fs,
		    struct rl_parse_info *info)
{
	/* No log file at all: TSan had nothing to say, a clean run. */
	return rl_collect_files(f->tool_dir, "tsan.", rl_parse_tsan, fs, info) < 0 ?
		       -1 : 0;
}

const struct rl_detector rl_detector_tsan = {
	.name = "tsan",
	.about = "ThreadSanitizer (clang -fsanitize=thread)",
	.version_of = "clang",
	.info_uri = "https://clang.llvm.org/docs/ThreadSanitizer.html",
	.build = RL_BUILD_TSAN,
	.timeout_s = 20,
	.term_grace_s = 0.5,
	.findings_exit_code = 66,
	.judged_on = RL_ON_TOOL,
	.slowdown = 1.5,
	.attach = RL_ATTACH_GDB,
	.prepare = prepare,
	.collect = rl_tsan_collect,
	.user_options = "TSAN_OPTIONS",
};
