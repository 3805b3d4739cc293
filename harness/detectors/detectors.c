/* detectors.c - what the detectors share. Their list, rl_detectors, is
 * made by harness/BUILD from DETECTORS in harness/case.bzl. */
#include "../detector.h"
#include "valgrind/log.h"
#include "valgrind/supp.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util.h"

const char *rl_build_suffix(enum rl_build b)
{
	switch (b) {
	case RL_BUILD_PLAIN:
		return "";
	case RL_BUILD_TSAN:
		return "_tsan";
	case RL_BUILD_TSAN_GCC:
		return "_tsan_gcc";
	case RL_BUILD_EXPLORE:
		return "_explore";
	case RL_BUILD_NONE:
		break;
	}
	return NULL;
}

/* One word as a shell reads it back: quoted when it holds a blank, a
 * quote or a character the shell treats specially. */
static void put_word(FILE *m, const char *w)
{
	if (*w && !w[strcspn(w, " \t\n'\"\\$`;&|<>()*?[]#~{}!")]) {
		fputs(w, m);
		return;
	}
	fputc('\'', m);
	for (; *w; w++)
		if (*w == '\'')
			fputs("'\\''", m);
		else
			fputc(*w, m);
	fputc('\'', m);
}

char *rl_detector_command(const struct rl_detector *d)
{
	struct rl_run_files f;
	struct rl_spawn s;
	char *out = NULL;
	size_t len = 0;
	FILE *m;
	int words = 0;

	memset(&f, 0, sizeof f);
	memset(&s, 0, sizeof s);
	snprintf(f.dir, sizeof f.dir, "RUN");
	snprintf(f.source, sizeof f.source, "SOURCE");
	snprintf(f.cflags, sizeof f.cflags, "CFLAGS");
	snprintf(f.stdout_path, sizeof f.stdout_path, "RUN/stdout");
	snprintf(f.stderr_path, sizeof f.stderr_path, "RUN/stderr");
	snprintf(f.symptom_path, sizeof f.symptom_path, "RUN/symptom");
	snprintf(f.tool_dir, sizeof f.tool_dir, "TOOL");
	d->prepare(&s, d->build == RL_BUILD_NONE ? "SOURCE" : "PROGRAM", &f);
	if (!s.env[0] && s.argv[0] && !s.argv[1] && !strcmp(s.argv[0], "PROGRAM")) {
		rl_spawn_free(&s);
		return NULL;
	}
	if (!(m = open_memstream(&out, &len))) {
		rl_spawn_free(&s);
		return NULL;
	}
	for (int i = 0; i < RL_MAX_ENV && s.env[i]; i++) {
		const char *eq = strchr(s.env[i], '=');

		fputs(words++ ? " " : "", m);
		if (!eq) {
			put_word(m, s.env[i]);
			continue;
		}
		fprintf(m, "%.*s=", (int)(eq - s.env[i]), s.env[i]);
		if (eq[1])
			put_word(m, eq + 1);
	}
	for (int i = 0; i < RL_MAX_ARGS && s.argv[i]; i++) {
		const char *w = s.argv[i], *slash = strrchr(w, '/');

		fputs(words++ ? " " : "", m);
		put_word(m, i == 0 && slash && w[0] == '/' ? slash + 1 : w);
	}
	fclose(m);
	rl_spawn_free(&s);
	return out;
}

void rl_spawn_flags(struct rl_spawn *s, const char *cflags)
{
	while (*cflags) {
		size_t n = strcspn(cflags, "\n");

		if (n)
			rl_spawn_arg(s, "%.*s", (int)n, cflags);
		cflags += n;
		cflags += *cflags == '\n';
	}
}

const struct rl_detector *rl_detector_find(const char *name)
{
	for (int i = 0; rl_detectors[i]; i++)
		if (strcmp(rl_detectors[i]->name, name) == 0)
			return rl_detectors[i];
	return NULL;
}

void rl_sanitizer_env(struct rl_spawn *s, const char *var, const char *ours)
{
	const char *user = getenv(var);

	if (user && *user)
		rl_spawn_setenv(s, "%s=%s %s", var, user, ours);
	else
		rl_spawn_setenv(s, "%s=%s", var, ours);
	rl_spawn_setenv(s, "UBSAN_OPTIONS=");
	rl_spawn_setenv(s, "ASAN_OPTIONS=");
}

void rl_prepare_plain(struct rl_spawn *s, const char *binary,
		      const struct rl_run_files *f)
{
	(void)f;
	rl_spawn_arg(s, "%s", binary);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* A report file, whole and NUL-terminated, or NULL with why in err: it is
 * opened without following a link or waiting on a FIFO, and must be a
 * regular file of at most RL_MAX_REPORT bytes. */
static char *read_report(const char *path, size_t *len, char *err,
			 size_t errlen)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC |
				    O_NOCTTY);
	struct stat st;
	char *buf;
	ssize_t n;

	*len = 0;
	if (fd < 0) {
		if (errno == ELOOP)
			snprintf(err, errlen, "it is a symbolic link, which racelab does not follow");
		else
			snprintf(err, errlen, "it cannot be opened (%s)",
				 strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "it is not a regular file");
		close(fd);
		return NULL;
	}
	if ((unsigned long)st.st_size > RL_MAX_REPORT) {
		snprintf(err, errlen,
			 "it holds %lld bytes, more than the %lu MiB racelab reads",
			 (long long)st.st_size, RL_MAX_REPORT >> 20);
		close(fd);
		return NULL;
	}
	buf = rl_xcalloc((size_t)st.st_size + 1, 1);
	while (*len < (size_t)st.st_size &&
	       ((n = read(fd, buf + *len, (size_t)st.st_size - *len)) > 0 ||
		(n < 0 && errno == EINTR)))
		*len += n > 0 ? (size_t)n : 0;
	close(fd);
	return buf;
}

