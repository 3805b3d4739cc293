/* thread-safety: clang's static thread-safety analysis (-Wthread-safety,
 * and -Wthread-safety-beta for the lock order) on the program's source,
 * no build and no run: the "program" the runner starts is clang
 * -fsyntax-only, and its warnings are the findings. It checks
 * annotations (harness/case/thread_safety.h), so code without them gives
 * it nothing to see. */
#include <stdlib.h>
#include <string.h>

#include "../../detector.h"
#include "parse.h"

/* The extra flags (-I, -D, -std=...), one a line: a flag keeps its
 * blanks (-Iinc dir). */
static void add_flags(struct rl_spawn *s, const char *flags)
{
	while (*flags) {
		size_t n = strcspn(flags, "\n");

		if (n)
			rl_spawn_arg(s, "%.*s", (int)n, flags);
		flags += n;
		flags += *flags == '\n';
	}
}

static void prepare(struct rl_spawn *s, const char *source,
		    const struct rl_run_files *f)
{
	rl_spawn_arg(s, "clang");
	rl_spawn_arg(s, "-fsyntax-only");
	rl_spawn_arg(s, "-Wthread-safety");
	rl_spawn_arg(s, "-Wthread-safety-beta");
	/* no source lines echoed: the program's text cannot pose as a
	 * diagnostic, and the parser reads one line per diagnostic */
	rl_spawn_arg(s, "-fno-caret-diagnostics");
	rl_spawn_arg(s, "-fno-color-diagnostics");
	rl_spawn_arg(s, "-fdiagnostics-show-option");
	add_flags(s, f->cflags);
	rl_spawn_arg(s, "%s", source);
}

static int collect(const struct rl_run_files *f, struct rl_findings *fs,
		   struct rl_parse_info *info)
{
	size_t len = 0;
	char *text = rl_read_file(f->stderr_path, &len);
	int rc = rl_parse_thread_safety(text ? text : "", len, fs, info);

	free(text);
	return rc;
}

/* The analysis sees only what annotations tell it: a program without
 * them is outside its sight, whatever its bug. A header with
 * annotations says what the analysis finds there instead. */
static const struct rl_expect no_annotations = {
	.detector = "thread-safety",
	.kind = RL_EXPECT_BLIND,
	.category = -1,
	.reason = "clang's analysis checks annotations (GUARDED_BY, REQUIRES, ACQUIRE: harness/case/thread_safety.h), and this program has none",
	.text = "blind - clang's analysis checks annotations (GUARDED_BY, REQUIRES, ACQUIRE: harness/case/thread_safety.h), and this program has none",
	.by_default = 1,
};

const struct rl_detector rl_detector_thread_safety = {
	.name = "thread-safety",
	.about = "clang -Wthread-safety static analysis of the source (annotated code only)",
	.version_of = "clang",
	.info_uri = "https://clang.llvm.org/docs/ThreadSafetyAnalysis.html",
	.tool = "clang",
	.package = "clang",
	.broken_default = &no_annotations,
	.build = RL_BUILD_NONE,
	.timeout_s = 20,
	.term_grace_s = 0.2,
	.judged_on = RL_ON_TOOL,
	.slowdown = 1,
	.attach = RL_ATTACH_GDB,
	.prepare = prepare,
	.collect = collect,
};
