/* The end of ../racelab's short way. The front (POSIX sh) checks the
 * set-up stamp and execs this binary at once; whether a source changed
 * since the last build is looked at here, in the process that runs
 * anyway: a `find` in a command substitution cost the front a fork and an
 * exec, most of its own time (docs/performance.md).
 *
 * The front says what to look at in RACELAB_FRONT:
 *
 *   N STAMP PATH...
 *
 * N the number of the user's words (the command and what follows it: the
 * last N - 1 words of argv are the user's, cli.sh's defaults come before
 * them), STAMP the last build's stamp and PATH the sources it was built
 * from, all relative to $BUILD_WORKSPACE_DIRECTORY. The build is fresh
 * when no PATH, nor anything below one, is newer than STAMP, as `find
 * PATH... -newer STAMP` tells it: modification times to the nanosecond,
 * links not followed, directories too (a file added or removed). When one
 * is newer, or when something cannot be told (a PATH or the stamp
 * missing, a folder unreadable), the long way, harness/racelab.bash,
 * which builds and then runs the new binary. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "front.h"

#define MAX_WORDS 32

static int later(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec ||
	       (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

/* 1 when NAME (at DIR) or anything below it is newer than STAMP, 0 when
 * nothing is, -1 when it cannot be told. */
static int newer(int dir, const char *name, const struct timespec *stamp)
{
	struct stat st;
	struct dirent *e;
	DIR *d;
	int fd, r = 0;

	if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return -1;
	if (later(&st.st_mtim, stamp))
		return 1;
	if (!S_ISDIR(st.st_mode))
		return 0;
	fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (!(d = fdopendir(fd))) {
		close(fd);
		return -1;
	}
	for (;;) {
		errno = 0;
		if (!(e = readdir(d))) {
			if (errno)
				r = -1;
			break;
		}
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if ((r = newer(fd, e->d_name, stamp)) != 0)
			break;
	}
	closedir(d);
	return r;
}

/* 1 when the build is fresh; 0 when it is not or cannot be told. WORDS
 * is the front's list, cut up in place. */
static int fresh(const char *ws, char **words, int n)
{
	struct stat stamp;
	int dir, i, r = 0;

	if (n < 2 || (dir = open(ws, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return 0;
	if (fstatat(dir, words[1], &stamp, AT_SYMLINK_NOFOLLOW) == 0)
		for (i = 2; i < n && r == 0; i++)
			r = newer(dir, words[i], &stamp.st_mtim);
	else
		r = -1;
	close(dir);
	return r == 0;
}

void rl_front_check(int argc, char **argv)
{
	const char *spec = getenv("RACELAB_FRONT");
	const char *ws = getenv("BUILD_WORKSPACE_DIRECTORY");
	const char *user = getenv("BUILD_WORKING_DIRECTORY");
	char *copy, *words[MAX_WORDS], *end, script[4096];
	char **args;
	long users;
	int n = 0, i, k = 0;

	if (!spec)
		return;
	copy = strdup(spec);
	/* nothing racelab starts sees it, nor racelab.bash's binary */
	unsetenv("RACELAB_FRONT");
	if (!copy || !ws || !user) {
		fputs("racelab: RACELAB_FRONT is ../racelab's, with BUILD_WORKSPACE_DIRECTORY and BUILD_WORKING_DIRECTORY: run ./racelab.\n",
		      stderr);
		exit(2);
	}
	for (char *w = strtok(copy, " "); w; w = strtok(NULL, " ")) {
		if (n == MAX_WORDS) {
			n = 0;	/* more than the front ever names */
			break;
		}
		words[n++] = w;
	}
	users = n ? strtol(words[0], &end, 10) : 0;
	if (n < 3 || *end || users < 1 || users > argc - 1) {
		fprintf(stderr, "racelab: RACELAB_FRONT is not ../racelab's: '%s'.\n", spec);
		exit(2);
	}
	if (fresh(ws, words, n)) {
		free(copy);
		return;
	}
	/* the long way, from where the user stands, with the user's words:
	 * the command, then the last users - 1 of argv (cli.sh's defaults
	 * before them are its own again) */
	if (snprintf(script, sizeof script, "%s/harness/racelab.bash", ws) >= (int)sizeof script) {
		fputs("racelab: the workspace's path is too long.\n", stderr);
		exit(2);
	}
	if (!(args = calloc(argc + 2, sizeof *args))) {
		perror("racelab");
		exit(2);
	}
	args[k++] = "bash";
	args[k++] = script;
	args[k++] = argv[1];
	for (i = argc - (int)users + 1; i < argc; i++)
		args[k++] = argv[i];
	args[k] = NULL;
	if (chdir(user) != 0) {
		fprintf(stderr, "racelab: cannot go back to %s: %s\n", user, strerror(errno));
		exit(2);
	}
	/* the name the user gave it, as bash keeps one that is this folder */
	setenv("PWD", user, 1);
	execvp("bash", args);
	fprintf(stderr, "racelab: cannot run bash %s: %s\n", script, strerror(errno));
	exit(2);
}
