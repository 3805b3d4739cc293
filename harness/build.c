/* build.c - see build.h. */
#define _GNU_SOURCE
#include "build.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"
#include "runner.h"

/* As the catalogue's COPTS (harness/case.bzl), for the same reasons:
 * -O1 keeps a racy loop a loop, -fno-inline keeps each function its own
 * frame so every tool names the calling line, DWARF 4 for Valgrind 3.19. */
static const char *const COMMON[] = {
	"-g", "-gdwarf-4", "-O1", "-fno-inline", "-fno-omit-frame-pointer",
	"-pthread",
};
#define NCOMMON (sizeof COMMON / sizeof COMMON[0])

#define COMPILE_TIMEOUT_S 120
#define COMPILE_MAX_OUTPUT (4ul << 20)
#define COMPILE_MAX_FILE (1ul << 30)

/* The resident memory a compiler may hold: the runs' limit (--memory),
 * since a macro that expands to millions of tokens takes a compiler to
 * gigabytes as surely as a program's loop does. */
static unsigned long compile_max_resident = 4ul << 30;

void rl_build_max_resident(unsigned long bytes)
{
	compile_max_resident = bytes;
}

int rl_build_is_cxx(const struct rl_build_spec *b)
{
	static const char *const ext[] = { ".cc", ".cpp", ".cxx", ".C",
					   ".c++" };

	for (size_t i = 0; i < b->nsources; i++) {
		const char *dot = strrchr(b->sources[i], '.');

		for (size_t e = 0; dot && e < sizeof ext / sizeof ext[0]; e++)
			if (strcmp(dot, ext[e]) == 0)
				return 1;
	}
	return 0;
}

int rl_build_is_source(const char *path)
{
	static const char *const ext[] = { ".c", ".cc", ".cpp", ".cxx", ".C",
					   ".c++" };
	const char *dot = strrchr(path, '.');

	for (size_t e = 0; dot && e < sizeof ext / sizeof ext[0]; e++)
		if (strcmp(dot, ext[e]) == 0)
			return 1;
	return 0;
}

int rl_build_check_source(const char *path, const char *shown, char *why,
			  size_t len)
{
	struct stat st;
	char head[65536];
	ssize_t n;
	int fd;

	if (stat(path, &st) != 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			snprintf(why, len, "there is no file `%s`.", shown);
		else
			snprintf(why, len, "`%s` cannot be read: %s.", shown,
				 strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(why, len, "`%s` is a folder: name the source files in it (.c, .cc, .cpp, .cxx).",
			 shown);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, len, "`%s` is not a regular file (a device, a FIFO or a socket): racelab builds source files.",
			 shown);
		return -1;
	}
	if (!rl_build_is_source(path)) {
		snprintf(why, len, "`%s` is not a C or C++ source (.c, .cc, .cpp, .cxx).",
			 shown);
		return -1;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0) {
		snprintf(why, len, "`%s` cannot be read: %s.", shown, strerror(errno));
		return -1;
	}
	n = read(fd, head, sizeof head);
	close(fd);
	if (n < 0) {
		snprintf(why, len, "`%s` cannot be read: %s.", shown, strerror(errno));
		return -1;
	}
	if (memchr(head, 0, (size_t)n)) {
		snprintf(why, len, "`%s` is not source text: it holds NUL bytes (a compiled program, an archive?).",
			 shown);
		return -1;
	}
	return 0;
}

static int is_link_flag(const char *f)
{
	return strncmp(f, "-l", 2) == 0 || strncmp(f, "-L", 2) == 0;
}

/* What the lines of a compiler's output that name the trouble look like,
 * in the order they are looked for: the linker's own complaint before
 * collect2's "error: ld returned 1", which says nothing. */
static const char *const TROUBLE[] = {
	"undefined reference to", "multiple definition of", "cannot find -l",
	": fatal error:",
	": error:", "ld: ", "error:",
};

void rl_build_first_error(const char *log, char *line, size_t len)
{
	line[0] = '\0';
	for (size_t t = 0; t < sizeof TROUBLE / sizeof TROUBLE[0]; t++) {
		const char *hit = strstr(log, TROUBLE[t]), *start, *end;

		if (!hit)
			continue;
		for (start = hit; start > log && start[-1] != '\n'; start--)
			;
		end = strchr(hit, '\n');
		if (!end)
			end = hit + strlen(hit);
		while (start < end && isspace((unsigned char)*start))
			start++;
		snprintf(line, len, "%.*s", (int)(end - start), start);
		return;
	}
}

