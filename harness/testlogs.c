/* testlogs.c - see testlogs.h. */
#define _GNU_SOURCE
#include "testlogs.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "output.h"
#include "results/text.h"
#include "runner.h"
#include "session.h"
#include "util.h"

/* A result.json larger than this is not one run's row. */
#define MAX_ROW_BYTES (64u << 20)

int rl_test_of_job(const struct rl_job *j, char *buf, size_t len)
{
	const char *alt = strchr(j->variant, '.');
	const char *pkg = !strcmp(j->variant, "broken") ? "cases" :
			  !strncmp(j->variant, "fixed", 5) ? "fixed" :
							     j->variant;
	char det[64];
	int n;

	snprintf(det, sizeof det, "%s", j->detector->name);
	for (char *c = det; *c; c++)
		if (*c == '-')
			*c = '_';
	n = snprintf(buf, len, "%s/%s%s%s_%s_test", pkg, j->case_name,
		     alt ? "_" : "", alt ? alt + 1 : "", det);
	if (n < 0 || (size_t)n >= len)
		return -1;
	/* case.bzl makes every dot of the program's name an underscore */
	for (char *c = strchr(buf, '/') + 1; *c; c++)
		if (*c == '.')
			*c = '_';
	return 0;
}

static int shard_number(const char *path)
{
	const char *s = strstr(path, "/shard_");

	return s ? atoi(s + 7) : 0;
}

static int by_shard(const void *a, const void *b)
{
	return shard_number(*(char *const *)a) - shard_number(*(char *const *)b);
}

/* The outputs.zip files of a test, shards in order; returns the count
 * (0: none), the list in *g. */
static size_t test_parts(const char *testlogs, const char *test, glob_t *g)
{
	char pattern[4096];

	snprintf(pattern, sizeof pattern, "%s/%s/test.outputs/outputs.zip",
		 testlogs, test);
	if (glob(pattern, 0, NULL, g) == 0)
		return g->gl_pathc;
	globfree(g);
	snprintf(pattern, sizeof pattern,
		 "%s/%s/shard_*_of_*/test.outputs/outputs.zip", testlogs, test);
	if (glob(pattern, 0, NULL, g) != 0) {
		globfree(g);
		memset(g, 0, sizeof *g);
		return 0;
	}
	qsort(g->gl_pathv, g->gl_pathc, sizeof *g->gl_pathv, by_shard);
	return g->gl_pathc;
}

/* The whole of one entry of z, NUL-terminated; NULL when it is not
 * there or too large. */