/* A reader of one report file: a tool's parser and what it needs. */
struct reader {
	int (*parse)(const char *, size_t, struct rl_findings *,
		     struct rl_parse_info *);
	int (*parse_valgrind)(const char *, size_t, struct rl_findings *,
			      struct rl_parse_info *, struct vg_suppressions *);
};

/* One file through r: a Valgrind XML also says which suppressions hid
 * errors, and those the user's files define are counted as theirs. */
static int read_one(const struct reader *r, const char *text, size_t len,
		    struct rl_findings *fs, struct rl_parse_info *info)
{
	struct vg_suppressions supps;
	int rc;

	if (r->parse)
		return r->parse(text, len, fs, info);
	rc = r->parse_valgrind(text, len, fs, info, &supps);
	if (rc == 0)
		info->suppressed = rl_vg_user_suppressed(&supps, NULL, 0);
	rl_vg_suppressions_free(&supps);
	return rc;
}

static int collect_files(const char *dir, const char *prefix,
			 const struct reader *r, struct rl_findings *fs,
			 struct rl_parse_info *info)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, by_name), rc = 0, seen = 0;
	/* each file's process, its parent and whether it ended as the tool
	 * ends it: a forked child that exec'd leaves Valgrind's XML unended
	 * (--trace-children=no: Valgrind stops at the exec), and only the
	 * outputs of processes whose parent is not among them must end */
	struct { int pid, ppid, complete; char error[256]; } of[64];
	int nof = 0;

	info->complete = 1;
	info->tool_error_count = -1;
	if (n < 0) {
		snprintf(info->error, sizeof info->error, "cannot read %s", dir);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		struct rl_parse_info one = { 0 };
		char path[1024], why[200];
		size_t len = 0;
		char *text;

		if (rc == 0 && strncmp(names[i]->d_name, prefix,
				       strlen(prefix)) == 0) {
			snprintf(path, sizeof path, "%s/%s", dir,
				 names[i]->d_name);
			text = read_report(path, &len, why, sizeof why);
			if (!text) {
				snprintf(info->error, sizeof info->error,
					 "%s: %s", names[i]->d_name, why);
				rc = -1;
			} else if (read_one(r, text, len, fs, &one) != 0) {
				snprintf(info->error, sizeof info->error,
					 "%s: %s", names[i]->d_name, one.error);
				rc = -1;
			}
			free(text);
			seen++;
			if (nof < (int)(sizeof of / sizeof of[0])) {
				of[nof].pid = one.pid;
				of[nof].ppid = one.ppid;
				of[nof].complete = one.complete;
				memcpy(of[nof++].error, one.error, sizeof one.error);
			} else {
				info->complete &= one.complete;
			}
			info->crashed |= one.crashed;
			if (one.fatal_signal && !info->fatal_signal)
				info->fatal_signal = one.fatal_signal;
			if (one.suppressed > 0 && info->suppressed <= INT_MAX - one.suppressed)
				info->suppressed += one.suppressed;
			if (one.tool_failed[0] && !info->tool_failed[0])
				memcpy(info->tool_failed, one.tool_failed,
				       sizeof info->tool_failed);
			if (one.scope[0] && !info->scope[0])
				memcpy(info->scope, one.scope, sizeof info->scope);
			if (one.tool_error_count >= 0)
				info->tool_error_count =
					(info->tool_error_count > 0 ?
						 info->tool_error_count : 0) +
					one.tool_error_count;
		}
		free(names[i]);
	}
	free(names);
	for (int i = 0; i < nof; i++) {
		int child = 0;

		for (int j = 0; j < nof && of[i].ppid; j++)
			child |= j != i && of[j].pid == of[i].ppid;
		if (!child && !of[i].complete) {
			info->complete = 0;
			/* why, in the parser's words (explore: its search cut
			 * short), where nothing failed outright */
			if (!info->error[0])
				memcpy(info->error, of[i].error, sizeof info->error);
		}
	}
	return rc ? rc : seen;
}

int rl_collect_files(const char *dir, const char *prefix,
		     int (*parse)(const char *, size_t, struct rl_findings *,
				  struct rl_parse_info *),
		     struct rl_findings *fs, struct rl_parse_info *info)
{
	struct reader r = { .parse = parse };

	return collect_files(dir, prefix, &r, fs, info);
}

int rl_valgrind_collect_files(const char *dir, const char *prefix,
			      int (*parse)(const char *, size_t,
					   struct rl_findings *,
					   struct rl_parse_info *,
					   struct vg_suppressions *),
			      struct rl_findings *fs,
			      struct rl_parse_info *info)
{
	struct reader r = { .parse_valgrind = parse };

	return collect_files(dir, prefix, &r, fs, info);
}

void rl_valgrind_collect_log(const struct rl_run_files *f,
			     struct rl_parse_info *info)
{
	struct dirent **names;
	int n = scandir(f->tool_dir, &names, NULL, by_name);

	for (int i = 0; i < n; i++) {
		char path[1024], why[200], failed[sizeof info->tool_failed];
		size_t len;
		char *text;

		if (strncmp(names[i]->d_name, "valgrind.", 9) == 0 &&
		    !info->tool_failed[0]) {
			snprintf(path, sizeof path, "%s/%s", f->tool_dir,
				 names[i]->d_name);
			text = read_report(path, &len, why, sizeof why);
			if (text && rl_valgrind_log_failure(text, len, failed,
							    sizeof failed))
				memcpy(info->tool_failed, failed, sizeof failed);
			free(text);
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}
