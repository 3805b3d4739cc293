/* examples.c - see examples.h. */
#define _GNU_SOURCE
#include "examples.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "runner.h"
#include "util.h"

#define MARK "<!-- the output of: ./racelab "
#define MARK_END " -->"

/* The words after "./racelab " in a marker line, or NULL when the line
 * is not one. */
static char *marker(const char *line, size_t len)
{
	size_t m = strlen(MARK), e = strlen(MARK_END);

	if (len <= m + e || strncmp(line, MARK, m) ||
	    strncmp(line + len - e, MARK_END, e))
		return NULL;
	return rl_xstrndup(line + m, len - m - e);
}

/* ./racelab WORDS run in the workspace, as a user there would: its
 * stdout and stderr together into *out. 0, or -1 with a sentence in why. */
static int run_example(const char *ws, const char *words, char **out,
		       char *why, size_t len)
{
	struct rl_spawn s = { 0 };
	struct rl_outcome o;
	char tmp[4096], *copy = rl_xstrdup(words), *w, *save;
	const char *dir = getenv("TMPDIR");
	size_t n;
	int fd, rc = 0;

	*out = NULL;
	snprintf(tmp, sizeof tmp, "%s/racelab-example-XXXXXX",
		 dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(why, len, "no file for its output in %s", tmp);
		free(copy);
		return -1;
	}
	close(fd);
	/* this very binary: the command table is the one being documented */
	rl_spawn_arg(&s, "/proc/self/exe");
	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
		rl_spawn_arg(&s, "%s", w);
	free(copy);
	rl_spawn_setenv(&s, "BUILD_WORKSPACE_DIRECTORY=%s", ws);
	rl_spawn_setenv(&s, "BUILD_WORKING_DIRECTORY=%s", ws);
	s.cwd = ws;
	s.stdout_path = tmp;
	s.stderr_path = tmp;
	s.timeout_s = 600;
	s.max_output_bytes = 1 << 20;
	if (rl_run(&s, &o) != 0) {
		snprintf(why, len, "it could not be started: %s", o.error);
		rc = -1;
	} else if (o.how != RL_EXITED || o.exit_code > 1) {
		snprintf(why, len, "it ended %s (status %d), not with 0 or 1",
			 rl_how_name(o.how), o.exit_code);
		rc = -1;
	}
	rl_spawn_free(&s);
	*out = rl_read_file(tmp, &n);
	unlink(tmp);
	if (!*out) {
		snprintf(why, len, "its output could not be read");
		return -1;
	}
	return rc;
}

/* One page with its examples run again: a new text, or NULL (said on
 * stderr) when one could not be. */
static char *page_again(const char *ws, const char *path, const char *text,
			int *count)
{
	char *new_text = NULL, *out;
	size_t len = 0;
	FILE *f = open_memstream(&new_text, &len);
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *words = marker(p, n), why[256];
		const char *fence, *end;

		fwrite(p, 1, n + (nl ? 1 : 0), f);
		p += n + (nl ? 1 : 0);
		if (!words)
			continue;
		fence = p;
		end = strncmp(fence, "```\n", 4) ? NULL : strstr(fence + 3, "\n```\n");
		if (!end) {
			fprintf(stderr, "racelab: %s: the example `./racelab %s` is not followed by a ``` block.\n",
				path, words);
			goto fail;
		}
		if (run_example(ws, words, &out, why, sizeof why) != 0) {
			fprintf(stderr, "racelab: %s: the example `./racelab %s` did not run: %s.\n%s",
				path, words, why, out ? out : "");
			free(out);
			goto fail;
		}
		fprintf(f, "```\n$ ./racelab %s\n%s%s```\n", words, out,
			*out && out[strlen(out) - 1] != '\n' ? "\n" : "");
		free(out);
		free(words);
		(*count)++;
		p = end + 5;
		continue;
fail:
		free(words);
		fclose(f);
		free(new_text);
		return NULL;
	}
	fclose(f);
	return new_text;
}

int rl_docs_examples(const char *ws, int check, int *count)
{
	char pattern[4096], *text, *again;
	glob_t g = { 0 };
	size_t len;
	int bad = 0;
	FILE *f;

	*count = 0;
	snprintf(pattern, sizeof pattern, "%s/docs/*.md", ws);
	glob(pattern, 0, NULL, &g);
	for (size_t i = 0; i <= g.gl_pathc; i++) {
		char readme[4096];
		const char *path = i < g.gl_pathc ? g.gl_pathv[i] : readme;

		snprintf(readme, sizeof readme, "%s/README.md", ws);
		if (!(text = rl_read_file(path, &len)))
			continue;
		if (!strstr(text, MARK)) {
			free(text);
			continue;
		}
		again = page_again(ws, path, text, count);
		if (!again) {
			bad++;
		} else if (strcmp(again, text) && check) {
			fprintf(stderr, "racelab: %s has an example whose output has changed: run `./racelab docs` and commit it\n",
				path);
			bad++;
		} else if (strcmp(again, text) &&
			   (!(f = rl_output_open(path)) ||
			    (fputs(again, f) < 0) + (fclose(f) != 0))) {
			fprintf(stderr, "racelab: cannot write %s\n", path);
			bad++;
		}
		free(again);
		free(text);
	}
	globfree(&g);
	return bad;
}
