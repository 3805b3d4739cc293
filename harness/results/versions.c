/* versions.c - see versions.h. */
#define _GNU_SOURCE
#include "versions.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../detector.h"
#include "../session.h"
#include "text.h"

/* The first line `COMMAND --version` printed on p, made valid UTF-8;
 * NULL when it printed nothing (not installed). Closes p. */
static char *version_line(FILE *p)
{
	char line[512] = "", rest[256];

	if (!p)
		return NULL;
	if (!fgets(line, sizeof line, p))
		line[0] = '\0';
	while (fgets(rest, sizeof rest, p))
		;	/* drained, so the tool never sees a closed pipe */
	pclose(p);
	line[strcspn(line, "\r\n")] = '\0';
	return line[0] ? rl_text_clean(line, 1) : NULL;
}

static FILE *ask_version(const char *command)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "%s --version 2>/dev/null", command);
	return popen(cmd, "re");
}

/* The file of tool versions already asked, kept between racelab
 * processes: ${XDG_CACHE_HOME:-$HOME/.cache}/racelab/tool-versions; under
 * a Bazel test, $TEST_TMPDIR/racelab/tool-versions, so that a test reads
 * and writes nothing of the host's, even given HOME by --test_env (Bazel
 * 4.2 gives it none; docs/remote-execution.md). */
static int versions_path(char *path, size_t len)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	const char *test_tmp = getenv("TEST_TMPDIR");
	int n;

	if (test_tmp && test_tmp[0] == '/')
		n = snprintf(path, len, "%s/racelab/tool-versions", test_tmp);
	else if (xdg && xdg[0] == '/')
		n = snprintf(path, len, "%s/racelab/tool-versions", xdg);
	else if (home && home[0] == '/')
		n = snprintf(path, len, "%s/.cache/racelab/tool-versions", home);
	else
		return -1;
	return n > 0 && (size_t)n < len ? 0 : -1;
}

/* What identifies the tool named command: the file PATH finds for it,
 * its size and its time of change ("" when PATH has none). A new
 * version installed is a new key, and is asked again. */
static void tool_key(const char *command, char *key, size_t len)
{
	const char *path = getenv("PATH");
	char dir[4096], file[4352], real[4096];
	struct stat st;

	key[0] = '\0';
	for (const char *p = path ? path : ""; *p;) {
		size_t n = strcspn(p, ":");

		snprintf(dir, sizeof dir, "%.*s", (int)n, p);
		p += n + (p[n] == ':');
		snprintf(file, sizeof file, "%s/%s", dir[0] ? dir : ".", command);
		if (access(file, X_OK) != 0 || !realpath(file, real) ||
		    stat(real, &st) != 0)
			continue;
		snprintf(key, len, "%s %s %lld %lld", command, real,
			 (long long)st.st_size, (long long)st.st_mtime);
		return;
	}
}

/* The cached version of key, or NULL. The cache is read as any file
 * racelab did not write this run: no link followed, no FIFO waited on,
 * at most 64 KiB, a line "KEY<TAB>VERSION" taken only whole. */
static char *cached_version(const char *text, const char *key)
{
	size_t klen = strlen(key);

	for (const char *l = text; l && *l;) {
		const char *end = strchr(l, '\n');

		if (!end)
			break;
		if ((size_t)(end - l) > klen + 1 && !strncmp(l, key, klen) &&
		    l[klen] == '\t') {
			char *v = strndup(l + klen + 1, (size_t)(end - l) - klen - 1);
			char *clean = v ? rl_text_clean(v, 1) : NULL;

			free(v);
			return clean;
		}
		l = end + 1;
	}
	return NULL;
}

static char *read_cache(const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	char *text = NULL;
	ssize_t n;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < 65536 &&
	    (text = calloc(1, (size_t)st.st_size + 1)) &&
	    (n = read(fd, text, (size_t)st.st_size)) >= 0)
		text[n] = '\0';
	close(fd);
	return text;
}

/* Replaces the cache with the keys and versions asked this time; a
 * cache that cannot be written is only slower next time. */
static void write_cache(const char *path, char keys[][4608], json_t *tools,
			const char *const *names, int n)
{
	char dir[4096], tmp[4200];
	FILE *f;
	int fd;

	snprintf(dir, sizeof dir, "%s", path);
	*strrchr(dir, '/') = '\0';
	if (rl_make_dirs(dir) != 0)
		return;
	snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0)
		return;
	if (!(f = fdopen(fd, "w"))) {
		close(fd);
		unlink(tmp);
		return;
	}
	for (int i = 0; i < n; i++) {
		const char *v = json_string_value(json_object_get(tools, names[i]));

		if (keys[i][0] && !strpbrk(keys[i], "\t\n") && v &&
		    !strpbrk(v, "\t\n"))
			fprintf(f, "%s\t%s\n", keys[i], v);
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		unlink(tmp);
}

/* The tools' versions, read once per racelab process (a report's
 * hundreds of rows do not start clang hundreds of times), from the cache
 * when the tool is the same file as when it was last asked, else asked,
 * all at once: clang alone takes a tenth of a second or more to answer,
 * as long as the run of a small program. */
json_t *rl_tool_versions(void)
{
	const char *names[8] = { "clang", "gcc", "valgrind" };
	static char keys[8][4608];
	FILE *answers[8] = { 0 };
	char path[4096], *cache = NULL, *known[8] = { 0 };
	static json_t *tools;
	int n = 3, asked = 0;

	if (tools)
		return json_incref(tools);
	for (int d = 0; rl_detectors[d] && n < 8; d++) {
		const char *t = rl_detectors[d]->version_of;
		int seen = 0;

		for (int i = 0; t && i < n; i++)
			seen |= !strcmp(names[i], t);
		if (t && !seen)
			names[n++] = t;
	}
	if (versions_path(path, sizeof path) == 0)
		cache = read_cache(path);
	else
		path[0] = '\0';
	for (int i = 0; i < n; i++) {
		tool_key(names[i], keys[i], sizeof keys[i]);
		if (keys[i][0] && (known[i] = cached_version(cache, keys[i])))
			continue;
		answers[i] = ask_version(names[i]);
		asked++;
	}
	tools = json_object();
	for (int i = 0; i < n; i++) {
		char *v = known[i] ? known[i] : version_line(answers[i]);

		json_object_set_new(tools, names[i], rl_json_text(v));
		free(v);
	}
	if (asked && path[0])
		write_cache(path, keys, tools, names, n);
	free(cache);
	return json_incref(tools);
}
