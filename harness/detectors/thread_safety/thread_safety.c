/* thread-safety: clang's static thread-safety analysis (-Wthread-safety,
 * and -Wthread-safety-beta for the lock order) on the program's source,
 * no build and no run: the "program" the runner starts is clang
 * -fsyntax-only, and its warnings are the findings. It checks
 * annotations (harness/case/thread_safety.h), so code without them gives
 * it nothing to see. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../detector.h"
#include "parse.h"
#include "../../util.h"

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
	rl_spawn_flags(s, f->cflags);
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

/* The attributes clang's analysis checks, as its AST names them: one of
 * them anywhere in the program is something to check. (no_thread_safety_
 * analysis is not one: it turns the analysis off.) */
static const char *const ANNOTATIONS[] = {
	"GuardedByAttr", "PtGuardedByAttr", "GuardedVarAttr", "PtGuardedVarAttr",
	"CapabilityAttr", "ScopedLockableAttr", "RequiresCapabilityAttr",
	"AcquireCapabilityAttr", "TryAcquireCapabilityAttr",
	"ReleaseCapabilityAttr", "AssertCapabilityAttr",
	"AssertExclusiveLockAttr", "AssertSharedLockAttr",
	"ExclusiveTrylockFunctionAttr", "SharedTrylockFunctionAttr",
	"LocksExcludedAttr", "LockReturnedAttr", "AcquiredBeforeAttr",
	"AcquiredAfterAttr", NULL,
};

/* The node a line of clang's text AST dump is about: its first word,
 * after the tree's drawing ("| |-", "`-"); names and strings come after
 * it, so a variable or a string that spells an attribute is not one. */
static int annotation_line(const char *line)
{
	size_t n;

	line += strspn(line, " |`-");
	n = strcspn(line, " \n");
	for (int i = 0; ANNOTATIONS[i]; i++)
		if (strlen(ANNOTATIONS[i]) == n && !strncmp(line, ANNOTATIONS[i], n))
			return 1;
	return 0;
}

/* Whether the program has an annotation for the analysis to check: its
 * AST, as clang dumps it for the same flags, read as clang writes it (a
 * C++ program's is tens of MB, never kept). A dump that cannot be read
 * counts as seen: blind is said only of what was read whole. */
static int sees(const struct rl_run_files *f, char *why, size_t len)
{
	struct rl_spawn s = { 0 };
	int fds[2], status, found = 0;
	pid_t pid;
	FILE *in;
	char *line = NULL;
	size_t cap = 0;

	rl_spawn_arg(&s, "clang");
	rl_spawn_arg(&s, "-fsyntax-only");
	rl_spawn_arg(&s, "-fno-color-diagnostics");
	rl_spawn_arg(&s, "-Xclang");
	rl_spawn_arg(&s, "-ast-dump");
	rl_spawn_flags(&s, f->cflags);
	rl_spawn_arg(&s, "%s", f->source);
	if (pipe2(fds, O_CLOEXEC) != 0) {
		rl_spawn_free(&s);
		return 1;
	}
	if ((pid = fork()) == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(fds[1], 1);
		if (null >= 0)
			dup2(null, 2);
		execvp(s.argv[0], s.argv);
		_exit(127);
	}
	close(fds[1]);
	rl_spawn_free(&s);
	if (pid < 0 || !(in = fdopen(fds[0], "r"))) {
		close(fds[0]);
		if (pid > 0)
			waitpid(pid, NULL, 0);
		return 1;
	}
	while (!found && getline(&line, &cap, in) > 0)
		found = annotation_line(line);
	free(line);
	if (found)
		kill(pid, SIGKILL);
	fclose(in);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (found || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return 1;
	snprintf(why, len, "no annotations: nothing for clang to check (it checks GUARDED_BY, REQUIRES, ACQUIRE)");
	return 0;
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
	.sees = sees,
};
