/* testlogs_test - report --from-tests reads what Bazel's tests left: the
 * row of each test, the shards of a search as one row, its raw output
 * unpacked where the report keeps it with the row's paths moved there,
 * and an `error` row, never a pass, for a test that left nothing, a zip
 * with no result, a result of another run, or names that climb out. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "detector.h"
#include "results/text.h"
#include "testlogs.h"
#include "testutil.h"

static char root[4096], logs[4200], out[4200];

/* Writes testlogs/TEST[/SHARD]/test.outputs/outputs.zip with the given
 * entries (name, text pairs, NULL-ended). */
static void make_zip(const char *test, const char *shard, const char **entries)
{
	char dir[4500], cmd[4700], path[4600];
	zip_t *z;
	int err;

	snprintf(dir, sizeof dir, "%s/%s%s%s/test.outputs", logs, test,
		 shard ? "/" : "", shard ? shard : "");
	snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
	if (system(cmd) != 0)
		exit(2);
	snprintf(path, sizeof path, "%s/outputs.zip", dir);
	z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	if (!z)
		exit(2);
	for (int i = 0; entries[i]; i += 2) {
		zip_source_t *s = zip_source_buffer(z, entries[i + 1],
						    strlen(entries[i + 1]), 0);

		if (!s || zip_file_add(z, entries[i], s, ZIP_FL_ENC_UTF_8) < 0)
			exit(2);
	}
	if (zip_close(z) != 0)
		exit(2);
}

