/* report_test.c - every result reaches results.json and the JUnit file,
 * whatever bytes a program or a tool put into its strings; a result that
 * cannot be written is an error the caller sees.
 *
 * Strings that are not UTF-8 used to make json_pack fail: rl_result_json
 * returned NULL, the row was dropped from "results" without a word, and
 * racelab exited 0.
 */
#define _GNU_SOURCE
#include <jansson.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "detector.h"
#include "output.h"
#include "outputs/html.h"
#include "outputs/json.h"
#include "outputs/junit.h"
#include "outputs/outputs.h"
#include "outputs/sarif.h"
#include "report.h"
#include "results/doc.h"
#include "results/text.h"
#include "runner.h"
#include "testutil.h"
#include "util.h"

#define FFFD "\xef\xbf\xbd"

static char dir[512];

static void make_dir(void)
{
	const char *tmp = getenv("TEST_TMPDIR");

	snprintf(dir, sizeof dir, "%s/report_test.XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(2);
	}
}

static void check_clean(const char *in, int for_xml, const char *want)
{
	char *got = rl_text_clean(in, for_xml);

	CHECK_STR(got, want);
	free(got);
}

static void test_text_clean(void)
{
	check_clean("plain ASCII", 0, "plain ASCII");
	check_clean("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\x88", 0,
		    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\x88");	/* é € 🐈 */
	check_clean("a\xff" "b", 0, "a" FFFD "b");
	check_clean("\xfe\xff", 0, FFFD FFFD);
	check_clean("lone \x80 continuation", 0, "lone " FFFD " continuation");
	check_clean("overlong \xc0\xaf", 0, "overlong " FFFD FFFD);
	check_clean("overlong \xe0\x80\xaf", 0, "overlong " FFFD FFFD FFFD);
	check_clean("surrogate \xed\xa0\x80", 0, "surrogate " FFFD FFFD FFFD);
	check_clean("beyond \xf4\x90\x80\x80", 0, "beyond " FFFD FFFD FFFD FFFD);
	check_clean("cut short \xe2\x82", 0, "cut short " FFFD FFFD);
	check_clean("\xe2\x82" "x", 0, FFFD FFFD "x");
	/* JSON holds control characters (escaped); XML 1.0 cannot */
	check_clean("tab\tbell\x07", 0, "tab\tbell\x07");
	check_clean("tab\tbell\x07\r\n", 1, "tab\tbell" FFFD "\r\n");
	check_clean("\xef\xbf\xbe", 1, FFFD);	/* U+FFFE */
	CHECK(rl_text_clean(NULL, 0) == NULL);
}

/* A result whose every string a program could have written is not UTF-8. */
static void hostile_result(struct rl_result *r)
{
	struct rl_finding *f;
	struct rl_stack *st;

	memset(r, 0, sizeof *r);
	snprintf(r->case_name, sizeof r->case_name, "case\xff");
	snprintf(r->variant, sizeof r->variant, "broken");
	r->detector = rl_detector_find("native");
	r->run = 1;
	snprintf(r->suffix, sizeof r->suffix, "cases/case\xff.c");
	snprintf(r->files.dir, sizeof r->files.dir, "%s/raw\xc0", dir);
	r->judgement.verdict = RL_DETECTED;
	snprintf(r->judgement.why, sizeof r->judgement.why,
		 "native reported lost-update: the count is \xff\xfe");
	f = rl_findings_add(&r->symptoms, "program", "lost-update\xed\xa0\x80",
			    RL_CAT_LOST_UPDATE);
	f->headline = rl_xstrdup("the count is \xff\xfe");
	f = rl_findings_add(&r->watchdog.findings, "watchdog", "deadlock",
			    RL_CAT_DEADLOCK);
	f->headline = rl_xstrdup("deadlock: thread 7 (\xff\xfe name)");
	st = rl_finding_add_stack(f, "thread 7 (\xff\xfe name) waits", 7);
	rl_stack_add_frame(st, "fn\xc3", "cases/case\xff.c", 12);
	f = rl_findings_add(&r->findings, "tsan", "data race", RL_CAT_DATA_RACE);
	f->headline = rl_xstrdup("data race in \xf8\x88\x80\x80\x80");
}

static void test_result_json(void)
{
	struct rl_result r;
	json_t *j, *results, *doc, *row;
	json_error_t err;
	char path[700];

	hostile_result(&r);
	j = rl_result_json(&r);
	CHECK(j != NULL);
	CHECK_STR(json_string_value(json_object_get(j, "case")), "case" FFFD);
	CHECK_STR(json_string_value(json_object_get(j, "verdict")), "detected");
	CHECK_STR(json_string_value(json_object_get(j, "why")),
		  "native reported lost-update: the count is " FFFD FFFD);
	CHECK(json_object_get(j, "encoding_failed") == NULL);

	results = json_array();
	CHECK_INT(json_array_append_new(results, j), 0);
	snprintf(path, sizeof path, "%s/results.json", dir);
	CHECK_INT(rl_write_results(path, results), 0);
	json_decref(results);

	/* read back: the one row, every string replaced where it was bad */
	doc = json_load_file(path, 0, &err);
	CHECK(doc != NULL);
	if (!doc) {
		fprintf(stderr, "  %s: %s\n", path, err.text);
		rl_findings_free(&r.symptoms);
		rl_findings_free(&r.findings);
		rl_findings_free(&r.watchdog.findings);
		return;
	}
	CHECK_INT(json_array_size(json_object_get(doc, "results")), 1);
	row = json_array_get(json_object_get(doc, "results"), 0);
	CHECK_STR(json_string_value(json_object_get(
			  json_array_get(json_object_get(json_object_get(row, "symptom"),
							 "findings"), 0),
			  "headline")),
		  "the count is " FFFD FFFD);
	CHECK_STR(json_string_value(json_object_get(
			  json_array_get(json_object_get(json_object_get(row, "liveness"),
							 "findings"), 0),
			  "headline")),
		  "deadlock: thread 7 (" FFFD FFFD " name)");
	CHECK_STR(json_string_value(json_object_get(
			  json_array_get(json_object_get(row, "findings"), 0),
			  "headline")),
		  "data race in " FFFD FFFD FFFD FFFD FFFD);
	json_decref(doc);
	{	/* on disk: the replacement's bytes, none of the bad ones */
		size_t len;
		char *raw = rl_test_slurp(path, &len);

		CHECK(strstr(raw, "\"case\": \"case" FFFD "\"") != NULL);
		CHECK(strchr(raw, '\xff') == NULL && strchr(raw, '\xc0') == NULL);
		free(raw);
	}

	/* and the JUnit file is XML a parser takes */
	snprintf(path, sizeof path, "%s/junit.xml", dir);
	r.judgement.verdict = RL_MISSED;
	snprintf(r.judgement.next, sizeof r.judgement.next, "bell\x07 \xff");
	CHECK_INT(rl_write_junit(path, &r), 0);
	{
		xmlDocPtr x = xmlReadFile(path, NULL, XML_PARSE_NONET);
		CHECK(x != NULL);
		xmlFreeDoc(x);
	}
	rl_findings_free(&r.symptoms);
	rl_findings_free(&r.findings);
	rl_findings_free(&r.watchdog.findings);
}

/* What cannot be written is an error, not an empty results file. */
static void test_write_failures(void)
{
	json_t *results = json_array(), *row = json_object();
	char path[700];

	/* a string the encoder refuses (made without the UTF-8 check) */
	json_object_set_new(row, "why", json_string_nocheck("bad \xff"));
	json_array_append_new(results, row);
	snprintf(path, sizeof path, "%s/refused.json", dir);
	CHECK(rl_write_results(path, results) != 0);
	json_decref(results);

	/* a file that cannot be written */
	results = json_array();
	json_array_append_new(results, json_pack("{s:s}", "case", "x"));
	snprintf(path, sizeof path, "%s/no/such/folder/results.json", dir);
	CHECK(rl_write_results(path, results) != 0);
	snprintf(path, sizeof path, "%s/a-folder", dir);
	mkdir(path, 0755);
	CHECK(rl_write_results(path, results) != 0);
	CHECK(rl_write_results("/dev/full", results) != 0);

	/* a row rl_result_json could not encode: written, and said */
	json_array_append_new(results,
			      json_pack("{s:s, s:b}", "case", "y",
					"encoding_failed", 1));
	snprintf(path, sizeof path, "%s/partial.json", dir);
	CHECK(rl_write_results(path, results) != 0);
	CHECK(access(path, R_OK) == 0);
	CHECK(rl_write_results(path, NULL) != 0);
	json_decref(results);
}

/* The SARIF and the page are results too: one that cannot be written
 * is an error the caller sees, with a sentence. */
static void test_output_failures(void)
{
	json_t *results = json_array(), *doc;
	char path[700], page[800], err[600];

	json_array_append_new(results,
			      json_pack("{s:s, s:s, s:s, s:s, s:s, s:[]}", "case",
					"x", "variant", "broken", "detector",
					"tsan", "verdict", "detected", "source",
					"cases/x.c", "findings"));
	doc = rl_results_doc(results);
	CHECK(doc != NULL);
	err[0] = '\0';
	CHECK(rl_write_sarif(doc, NULL, "/dev/full", err, sizeof err) != 0);
	CHECK(strstr(err, "/dev/full") != NULL);
	err[0] = '\0';
	CHECK(rl_write_html(doc, dir, "/dev/full", err, sizeof err) != 0);
	CHECK(strstr(err, "/dev/full") != NULL);
	snprintf(path, sizeof path, "%s/no/such/folder/index.html", dir);
	CHECK(rl_write_html(doc, dir, path, err, sizeof err) != 0);

	/* all three side by side; the page's name taken by a folder */
	snprintf(path, sizeof path, "%s/out", dir);
	mkdir(path, 0755);
	snprintf(page, sizeof page, "%s/index.html", path);
	mkdir(page, 0755);
	CHECK(rl_save_results(path, "results", results, dir, NULL, stdout) != 0);
	snprintf(page, sizeof page, "%s/results.sarif", path);
	CHECK(access(page, R_OK) == 0);
	snprintf(page, sizeof page, "%s/results.json", path);
	CHECK(access(page, R_OK) == 0);
	CHECK_INT(rl_save_results(path, "run", results, dir, NULL, stdout), 0);
	snprintf(page, sizeof page, "%s/run.html", path);
	CHECK(access(page, R_OK) == 0);
	json_decref(doc);
	json_decref(results);
}

/* What results.json states each detector runs is what its prepare()
 * builds: every word of its argv, in order, and its environment; DRD's
 * --check-stack-var=yes was once left out of the words stated by hand. */
static void test_stated_commands(void)
{
	for (int d = 0; rl_detectors[d]; d++) {
		const struct rl_detector *x = rl_detectors[d];
		char *cmd = rl_detector_command(x);
		struct rl_run_files f = { .dir = "RUN", .source = "SOURCE",
					  .cflags = "CFLAGS", .tool_dir = "TOOL" };
		struct rl_spawn s = { 0 };
		const char *at;

		x->prepare(&s, x->build == RL_BUILD_NONE ? "SOURCE" : "PROGRAM", &f);
		if (!strcmp(x->name, "native") || !strcmp(x->name, "watchdog")) {
			CHECK(cmd == NULL);	/* the program as it is */
			rl_spawn_free(&s);
			continue;
		}
		CHECK(cmd != NULL);
		at = cmd ? cmd : "";
		for (int i = 1; s.argv[i]; i++) {
			const char *w = strstr(at, s.argv[i]);

			if (!w)
				fprintf(stderr, "%s: `%s` is run but not stated in: %s\n",
					x->name, s.argv[i], cmd ? cmd : "(none)");
			CHECK(w != NULL);
			if (w)
				at = w + strlen(s.argv[i]);
		}
		for (int i = 0; s.env[i]; i++) {
			char name[64];

			snprintf(name, sizeof name, "%.*s=", (int)strcspn(s.env[i], "="),
				 s.env[i]);
			CHECK(cmd && strstr(cmd, name) != NULL);
		}
		rl_spawn_free(&s);
		free(cmd);
	}
	{
		char *drd = rl_detector_command(rl_detector_find("drd"));
		char *tsan = rl_detector_command(rl_detector_find("tsan"));

		CHECK(drd && strstr(drd, " --check-stack-var=yes ") != NULL);
		CHECK(drd && !strncmp(drd, "valgrind --tool=drd ", 20));
		/* a value with blanks, quoted as a shell reads it back */
		CHECK(tsan && !strncmp(tsan, "TSAN_OPTIONS='log_path=TOOL/tsan ", 33));
		CHECK(tsan && strstr(tsan, "' UBSAN_OPTIONS= ASAN_OPTIONS= PROGRAM") != NULL);
		free(drd);
		free(tsan);
	}
}

/* A file's text, or "" (issue 19, item 8's checks). */
static const char *text_of(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;

	if (f)
		fclose(f);
	buf[n] = '\0';
	return buf;
}

/* Nothing is written through a link (output.h): a symbolic or a hard
 * link at a result's place is replaced, itself, what it led to keeps
 * its text; a folder racelab did not make is refused, untouched. */
static void test_output_links(void)
{
	json_t *results = json_array();
	char victim[700], path[700], sub[700], err[1400];
	struct stat st;
	FILE *f;

	json_array_append_new(results, json_pack("{s:s}", "case", "x"));
	snprintf(victim, sizeof victim, "%s/victim.txt", dir);
	f = fopen(victim, "w");
	fputs("the user's own", f);
	fclose(f);
	for (int hard = 0; hard < 2; hard++) {
		snprintf(path, sizeof path, "%s/linked-%d.json", dir, hard);
		CHECK_INT(hard ? link(victim, path) : symlink(victim, path), 0);
		CHECK_INT(rl_write_results(path, results), 0);
		CHECK_STR(text_of(victim), "the user's own");
		CHECK(lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		      st.st_nlink == 1);
		CHECK(text_of(path)[0] == '{');
	}
	/* a device is written as it is, never replaced */
	CHECK(rl_write_results("/dev/null", results) == 0);
	CHECK(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode));

	/* a link at a folder racelab makes: removed, a folder made */
	snprintf(sub, sizeof sub, "%s/victim-dir", dir);
	mkdir(sub, 0755);
	snprintf(path, sizeof path, "%s/links", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/links/build", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/links/build/program", dir);
	CHECK_INT(symlink(sub, path), 0);
	snprintf(path, sizeof path, "%s/links/build/program/x", dir);
	CHECK_INT(rl_output_dirs(path, 2), 0);
	snprintf(path, sizeof path, "%s/links/build/program", dir);
	CHECK(lstat(path, &st) == 0 && S_ISDIR(st.st_mode));
	snprintf(path, sizeof path, "%s/x", sub);
	CHECK(access(path, F_OK) != 0);

	/* the output folder: made and marked; a user's refused */
	snprintf(path, sizeof path, "%s/fresh/out", dir);
	CHECK_INT(rl_output_dir(path, err, sizeof err), 0);
	snprintf(path, sizeof path, "%s/fresh/out/" RL_OUTPUT_MARK, dir);
	CHECK(access(path, F_OK) == 0);
	snprintf(path, sizeof path, "%s/fresh/out", dir);
	CHECK_INT(rl_output_dir(path, err, sizeof err), 0);
	CHECK_INT(rl_output_dir(dir, err, sizeof err), -1);
	CHECK(strstr(err, "racelab did not make") != NULL);
	snprintf(path, sizeof path, "%s/" RL_OUTPUT_MARK, dir);
	CHECK(access(path, F_OK) != 0);
	snprintf(path, sizeof path, "%s/racelab-report", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/racelab-report/results.json", dir);
	f = fopen(path, "w");
	fclose(f);
	snprintf(path, sizeof path, "%s/racelab-report", dir);
	CHECK_INT(rl_output_dir(path, err, sizeof err), 0);
	CHECK_INT(rl_output_dir(victim, err, sizeof err), -1);
	CHECK(strstr(err, "is not a folder") != NULL);
	json_decref(results);
}

int main(void)
{
	static const struct rl_test tests[] = {
		RL_TEST(test_stated_commands),
		RL_TEST(test_text_clean),
		RL_TEST(test_result_json),
		RL_TEST(test_write_failures),
		RL_TEST(test_output_failures),
		RL_TEST(test_output_links),
	};

	make_dir();
	return RL_RUN_TESTS(tests);
}