static const char *compiler(const struct rl_build_spec *b,
			    enum rl_build k)
{
	int cxx = rl_build_is_cxx(b);

	if (k == RL_BUILD_TSAN_GCC)
		return cxx ? "g++" : "gcc";
	return cxx ? "clang++" : "clang";
}

/* Where a compiler's output goes, and the limits it runs under: its
 * time, its output, the files it writes and its memory. */
static void compiler_run(struct rl_spawn *s, const char *out, const char *err)
{
	s->stdout_path = out;
	s->stderr_path = err;
	s->timeout_s = COMPILE_TIMEOUT_S;
	s->term_grace_s = 1;
	s->max_output_bytes = COMPILE_MAX_OUTPUT;
	s->max_file_bytes = COMPILE_MAX_FILE;
	s->max_cpu_s = COMPILE_TIMEOUT_S;
	s->max_resident_bytes = compile_max_resident;
}

/* path as seen from racelab's own working directory, made absolute (the
 * compiler runs in the source's folder); a new string, NULL for NULL. */
static char *from_here(const char *path)
{
	char cwd[PATH_MAX], *abs;

	if (!path)
		return NULL;
	if (path[0] == '/' || !getcwd(cwd, sizeof cwd))
		abs = strdup(path);
	else if (asprintf(&abs, "%s/%s", cwd, path) < 0)
		abs = NULL;
	if (!abs)
		abort();
	return abs;
}

/* k's build, or with runtime (explore's scheduler, rt.c) the explore
 * build: clang's TSan instrumentation, racelab's runtime in place of
 * TSan's. */
static int build(const struct rl_build_spec *b, enum rl_build k,
		 const char *runtime, char *err, size_t errlen)
{
	const char *suffix = runtime ? "_explore" : rl_build_suffix(k);
	const char *cc = compiler(b, k);
	char out[1024], log[1024], said[1024], first[512];
	struct rl_spawn s = { 0 };
	struct rl_outcome o;
	size_t loglen;
	char *text, *src_dir = NULL;
	char *include = from_here(b->include_dir), *dir = from_here(b->dir);
	char *rt = from_here(runtime);
	int rc = -1;

	if (b->nsources + b->nflags + NCOMMON + 10 >= RL_MAX_ARGS) {
		snprintf(err, errlen,
			 "too many sources and flags for one build (%zu): racelab takes at most %d",
			 b->nsources + b->nflags, RL_MAX_ARGS - (int)NCOMMON - 10);
		goto done;
	}
	snprintf(out, sizeof out, "%s/%s%s", dir, b->stem, suffix);
	snprintf(log, sizeof log, "%s/build%s.log", dir, suffix);
	snprintf(said, sizeof said, "%s/build%s.stdout", dir, suffix);
	rl_spawn_arg(&s, "%s", cc);
	for (size_t i = 0; i < NCOMMON; i++)
		rl_spawn_arg(&s, "%s", COMMON[i]);
	if (k != RL_BUILD_PLAIN || runtime)
		rl_spawn_arg(&s, "-fsanitize=thread");
	if (runtime) {
		rl_spawn_arg(&s, "-fno-sanitize-link-runtime");
		rl_spawn_arg(&s, "-DRL_NO_FORCING");
	}
	if (include)
		rl_spawn_arg(&s, "-I%s", include);
	for (size_t i = 0; i < b->nflags; i++)
		if (!is_link_flag(b->flags[i]))
			rl_spawn_arg(&s, "%s", b->flags[i]);
	for (size_t i = 0; i < b->nsources; i++) {
		char *src = from_here(b->sources[i]);

		rl_spawn_arg(&s, "%s", src);
		free(src);
	}
	if (rt)
		rl_spawn_arg(&s, "%s", rt);
	rl_spawn_arg(&s, "-o");
	rl_spawn_arg(&s, "%s", out);
	for (size_t i = 0; i < b->nflags; i++)
		if (is_link_flag(b->flags[i]))
			rl_spawn_arg(&s, "%s", b->flags[i]);
	if (runtime) {
		rl_spawn_arg(&s, "-ldl");
		rl_spawn_arg(&s, "-ljansson");
		rl_spawn_arg(&s, "-rdynamic");
		/* symbols bound before the search forks: each schedule's
		 * process would bind them afresh, a page fault each */
		rl_spawn_arg(&s, "-Wl,-z,now");
	}
	compiler_run(&s, said, log);	/* compilers speak on stderr */
	/* from the source's own folder, as the user would compile it: a
	 * relative #line name (a generated source) is then found there */
	if (asprintf(&src_dir, "%s", b->sources[0]) < 0)
		abort();
	if (strrchr(src_dir, '/') && src_dir[0] == '/') {
		*strrchr(src_dir, '/') = '\0';
		s.cwd = src_dir[0] ? src_dir : "/";
	}
	remove(out);
	if (rl_run(&s, &o) != 0) {
		snprintf(err, errlen, "%s could not be started: %s", cc,
			 o.error);
		goto done;
	}
	if (o.how == RL_EXITED && o.exit_code == 0) {
		rc = 0;
		goto done;
	}
	text = rl_read_file(log, &loglen);
	rl_build_first_error(text ? text : "", first, sizeof first);
	free(text);
	if (o.how == RL_EXITED && first[0])
		snprintf(err, errlen, "it does not build with %s: %s", cc,
			 first);
	else if (o.how == RL_EXITED)
		snprintf(err, errlen,
			 "it does not build with %s (status %d; the compiler's output is in %s)",
			 cc, o.exit_code, log);
	else if (o.how == RL_TIMED_OUT)
		snprintf(err, errlen, "%s did not finish within %d s", cc,
			 COMPILE_TIMEOUT_S);
	else if (o.memory_capped)
		snprintf(err, errlen,
			 "it was not built: %s held more than racelab's limit of %ld MiB of memory (--memory) and was stopped",
			 cc, o.resident_limit_kb / 1024);
	else
		snprintf(err, errlen, "%s ended abnormally (%s; its output is in %s)",
			 cc, rl_how_name(o.how), log);
done:
	rl_spawn_free(&s);
	free(src_dir);
	free(include);
	free(dir);
	free(rt);
	return rc;
}