static char *entry_text(zip_t *z, const char *name, size_t *len)
{
	zip_stat_t st;
	zip_file_t *f;
	char *buf;
	zip_int64_t got = 0, r;

	zip_stat_init(&st);
	if (zip_stat(z, name, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    st.size > MAX_ROW_BYTES || !(f = zip_fopen(z, name, 0)))
		return NULL;
	buf = rl_xcalloc(st.size + 1, 1);
	while ((zip_uint64_t)got < st.size &&
	       (r = zip_fread(f, buf + got, st.size - (zip_uint64_t)got)) > 0)
		got += r;
	zip_fclose(f);
	if ((zip_uint64_t)got != st.size) {
		free(buf);
		return NULL;
	}
	*len = (size_t)got;
	return buf;
}

/* A path inside the zip that stays inside where it is unpacked: no
 * leading slash, no `..`, no empty part. */
static int safe_name(const char *name)
{
	if (!*name || *name == '/')
		return 0;
	for (const char *p = name; *p;) {
		size_t n = strcspn(p, "/");

		if ((n == 2 && !strncmp(p, "..", 2)) || (n == 1 && *p == '.'))
			return 0;
		p += n;
		if (*p == '/' && *++p == '/')
			return 0;
	}
	return 1;
}

/* Unpacks the entries of z under prefix/ (the run's own folder, as the
 * test saw it) into dest. */
static int unpack(zip_t *z, const char *prefix, const char *dest)
{
	size_t plen = strlen(prefix);
	zip_int64_t n = zip_get_num_entries(z, 0);
	int bad = 0;

	if (rl_make_dirs(dest) != 0)
		return -1;
	for (zip_int64_t i = 0; i < n; i++) {
		const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
		char path[4096], *slash;
		zip_file_t *f;
		char buf[65536];
		zip_int64_t r;
		int fd;

		if (!name || strncmp(name, prefix, plen) || name[plen] != '/' ||
		    !name[plen + 1])
			continue;
		name += plen + 1;
		if (!safe_name(name)) {	/* a trailing slash: a folder */
			bad = 1;
			continue;
		}
		snprintf(path, sizeof path, "%s/%s", dest, name);
		slash = strrchr(path, '/');
		*slash = '\0';	/* the folder it is, or is in */
		bad |= rl_make_dirs(path) != 0;
		*slash = '/';
		if (!slash[1])
			continue;
		fd = rl_output_fd(path);
		if (fd < 0 || !(f = zip_fopen_index(z, (zip_uint64_t)i, 0))) {
			if (fd >= 0)
				close(fd);
			bad = 1;
			continue;
		}
		while ((r = zip_fread(f, buf, sizeof buf)) > 0)
			if (write(fd, buf, (size_t)r) != r) {
				bad = 1;
				break;
			}
		bad |= r < 0;
		zip_fclose(f);
		bad |= close(fd) != 0;
	}
	return bad ? -1 : 0;
}

/* Every string of v that starts with from starts with to instead. */
static void move_paths(json_t *v, const char *from, const char *to)
{
	size_t flen = strlen(from), i;
	const char *key;
	json_t *x;

	if (json_is_string(v)) {
		const char *s = json_string_value(v);

		if (!strncmp(s, from, flen) && (!s[flen] || s[flen] == '/')) {
			char *moved;

			if (asprintf(&moved, "%s%s", to, s + flen) >= 0) {
				json_string_set(v, moved);
				free(moved);
			}
		}
	} else if (json_is_object(v)) {
		json_object_foreach(v, key, x)
			move_paths(x, from, to);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			move_paths(x, from, to);
	}
}

/* One part's row, its raw output unpacked into dest; NULL with *why set
 * when the part holds no row for this job. */
static json_t *read_part(const char *zip_path, const struct rl_job *j,
			 const char *dest, const char **why)
{
	int err = 0;
	zip_t *z = zip_open(zip_path, ZIP_RDONLY, &err);
	char *text, prefix[512];
	size_t len = 0;
	json_t *doc, *row = NULL;
	const char *raw, *at;

	*why = "its outputs could not be read";
	if (!z)
		return NULL;
	if (!(text = entry_text(z, "result.json", &len))) {
		*why = "it ended without a result (cut short or crashed: its test.log says how)";
		zip_discard(z);
		return NULL;
	}
	doc = json_loadb(text, len, 0, NULL);
	free(text);
	row = json_incref(json_array_get(json_object_get(doc, "results"), 0));
	json_decref(doc);
	if (!row || strcmp(rl_json_str(row, "case"), j->case_name) ||
	    strcmp(rl_json_str(row, "variant"), j->variant) ||
	    strcmp(rl_json_str(row, "detector"), j->detector->name)) {
		*why = "its result is not a row of this run";
		json_decref(row);
		zip_discard(z);
		return NULL;
	}
	/* the run's folder as the test saw it, and where it is in the zip */
	raw = rl_json_str(row, "raw_dir");
	at = strstr(raw, "/test.outputs/");
	snprintf(prefix, sizeof prefix, "%s", at ? at + 14 : "");
	if (!*prefix || !safe_name(prefix) || unpack(z, prefix, dest) != 0) {
		*why = "its raw output could not be unpacked";
		json_decref(row);
		zip_discard(z);
		return NULL;
	}
	zip_discard(z);
	raw = strdupa(raw);
	move_paths(row, raw, dest);
	return row;
}

/* One job's row from its test's parts. */
static json_t *job_row(const char *testlogs, const char *out,
		       const struct rl_job *j)
{
	char test[512], base[4096], dest[4200], why[1024], next[1024];
	const char *said = NULL;
	glob_t g;
	size_t n;
	json_t *rows, *row, *part, *findings;
	double took = 0;
	size_t i;

	if (rl_test_of_job(j, test, sizeof test) != 0)
		return rl_job_error_row(j, "it has no Bazel test of that name", "");
	snprintf(next, sizeof next,
		 "Run `bazel test //%.*s:%s` and read its test.log, or the report without --from-tests.",
		 (int)(strchr(test, '/') - test), test, strchr(test, '/') + 1);
	n = test_parts(testlogs, test, &g);
	if (!n) {
		snprintf(why, sizeof why,
			 "its Bazel test left no result in %s/%s: it did not run",
			 testlogs, test);
		return rl_job_error_row(j, why, next);
	}
	snprintf(base, sizeof base, "%s/%s/%s/%s/run-%d", out, j->case_name,
		 j->variant, j->detector->name, j->run);
	rl_remove_tree(base);
	rows = json_array();
	for (i = 0; i < n && !said; i++) {
		if (n == 1)
			snprintf(dest, sizeof dest, "%s", base);
		else
			snprintf(dest, sizeof dest, "%s/part-%zu", base, i + 1);
		part = read_part(g.gl_pathv[i], j, dest, &said);
		if (part) {
			json_array_append_new(rows, part);
			said = NULL;
		} else
			snprintf(why, sizeof why, "its Bazel test (%s%s): %s",
				 test, n > 1 ? ", one of its shards" : "", said);
	}
	globfree(&g);
	if (said) {
		json_decref(rows);
		return rl_job_error_row(j, why, next);
	}
	/* the shards of a search: the first that does not pass speaks */
	row = json_array_get(rows, 0);
	json_array_foreach(rows, i, part)
		if (!json_is_true(json_object_get(part, "passed"))) {
			row = part;
			break;
		}
	row = json_deep_copy(row);
	if (n > 1) {
		findings = json_array();
		json_array_foreach(rows, i, part) {
			json_array_extend(findings, json_object_get(part, "findings"));
			took += json_number_value(json_object_get(part, "duration_s"));
		}
		json_object_set_new(row, "findings", findings);
		json_object_set_new(row, "duration_s", json_real(took));
		json_object_set_new(row, "raw_dir", json_string(base));
	}
	json_decref(rows);
	return row;
}

int rl_results_from_tests(const char *testlogs, const char *out,
			  const struct rl_job *jobs, size_t n, json_t *results)
{
	int failures = 0;

	for (size_t i = 0; i < n; i++) {
		json_t *row = job_row(testlogs, out, &jobs[i]);

		failures += !json_is_true(json_object_get(row, "passed"));
		json_array_append_new(results, row);
	}
	return failures;
}
