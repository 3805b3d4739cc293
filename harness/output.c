/* racelab's own files: written fresh and renamed into place, in folders
 * it marked as its own (output.h). */
#define _GNU_SOURCE
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "session.h"

int rl_output_fd(const char *path)
{
	char tmp[PATH_MAX];
	struct stat st;
	mode_t mask;
	int fd, e;

	/* a device (/dev/null, /dev/full) is no file to replace */
	if (lstat(path, &st) == 0 && S_ISCHR(st.st_mode))
		return open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0)
		return -1;
	mask = umask(022);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) == 0 && rename(tmp, path) == 0)
		return fd;
	e = errno;
	unlink(tmp);
	close(fd);
	errno = e;
	return -1;
}

FILE *rl_output_open(const char *path)
{
	int fd = rl_output_fd(path), e;
	FILE *f;

	if (fd < 0)
		return NULL;
	if (!(f = fdopen(fd, "w"))) {
		e = errno;
		close(fd);
		errno = e;
	}
	return f;
}

int rl_output_dirs(const char *path, int depth)
{
	char buf[PATH_MAX];
	char *at[64];
	int n = 0;
	struct stat st;

	if ((size_t)snprintf(buf, sizeof buf, "%s", path) >= sizeof buf ||
	    depth < 1 || depth > 64) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* the slashes before the last depth names */
	for (char *p = buf + strlen(buf); p > buf && n < depth; p--)
		if (p[-1] == '/' && p[0] && p[0] != '/')
			at[n++] = p - 1;
	if (n < depth) {
		errno = EINVAL;
		return -1;
	}
	*at[n - 1] = '\0';
	if (buf[0] && rl_make_dirs(buf) != 0)
		return -1;
	for (int k = n - 1; k >= 0; k--) {
		*at[k] = '/';
		if (k)
			*at[k - 1] = '\0';
		if (lstat(buf, &st) == 0 && !S_ISDIR(st.st_mode) &&
		    unlink(buf) != 0)
			return -1;
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return -1;
		if (lstat(buf, &st) != 0 || !S_ISDIR(st.st_mode)) {
			errno = ENOTDIR;
			return -1;
		}
	}
	return 0;
}

/* Folders older racelabs made without a mark: by default they are named
 * so, and compare's per program sits one below. */
static int racelab_name(const char *dir)
{
	static const char *const names[] = { "racelab-report",
					     "racelab-compare",
					     "racelab-explore", NULL };
	char *copy = realpath(dir, NULL), *base, *slash;
	int yes = 0;

	if (!copy)
		return 0;
	for (int up = 0; up < 2 && !yes; up++) {
		slash = strrchr(copy, '/');
		base = slash ? slash + 1 : copy;
		for (int i = 0; names[i]; i++)
			yes |= !strcmp(base, names[i]);
		if (!slash || slash == copy)
			break;
		*slash = '\0';
	}
	free(copy);
	return yes;
}

static int is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return 0;
	while (empty && (e = readdir(d)))
		empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
	closedir(d);
	return empty;
}

static int mark(const char *dir, char *err, size_t errlen)
{
	static const char said[] =
		"This folder is racelab's output: racelab replaces what it "
		"writes here on its next run.\n";
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof path, "%s/%s", dir, RL_OUTPUT_MARK);
	if ((fd = rl_output_fd(path)) < 0 ||
	    write(fd, said, sizeof said - 1) != (ssize_t)(sizeof said - 1)) {
		snprintf(err, errlen, "cannot write %s (%s).", path,
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

int rl_output_dir(const char *dir, char *err, size_t errlen)
{
	char path[PATH_MAX];
	struct stat st;

	if (stat(dir, &st) != 0) {
		if (errno != ENOENT) {
			snprintf(err, errlen, "cannot use %s as the output folder (%s).",
				 dir, strerror(errno));
			return -1;
		}
		if (rl_make_dirs(dir) != 0) {
			snprintf(err, errlen, "cannot create %s (%s).", dir,
				 strerror(errno));
			return -1;
		}
		return mark(dir, err, errlen);
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s is not a folder: give --out a folder for racelab's outputs.",
			 dir);
		return -1;
	}
	snprintf(path, sizeof path, "%s/%s", dir, RL_OUTPUT_MARK);
	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
		return 0;
	if (!is_empty(dir) && !racelab_name(dir)) {
		snprintf(err, errlen, "%s is a folder racelab did not make (it has no %s and is not empty), so racelab writes nothing in it: give --out a new or empty folder.",
			 dir, RL_OUTPUT_MARK);
		return -1;
	}
	return mark(dir, err, errlen);
}

int rl_write_text(const char *path, const char *text, size_t len)
{
	FILE *f = rl_output_open(path);
	int rc = 0;

	if (!f)
		return -1;
	if (fwrite(text, 1, len, f) != len)
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}