static char *slurp_or_null(const char *path)
{
	FILE *f = fopen(path, "r");
	static char buf[256];
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

static int exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static struct rl_job jobs[7];
static json_t *results;
static int failures;

/* the tests' names, as case.bzl makes them */
static void test_names(void)
{
	char test[512];

	CHECK_INT(rl_test_of_job(&jobs[0], test, sizeof test), 0);
	CHECK_STR(test, "cases/alpha_tsan_gcc_test");
	CHECK_INT(rl_test_of_job(&jobs[1], test, sizeof test), 0);
	CHECK_STR(test, "fixed/alpha_atomic_explore_test");
	CHECK_INT(rl_test_of_job(&jobs[1], test, 10), -1);
}

/* every job a row, and each failure counted */
static void test_rows(void)
{
	CHECK_INT(json_array_size(results), 7);
	CHECK_INT(failures, 5);
}

/* one test, one row: its raw output where the report keeps it */
static void test_one_row(void)
{
	char path[8192];
	json_t *row;

	row = json_array_get(results, 0);
	CHECK(json_is_true(json_object_get(row, "passed")));
	CHECK_STR(rl_json_str(row, "verdict"), "detected");
	snprintf(path, sizeof path, "%s/alpha/broken/tsan-gcc/run-1", out);
	CHECK_STR(rl_json_str(row, "raw_dir"), path);
	snprintf(path, sizeof path, "%s/alpha/broken/tsan-gcc/run-1/tsan.7", out);
	CHECK_STR(rl_json_str(json_array_get(json_object_get(row, "findings"), 0), "log"), path);
	CHECK_STR(slurp_or_null(path), "WARNING: ThreadSanitizer");
	snprintf(path, sizeof path, "%s/alpha/broken/tsan-gcc/run-1/tool", out);
	CHECK(exists(path));
	snprintf(path, sizeof path, "%s/alpha/broken/other/run-1/stray", out);
	CHECK(!exists(path));
	snprintf(path, sizeof path, "%s/result.html", out);
	CHECK(!exists(path));
}

/* the shards of a search: the one that failed speaks, with every part's
 * findings and the time of both */
static void test_shards(void)
{
	char path[8192];
	json_t *row;

	row = json_array_get(results, 1);
	CHECK(!json_is_true(json_object_get(row, "passed")));
	CHECK_STR(rl_json_str(row, "verdict"), "false-positive");
	CHECK_INT(json_array_size(json_object_get(row, "findings")), 1);
	CHECK(json_number_value(json_object_get(row, "duration_s")) == 5.0);
	snprintf(path, sizeof path, "%s/alpha/fixed.atomic/explore/run-1", out);
	CHECK_STR(rl_json_str(row, "raw_dir"), path);
	snprintf(path, sizeof path, "%s/alpha/fixed.atomic/explore/run-1/part-2/bug-1.schedule", out);
	CHECK_STR(rl_json_str(json_array_get(json_object_get(row, "findings"), 0), "schedule_file"), path);
	CHECK_STR(slurp_or_null(path), "choices");
	snprintf(path, sizeof path, "%s/alpha/fixed.atomic/explore/run-1/part-1/explore.json", out);
	CHECK_STR(slurp_or_null(path), "{\"part\": 1}");
}

/* nothing left, no result, another run's result, a name that climbs
 * out: an error, said, never a pass */
static void test_errors(void)
{
	char path[8192];
	json_t *row;

	row = json_array_get(results, 2);
	CHECK_STR(rl_json_str(row, "verdict"), "error");
	CHECK(strstr(rl_json_str(row, "why"), "did not run") != NULL);
	CHECK(strstr(rl_json_str(row, "next"), "bazel test //fixed:alpha_native_test") != NULL);
	row = json_array_get(results, 3);
	CHECK_STR(rl_json_str(row, "verdict"), "error");
	CHECK(strstr(rl_json_str(row, "why"), "without a result") != NULL);
	row = json_array_get(results, 4);
	CHECK_STR(rl_json_str(row, "verdict"), "error");
	CHECK(strstr(rl_json_str(row, "why"), "not a row of this run") != NULL);
	row = json_array_get(results, 5);
	CHECK_STR(rl_json_str(row, "verdict"), "error");
	CHECK(strstr(rl_json_str(row, "why"), "could not be unpacked") != NULL);
	snprintf(path, sizeof path, "%s/escaped", out);
	CHECK(!exists(path));
	snprintf(path, sizeof path, "%s/escaped", root);
	CHECK(!exists(path));
}

/* every shard clean: clean, the time of both */
static void test_all_shards_clean(void)
{
	json_t *row;

	row = json_array_get(results, 6);
	CHECK(json_is_true(json_object_get(row, "passed")));
	CHECK_STR(rl_json_str(row, "verdict"), "clean");
	CHECK(json_number_value(json_object_get(row, "duration_s")) == 3.0);
}

int main(void)
{
	static const struct rl_test tests[] = {
		RL_TEST(test_names),
		RL_TEST(test_rows),
		RL_TEST(test_one_row),
		RL_TEST(test_shards),
		RL_TEST(test_errors),
		RL_TEST(test_all_shards_clean),
	};
	const char *tmp = getenv("TEST_TMPDIR");
	const struct rl_detector *gcc = rl_detector_find("tsan-gcc"),
				 *explore = rl_detector_find("explore"),
				 *native = rl_detector_find("native");
	const struct rl_job all[] = {
		{ "alpha", "broken", gcc, 1 },
		{ "alpha", "fixed.atomic", explore, 1 },
		{ "alpha", "fixed", native, 1 },	/* no test left anything */
		{ "beta", "broken", native, 1 },	/* a zip without a result */
		{ "gamma", "broken", native, 1 },	/* the row of another run */
		{ "delta", "broken", native, 1 },	/* a name that climbs out */
		{ "alpha", "fixed", explore, 1 },	/* shards that all pass */
	};
	int rc;

	memcpy(jobs, all, sizeof jobs);
	snprintf(root, sizeof root, "%s/testlogs_test.XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(root))
		return 2;
	snprintf(logs, sizeof logs, "%s/logs", root);
	snprintf(out, sizeof out, "%s/out", root);
	/* what Bazel's tests left: one zip of undeclared outputs a test
	 * (a shard), and the report read from them */
	make_zip("cases/alpha_tsan_gcc_test", NULL, (const char *[]){
		"result.json",
		"{\"results\": [{\"case\": \"alpha\", \"variant\": \"broken\","
		" \"detector\": \"tsan-gcc\", \"run\": 1, \"passed\": true,"
		" \"verdict\": \"detected\", \"duration_s\": 1.5,"
		" \"raw_dir\": \"/sandbox/9/testlogs/cases/alpha_tsan_gcc_test/test.outputs/alpha/broken/tsan-gcc/run-1\","
		" \"findings\": [{\"kind\": \"data-race\", \"log\": \"/sandbox/9/testlogs/cases/alpha_tsan_gcc_test/test.outputs/alpha/broken/tsan-gcc/run-1/tsan.7\"}]}]}",
		"result.html", "<html></html>",
		"alpha/broken/tsan-gcc/run-1/tsan.7", "WARNING: ThreadSanitizer",
		"alpha/broken/tsan-gcc/run-1/tool/", "",
		"alpha/broken/other/run-1/stray", "not this run's",
		NULL });
	/* a search split in two: the second part found a bug in a fix */
	make_zip("fixed/alpha_atomic_explore_test", "shard_1_of_2", (const char *[]){
		"result.json",
		"{\"results\": [{\"case\": \"alpha\", \"variant\": \"fixed.atomic\","
		" \"detector\": \"explore\", \"run\": 1, \"passed\": true,"
		" \"verdict\": \"clean\", \"duration_s\": 2, \"findings\": [],"
		" \"raw_dir\": \"/s/1/test.outputs/alpha/fixed.atomic/explore/run-1\"}]}",
		"alpha/fixed.atomic/explore/run-1/explore.json", "{\"part\": 1}",
		NULL });
	make_zip("fixed/alpha_atomic_explore_test", "shard_2_of_2", (const char *[]){
		"result.json",
		"{\"results\": [{\"case\": \"alpha\", \"variant\": \"fixed.atomic\","
		" \"detector\": \"explore\", \"run\": 1, \"passed\": false,"
		" \"verdict\": \"false-positive\", \"duration_s\": 3,"
		" \"raw_dir\": \"/s/2/test.outputs/alpha/fixed.atomic/explore/run-1\","
		" \"findings\": [{\"kind\": \"assertion\", \"schedule_file\": \"/s/2/test.outputs/alpha/fixed.atomic/explore/run-1/bug-1.schedule\"}]}]}",
		"alpha/fixed.atomic/explore/run-1/explore.json", "{\"part\": 2}",
		"alpha/fixed.atomic/explore/run-1/bug-1.schedule", "choices",
		NULL });
	make_zip("cases/beta_native_test", NULL, (const char *[]){
		"beta/broken/native/run-1/stdout", "cut short", NULL });
	make_zip("cases/gamma_native_test", NULL, (const char *[]){
		"result.json",
		"{\"results\": [{\"case\": \"alpha\", \"variant\": \"broken\","
		" \"detector\": \"native\", \"passed\": true, \"verdict\": \"detected\","
		" \"raw_dir\": \"/s/test.outputs/alpha/broken/native/run-1\"}]}",
		NULL });
	make_zip("cases/delta_native_test", NULL, (const char *[]){
		"result.json",
		"{\"results\": [{\"case\": \"delta\", \"variant\": \"broken\","
		" \"detector\": \"native\", \"passed\": true, \"verdict\": \"detected\","
		" \"raw_dir\": \"/s/test.outputs/delta/broken/native/run-1\"}]}",
		"delta/broken/native/run-1/../../../../../escaped", "out of reach",
		NULL });
	for (int k = 1; k <= 2; k++) {
		char shard[32], doc[512];

		snprintf(shard, sizeof shard, "shard_%d_of_2", k);
		snprintf(doc, sizeof doc,
			 "{\"results\": [{\"case\": \"alpha\", \"variant\": \"fixed\","
			 " \"detector\": \"explore\", \"run\": 1, \"passed\": true,"
			 " \"verdict\": \"clean\", \"duration_s\": %d, \"findings\": [],"
			 " \"raw_dir\": \"/s/%d/test.outputs/alpha/fixed/explore/run-1\"}]}",
			 k, k);
		make_zip("fixed/alpha_explore_test", shard, (const char *[]){
			"result.json", doc, NULL });
	}

	results = json_array();
	failures = rl_results_from_tests(logs, out, jobs,
					 sizeof jobs / sizeof *jobs, results);
	rc = RL_RUN_TESTS(tests);
	json_decref(results);
	return rc;
}