/* explore's scheduler as an object, dir/rt.o, optimised (it runs at
 * every access) and without instrumentation of its own. */
static int build_runtime(const struct rl_build_spec *b, char *obj,
			 size_t objlen, char *err, size_t errlen)
{
	struct rl_spawn s = { 0 };
	struct rl_outcome o;
	char log[1024], said[1024];
	struct stat st;
	int ok;

	if (!b->runtime || stat(b->runtime, &st) != 0) {
		snprintf(err, errlen, "racelab's scheduler is not at %s",
			 b->runtime ? b->runtime : "(not given)");
		return -1;
	}
	snprintf(obj, objlen, "%s/rt.o", b->dir);
	snprintf(log, sizeof log, "%s/rt.log", b->dir);
	/* built already, from this scheduler: a check run again in the same
	 * folder (the workshop's) does not build it again */
	{
		struct stat o;

		if (stat(obj, &o) == 0 && S_ISREG(o.st_mode) &&
		    (o.st_mtim.tv_sec > st.st_mtim.tv_sec ||
		     (o.st_mtim.tv_sec == st.st_mtim.tv_sec &&
		      o.st_mtim.tv_nsec >= st.st_mtim.tv_nsec)))
			return 0;
	}
	snprintf(said, sizeof said, "%s/rt.stdout", b->dir);
	rl_spawn_arg(&s, "clang");
	rl_spawn_arg(&s, "-O2");
	rl_spawn_arg(&s, "-g");
	rl_spawn_arg(&s, "-fPIC");
	rl_spawn_arg(&s, "-c");
	rl_spawn_arg(&s, "%s", b->runtime);
	rl_spawn_arg(&s, "-o");
	rl_spawn_arg(&s, "%s", obj);
	compiler_run(&s, said, log);
	ok = rl_run(&s, &o) == 0 && o.how == RL_EXITED && o.exit_code == 0;
	rl_spawn_free(&s);
	if (!ok)
		snprintf(err, errlen,
			 "racelab's scheduler (%s) did not build: see %s",
			 b->runtime, log);
	return ok ? 0 : -1;
}

int rl_build(const struct rl_build_spec *b, enum rl_build k, char *err,
	     size_t errlen)
{
	char rto[1100];

	if (k != RL_BUILD_EXPLORE)
		return build(b, k, NULL, err, errlen);
	if (build_runtime(b, rto, sizeof rto, err, errlen))
		return -1;
	return build(b, RL_BUILD_PLAIN, rto, err, errlen);
}
