/* report.c - see report.h. */
#define _GNU_SOURCE
#include "report.h"
#include "words.h"
#include "rate.h"

#include <fcntl.h>
#include <libxml/xmlwriter.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "detector.h"
#include "html.h"
#include "sarif.h"
#include "output.h"
#include "session.h"
#include "util.h"


/* The length of the well-formed UTF-8 sequence at s (1 to 4), or 0 when s
 * does not begin one (a stray continuation byte, an overlong form, a
 * surrogate, beyond U+10FFFF, cut short); its code point in *cp. */
static size_t utf8_sequence(const unsigned char *s, unsigned long *cp)
{
	size_t n;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	n = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	*cp = s[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)	/* the NUL at the end too */
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && *cp < 0x800) || (n == 4 && *cp < 0x10000) ||
	    *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return n;
}

char *rl_text_clean(const char *s, int for_xml)
{
	static const char replacement[] = "\xef\xbf\xbd";	/* U+FFFD */
	const unsigned char *p = (const unsigned char *)s;
	char *out, *o;

	if (!s)
		return NULL;
	o = out = rl_xcalloc(3 * strlen(s) + 1, 1);
	while (*p) {
		unsigned long cp;
		size_t n = utf8_sequence(p, &cp);

		if (n && for_xml &&
		    ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
		     cp == 0xfffe || cp == 0xffff)) {
			/* well-formed, but not a character XML holds */
			memcpy(o, replacement, 3);
			o += 3;
			p += n;
		} else if (n) {
			memcpy(o, p, n);
			o += n;
			p += n;
		} else {	/* one byte that begins no sequence */
			memcpy(o, replacement, 3);
			o += 3;
			p++;
		}
	}
	*o = '\0';
	return out;
}

json_t *rl_json_text(const char *s)
{
	char *clean = rl_text_clean(s, 0);
	json_t *j = clean ? json_string(clean) : json_null();

	free(clean);
	return j ? j : json_null();
}

const char *rl_json_str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static json_t *frame_json(const struct rl_frame *fr)
{
	if (!fr)
		return json_null();
	return json_pack("{s:o, s:o, s:i}", "function",
			 rl_json_text(fr->function), "file",
			 rl_json_text(fr->file), "line", fr->line);
}

static json_t *stack_json(const struct rl_stack *s)
{
	json_t *frames = json_array();

	for (size_t i = 0; i < s->nframes; i++)
		json_array_append_new(frames, frame_json(&s->frames[i]));
	return json_pack("{s:o, s:i, s:s, s:o, s:i, s:o}", "label",
			 rl_json_text(s->label), "thread", s->thread, "role",
			 rl_role_name(s->role), "access",
			 s->access ? json_string(s->access == 'w' ? "write" : "read") :
				     json_null(),
			 "size", s->size, "frames", frames);
}

static json_t *finding_fields(const struct rl_finding *f, const char *suffix)
{
	const struct rl_frame *p = rl_finding_where(f, suffix, 0);
	const struct rl_frame *q = rl_finding_where(f, suffix, 1);
	json_t *stacks = json_array(), *threads = json_array();

	for (size_t i = 0; i < f->nstacks; i++) {
		json_array_append_new(stacks, stack_json(&f->stacks[i]));
		if (f->stacks[i].thread >= 0)
			json_array_append_new(threads,
					      json_integer(f->stacks[i].thread));
	}
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:i, s:o, s:i, s:o, s:i, s:o}",
			 "tool", rl_json_text(f->tool), "kind",
			 rl_json_text(f->kind), "category",
			 rl_json_text(rl_category_name(f->category)), "headline",
			 rl_json_text(f->headline), "file",
			 rl_json_text(p ? suffix : NULL), "line", p ? p->line : 0,
			 "secondary_file", rl_json_text(q ? suffix : NULL),
			 "secondary_line", q ? q->line : 0, "threads", threads,
			 "count", f->count, "stacks", stacks);
}

/* with what the tool said was raced on */
static json_t *finding_json(const struct rl_finding *f, const char *suffix)
{
	json_t *j = finding_fields(f, suffix);

	if (j)
		json_object_set_new(j, "variable", rl_json_text(f->variable));
	if (j && f->story)
		json_object_set_new(j, "story", rl_json_text(f->story));
	if (j && f->schedule_file)
		json_object_set_new(j, "schedule_file",
				    rl_json_text(f->schedule_file));
	return j;
}

static json_t *findings_json(const struct rl_findings *fs, const char *suffix)
{
	json_t *a = json_array();

	for (size_t i = 0; i < fs->n; i++)
		json_array_append_new(a, finding_json(&fs->v[i], suffix));
	return a;
}

static const struct rl_expect *expectation(const struct rl_result *r)
{
	return r->contract_loaded ?
		       rl_contract_expect(&r->contract, r->detector->name,
					  strcmp(r->variant, "broken") != 0) :
		       NULL;
}

static json_t *expected_json(const struct rl_result *r)
{
	const struct rl_expect *x = expectation(r);

	return x ? rl_json_text(x->text) : json_null();
}

/* The row of a result that could not be encoded (which valid strings
 * leave to running out of memory): what is known, as an error. */
static json_t *unencodable_json(const struct rl_result *r)
{
	json_t *result = json_object();

	if (!result)
		return json_null();
	json_object_set_new(result, "case", rl_json_text(r->case_name));
	json_object_set_new(result, "variant", rl_json_text(r->variant));
	json_object_set_new(result, "detector",
			    rl_json_text(r->detector->name));
	json_object_set_new(result, "run", json_integer(r->run));
	json_object_set_new(result, "source", rl_json_text(r->suffix));
	json_object_set_new(result, "verdict",
			    json_string(rl_verdict_name(RL_ERROR)));
	json_object_set_new(result, "passed", json_false());
	json_object_set_new(result, "why",
			    json_string("racelab could not encode this result in JSON"));
	json_object_set_new(result, "encoding_failed", json_true());
	return result;
}

json_t *rl_result_json(const struct rl_result *r)
{
	const struct rl_outcome *o = &r->outcome;
	json_t *symptom = json_pack(
		"{s:b, s:o}", "shown", r->symptoms.n > 0, "findings",
		findings_json(&r->symptoms, r->suffix));
	json_t *liveness = json_pack(
		"{s:b, s:f, s:f, s:o}", "stopped_run", r->oracle.stopped,
		"onset_s", r->oracle.onset_s, "decided_s", r->oracle.decided_s,
		"findings", findings_json(&r->oracle.findings, r->suffix));
	json_t *result;

	result = json_pack(
		"{s:o, s:o, s:o, s:i, s:o, s:o, s:o, s:o, s:b, s:o, s:o, "
		"s:o, s:o, s:{s:o, s:i, s:i, s:b, s:b}, s:f, s:i, s:{s:b, s:i, s:i}, "
		"s:o}",
		"case", rl_json_text(r->case_name), "variant",
		rl_json_text(r->variant), "detector",
		rl_json_text(r->detector->name), "run", r->run, "source",
		rl_json_text(r->suffix), "class",
		rl_json_text(r->contract_loaded ? r->contract.cls : NULL),
		"expected", expected_json(r), "verdict",
		rl_json_text(rl_verdict_name(r->judgement.verdict)), "passed",
		rl_verdict_passes(r->judgement.verdict), "why",
		rl_json_text(r->judgement.why), "next",
		rl_json_text(r->judgement.next), "symptom", symptom,
		"findings", findings_json(&r->findings, r->suffix), "exit",
		"how", rl_json_text(rl_how_name(o->how)), "code",
		o->exit_code, "signal", o->signal, "output_capped",
		o->output_capped, "memory_capped", o->memory_capped, "duration_s", o->duration_s, "max_rss_kb",
		(int)o->max_rss_kb, "tool_output", "complete",
		r->info.complete, "tool_error_count", r->info.tool_error_count,
		"after_stop", (int)r->after_stop,
		"raw_dir", rl_json_text(r->files.dir));
	if (!result)
		return unencodable_json(r);
	if (r->nmore) {
		json_t *more = json_array();

		for (size_t i = 0; i < r->nmore; i++)
			json_array_append_new(more, rl_json_text(r->more_sources[i]));
		json_object_set_new(result, "more_sources", more);
	}
	json_object_set_new(result, "liveness", liveness);
	json_object_set_new(result, "by_chance",
			    json_boolean(expectation(r) &&
					 expectation(r)->kind == RL_EXPECT_CHANCE));
	return result;
}

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
static json_t *tool_versions(void)
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

static const char *build_name(enum rl_build b)
{
	return b == RL_BUILD_TSAN ? "tsan" :
	       b == RL_BUILD_TSAN_GCC ? "tsan-gcc" :
	       b == RL_BUILD_EXPLORE ? "explore" :
	       b == RL_BUILD_NONE ? "none" : "plain";
}

static const char *judged_on_name(enum rl_judged_on j)
{
	return j == RL_ON_SYMPTOM ? "symptom" :
	       j == RL_ON_LIVENESS ? "liveness" : "tool";
}

/* What each detector is, how it ran, and which version of its tool. */
static json_t *detectors_json(json_t *tools)
{
	json_t *all = json_object();

	for (int d = 0; rl_detectors[d]; d++) {
		const struct rl_detector *x = rl_detectors[d];
		json_t *version = x->version_of ?
			json_object_get(tools, x->version_of) : NULL;
		char *command = rl_detector_command(x);
		json_t *options = rl_json_text(command);

		free(command);
		json_object_set_new(
			all, x->name,
			json_pack("{s:o, s:o, s:s, s:s, s:O, s:o}", "about",
				  rl_json_text(x->about), "options",
				  options, "build",
				  build_name(x->build), "judged_on",
				  judged_on_name(x->judged_on), "version",
				  version ? version : json_null(),
				  "information_uri", rl_json_text(x->info_uri)));
	}
	return all;
}

json_t *rl_results_doc(json_t *results)
{
	json_t *tools = tool_versions(), *row, *doc;
	size_t i;
	int several = 0;

	doc = json_pack("{s:s, s:o, s:o, s:O}", "schema", RL_RESULTS_SCHEMA, "detectors",
			detectors_json(tools), "tools", tools, "results",
			results);
	json_array_foreach(results, i, row)
		several |= json_integer_value(json_object_get(row, "run")) > 1;
	/* with --runs N: each cell's rate, its Wilson interval, first run */
	if (doc && several)
		json_object_set_new(doc, "rates", rl_rates_json(results));
	return doc;
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

int rl_write_doc(const char *path, const json_t *doc)
{
	json_t *results = json_object_get(doc, "results"), *row;
	char *text;
	size_t i;
	int rc = 0;

	if (!json_is_array(results))
		return -1;
	json_array_foreach(results, i, row)
		if (!json_is_object(row) ||
		    json_is_true(json_object_get(row, "encoding_failed")))
			rc = -1;	/* written all the same, and said */
	/* encoded whole before the file is touched: a string the encoder
	 * refuses fails here, not halfway through the file */
	text = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS);
	if (!text)
		return -1;
	if (rl_write_text(path, text, strlen(text)) != 0)
		rc = -1;
	free(text);
	return rc;
}

int rl_write_results(const char *path, json_t *results)
{
	json_t *doc;
	int rc;

	if (!json_is_array(results))
		return -1;
	if (!(doc = rl_results_doc(results)))
		return -1;
	rc = rl_write_doc(path, doc);
	json_decref(doc);
	return rc;
}

char *rl_uri_escape(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = rl_xcalloc(3 * strlen(path) + 1, 1), *o = out;

	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	return out;
}

int rl_path_is(const char *file, const char *source)
{
	size_t fl, sl;

	if (!file || !source || !*source)
		return 0;
	fl = strlen(file), sl = strlen(source);
	return fl >= sl && strcmp(file + fl - sl, source) == 0 &&
	       (fl == sl || file[fl - sl - 1] == '/');
}

const json_t *rl_program_frame(const json_t *stack, const char *source)
{
	const json_t *frames = json_object_get(stack, "frames"), *fr;
	size_t i;

	json_array_foreach(frames, i, fr)
		if (rl_path_is(json_string_value(json_object_get(fr, "file")),
			       source))
			return fr;
	return NULL;
}

int rl_stack_points(const json_t *stack)
{
	const char *role = json_string_value(json_object_get(stack, "role"));
	const char *label = json_string_value(json_object_get(stack, "label"));

	if (role)
		return strcmp(role, "thread") && strcmp(role, "alloc");
	return !label || !strstr(label, "created");	/* an older file */
}

const json_t *rl_judged_findings(const json_t *doc, const json_t *row)
{
	const json_t *about = json_object_get(
		json_object_get(doc, "detectors"),
		json_string_value(json_object_get(row, "detector")));
	const char *on = json_string_value(json_object_get(about, "judged_on"));

	if (on && strcmp(on, "symptom") == 0)
		return json_object_get(json_object_get(row, "symptom"),
				       "findings");
	if (on && strcmp(on, "liveness") == 0)
		return json_object_get(json_object_get(row, "liveness"),
				       "findings");
	return json_object_get(row, "findings");
}

void rl_forget_results(const char *dir, const char *name)
{
	static const char *const forms[] = { "json", "sarif", "html" };
	char path[1200];

	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s.%s", dir,
			 i == 2 && !strcmp(name, "results") ? "index" : name,
			 forms[i]);
		unlink(path);
	}
}

int rl_save_results(const char *dir, const char *name, json_t *results,
		    const char *root, const char *srcroot, FILE *out)
{
	char path[1200], sarif[1200], page[1200], err[600];
	json_t *doc = rl_results_doc(results);
	int rc = 0;

	snprintf(path, sizeof path, "%s/%s.json", dir, name);
	snprintf(sarif, sizeof sarif, "%s/%s.sarif", dir, name);
	snprintf(page, sizeof page, "%s/%s.html", dir,
		 strcmp(name, "results") ? name : "index");
	if (!doc || rl_write_doc(path, doc) != 0) {
		fprintf(stderr, "racelab: cannot write %s\n", path);
		json_decref(doc);
		return -1;
	}
	fprintf(out, "results: %s\n", path);
	if (rl_write_sarif(doc, srcroot, sarif, err, sizeof err) != 0) {
		fprintf(stderr, "racelab: %s\n", err);
		rc = -1;
	} else {
		fprintf(out, "sarif:   %s\n", sarif);
	}
	if (rl_write_html(doc, root, page, err, sizeof err) != 0) {
		fprintf(stderr, "racelab: %s\n", err);
		rc = -1;
	} else {
		fprintf(out, "page:    %s\n", page);
	}
	json_decref(doc);
	return rc;
}

/* One attribute or text of the JUnit file, made valid XML first. */
static int xml_attribute(xmlTextWriterPtr w, const char *name,
			 const char *value)
{
	char *clean = rl_text_clean(value ? value : "", 1);
	int rc = xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST clean);

	free(clean);
	return rc;
}

static int xml_text(xmlTextWriterPtr w, const char *value)
{
	char *clean = rl_text_clean(value ? value : "", 1);
	int rc = xmlTextWriterWriteString(w, BAD_CAST clean);

	free(clean);
	return rc;
}

int rl_write_junit(const char *path, const struct rl_result *r)
{
	int fd = rl_output_fd(path);
	xmlOutputBufferPtr buf = fd < 0 ? NULL : xmlOutputBufferCreateFd(fd, NULL);
	xmlTextWriterPtr w = buf ? xmlNewTextWriter(buf) : NULL;
	int failed = !rl_verdict_passes(r->judgement.verdict);
	char name[256], time[32];
	int bad = 0;

	if (!w) {
		if (buf)
			xmlOutputBufferClose(buf);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	snprintf(name, sizeof name, "%s/%s/%s", r->case_name, r->variant,
		 r->detector->name);
	snprintf(time, sizeof time, "%.3f", r->outcome.duration_s);
	xmlTextWriterSetIndent(w, 1);
	bad |= xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0;
	bad |= xmlTextWriterStartElement(w, BAD_CAST "testsuites") < 0;
	bad |= xmlTextWriterStartElement(w, BAD_CAST "testsuite") < 0;
	bad |= xml_attribute(w, "name", "racelab") < 0;
	bad |= xml_attribute(w, "tests", "1") < 0;
	bad |= xml_attribute(w, "failures", failed ? "1" : "0") < 0;
	bad |= xmlTextWriterStartElement(w, BAD_CAST "testcase") < 0;
	bad |= xml_attribute(w, "classname", r->case_name) < 0;
	bad |= xml_attribute(w, "name", name) < 0;
	bad |= xml_attribute(w, "time", time) < 0;
	if (failed) {
		bad |= xmlTextWriterStartElement(w, BAD_CAST "failure") < 0;
		bad |= xml_attribute(w, "type",
				     rl_verdict_name(r->judgement.verdict)) < 0;
		bad |= xml_attribute(w, "message", r->judgement.why) < 0;
		bad |= xml_text(w, r->judgement.next) < 0;
		bad |= xmlTextWriterEndElement(w) < 0;
	} else {
		bad |= xmlTextWriterStartElement(w, BAD_CAST "system-out") < 0;
		bad |= xml_text(w, r->judgement.why) < 0;
		bad |= xmlTextWriterEndElement(w) < 0;
	}
	bad |= xmlTextWriterEndDocument(w) < 0;
	xmlFreeTextWriter(w);	/* and its buffer; the descriptor stays */
	bad |= close(fd) != 0;
	return bad ? -1 : 0;
}

static void print_line(FILE *out, const char *c, const char *v,
		       const char *d, const char *verdict, const char *why,
		       const char *next)
{
	int width = rl_screen_width(out);

	if (width) {
		/* a terminal: the names on one line in columns wide enough
		 * for every detector, why and next wrapped under them */
		fprintf(out, "%-28s %-14s %-13s %s\n", c, v, d, verdict);
		fputs("    ", out);
		rl_print_wrapped(out, why, 4, 6, width);
		if (next && next[0]) {
			fputs("    next: ", out);
			rl_print_wrapped(out, next, 10, 10, width);
		}
		return;
	}
	/* a log or a pipe: one line each, for grep */
	fprintf(out, "%-28s %-14s %-9s %-14s %s\n", c, v, d, verdict, why);
	if (next && next[0])
		fprintf(out, "%-28s next: %s\n", "", next);
}

void rl_print_result(FILE *out, const struct rl_result *r)
{
	print_line(out, r->case_name, r->variant, r->detector->name,
		   rl_verdict_name(r->judgement.verdict), r->judgement.why,
		   r->judgement.next);
}

void rl_print_row(FILE *out, json_t *row)
{
	print_line(out, rl_json_str(row, "case"), rl_json_str(row, "variant"),
		   rl_json_str(row, "detector"), rl_json_str(row, "verdict"),
		   rl_json_str(row, "why"), rl_json_str(row, "next"));
}

/* The verdict of (case, variant, detector) in results; when there were
 * several runs, "detected 19/20" style. Returns 1 when one of its rows
 * failed, 0 when all passed, -1 when there is none. */
static int cell(json_t *results, const char *c, const char *v,
		const char *d, char *buf, size_t len)
{
	size_t i, runs = 0, same = 0;
	const char *first = NULL;
	int failed = 0;
	json_t *r;

	json_array_foreach(results, i, r) {
		if (strcmp(json_string_value(json_object_get(r, "case")), c) ||
		    strcmp(json_string_value(json_object_get(r, "variant")), v) ||
		    strcmp(json_string_value(json_object_get(r, "detector")), d))
			continue;
		const char *verdict =
			json_string_value(json_object_get(r, "verdict"));
		if (!first)
			first = verdict;
		runs++;
		same += strcmp(first, verdict) == 0;
		failed |= !json_is_true(json_object_get(r, "passed"));
	}
	if (!first)
		snprintf(buf, len, "-");
	else if (runs == 1)
		snprintf(buf, len, "%s", first);
	else
		snprintf(buf, len, "%s %zu/%zu", first, same, runs);
	return first ? failed : -1;
}

/* Is a row the first of its (case, variant), in order? */
static int first_of_program(json_t *results, size_t i)
{
	json_t *r = json_array_get(results, i), *p;

	if (i == 0)
		return 1;
	p = json_array_get(results, i - 1);
	return strcmp(rl_json_str(r, "case"), rl_json_str(p, "case")) ||
	       strcmp(rl_json_str(r, "variant"), rl_json_str(p, "variant"));
}

void rl_print_table(FILE *out, json_t *results, int colour)
{
	size_t i, wc = 4, wv = 7, wd[32] = { 0 };
	json_t *r;
	char buf[64];

	/* every column as wide as its widest cell: any name fits */
	json_array_foreach(results, i, r) {
		if (strlen(rl_json_str(r, "case")) > wc)
			wc = strlen(rl_json_str(r, "case"));
		if (strlen(rl_json_str(r, "variant")) > wv)
			wv = strlen(rl_json_str(r, "variant"));
	}
	for (int d = 0; rl_detectors[d] && d < 32; d++) {
		wd[d] = strlen(rl_detectors[d]->name);
		json_array_foreach(results, i, r) {
			if (!first_of_program(results, i))
				continue;
			cell(results, rl_json_str(r, "case"), rl_json_str(r, "variant"),
			     rl_detectors[d]->name, buf, sizeof buf);
			if (strlen(buf) > wd[d])
				wd[d] = strlen(buf);
		}
	}
	fprintf(out, "%-*s  %-*s", (int)wc, "case", (int)wv, "variant");
	for (int d = 0; rl_detectors[d] && d < 32; d++)
		fprintf(out, "  %-*s", (int)wd[d], rl_detectors[d]->name);
	fputc('\n', out);
	json_array_foreach(results, i, r) {
		if (!first_of_program(results, i))
			continue;
		fprintf(out, "%-*s  %-*s", (int)wc, rl_json_str(r, "case"), (int)wv,
			rl_json_str(r, "variant"));
		for (int d = 0; rl_detectors[d] && d < 32; d++) {
			int failed = cell(results, rl_json_str(r, "case"),
					  rl_json_str(r, "variant"),
					  rl_detectors[d]->name, buf, sizeof buf);
			/* red: the verdict failed; green: a bug seen as it
			 * should be */
			const char *on = !colour || failed < 0 ? "" :
					 failed ? "\033[1;31m" :
					 !strncmp(buf, "detected", 8) ? "\033[32m" : "";

			fprintf(out, "  %s%-*s%s", on, (int)wd[d], buf, *on ? "\033[0m" : "");
		}
		fputc('\n', out);
	}
}

/* Does row i say what an earlier row of the same case said (same
 * verdict, same reason), so its reason is not repeated? */
/* The reason without the watchdog's explanation that the verdict adds
 * beside a tool's (thread ids differ run to run; the watchdog's own row
 * says it): its length. */
static int reason_len(json_t *row)
{
	const char *why = rl_json_str(row, "why"), *w = strstr(why, " (watchdog: ");

	return w && strcmp(rl_json_str(row, "detector"), "watchdog") ?
		       (int)(w - why) : (int)strlen(why);
}

static int same_reason(json_t *a, json_t *b)
{
	return reason_len(a) == reason_len(b) &&
	       !strncmp(rl_json_str(a, "why"), rl_json_str(b, "why"),
			(size_t)reason_len(a));
}

static int said_before(json_t *results, size_t i)
{
	json_t *r = json_array_get(results, i), *p;
	size_t k;

	json_array_foreach(results, k, p) {
		if (k >= i)
			break;
		if (!strcmp(rl_json_str(p, "case"), rl_json_str(r, "case")) &&
		    !strcmp(rl_json_str(p, "verdict"), rl_json_str(r, "verdict")) &&
		    json_integer_value(json_object_get(p, "run")) == 1 &&
		    same_reason(p, r))
			return 1;
	}
	return 0;
}

void rl_print_reasons(FILE *out, json_t *results)
{
	size_t i, k;
	json_t *r, *o;
	int any = 0;

	json_array_foreach(results, i, r) {
		const char *v = rl_json_str(r, "verdict");
		int reason = !json_is_true(json_object_get(r, "passed")) ||
			     !strcmp(v, "blind") || !strcmp(v, "false-positive");

		if (!reason || json_integer_value(json_object_get(r, "run")) > 1 ||
		    said_before(results, i))
			continue;
		if (!any++)
			fputs("why, where a tool is blind or a result fails (once per case and reason):\n",
			      out);
		/* every detector and variant of the case that said the same */
		fprintf(out, "  %s: %s under ", rl_json_str(r, "case"), v);
		{
			int n = 0;

			json_array_foreach(results, k, o)
				if (k >= i && json_integer_value(json_object_get(o, "run")) == 1 &&
				    !strcmp(rl_json_str(o, "case"), rl_json_str(r, "case")) &&
				    !strcmp(rl_json_str(o, "verdict"), v) &&
				    same_reason(o, r))
					fprintf(out, "%s%s%s%s", n++ ? ", " : "",
						rl_json_str(o, "detector"),
						strcmp(rl_json_str(o, "variant"), "broken") ? "/" : "",
						strcmp(rl_json_str(o, "variant"), "broken") ?
							rl_json_str(o, "variant") : "");
		}
		fprintf(out, ": %.*s\n", reason_len(r), rl_json_str(r, "why"));
	}
}

/* DataRaceBench-style scoring: a broken program is a positive, a fixed one
 * a negative; `blind` and `missed` are the misses they are. */
void rl_print_scores(FILE *out, json_t *results)
{
	fprintf(out, "\n%-13s %4s %4s %4s %4s  %9s  %6s\n", "detector", "TP",
		"FP", "TN", "FN", "precision", "recall");
	for (int d = 0; rl_detectors[d]; d++) {
		int tp = 0, fp = 0, tn = 0, fn = 0;
		size_t i;
		json_t *r;

		json_array_foreach(results, i, r) {
			const char *det = json_string_value(json_object_get(r, "detector"));
			const char *var = json_string_value(json_object_get(r, "variant"));
			const char *v = json_string_value(json_object_get(r, "verdict"));

			if (strcmp(det, rl_detectors[d]->name) != 0 ||
			    strcmp(v, "error") == 0 || strcmp(v, "no-contract") == 0)
				continue;
			if (strcmp(var, "broken") == 0) {
				if (strcmp(v, "detected") == 0)
					tp++;
				else
					fn++;
			} else if (strcmp(v, "clean") == 0) {
				tn++;
			} else {
				fp++;	/* flagged, false-positive */
			}
		}
		fprintf(out, "%-13s %4d %4d %4d %4d  ", rl_detectors[d]->name, tp,
			fp, tn, fn);
		if (tp + fp)
			fprintf(out, "%9.2f  ", (double)tp / (tp + fp));
		else
			fprintf(out, "%9s  ", "-");
		if (tp + fn)
			fprintf(out, "%6.2f\n", (double)tp / (tp + fn));
		else
			fprintf(out, "%6s\n", "-");
	}
	fputs("(broken programs are positives, fixed ones negatives; blind counts as a miss)\n",
	      out);
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

void rl_print_latency(FILE *out, json_t *results)
{
	for (int d = 0; rl_detectors[d]; d++) {
		double v[1024];
		size_t i, n = 0;
		json_t *r;

		json_array_foreach(results, i, r) {
			json_t *l = json_object_get(r, "liveness");
			if (strcmp(json_string_value(json_object_get(r, "detector")),
				   rl_detectors[d]->name) ||
			    !json_is_true(json_object_get(l, "stopped_run")) ||
			    n == sizeof v / sizeof v[0])
				continue;
			v[n++] = json_real_value(json_object_get(l, "decided_s")) -
				 json_real_value(json_object_get(l, "onset_s"));
		}
		if (n == 0)
			continue;
		qsort(v, n, sizeof v[0], by_value);
		fprintf(out, "hang onset to verdict under %-9s %3zu runs: median %4.0f ms, worst %4.0f ms\n",
			rl_detectors[d]->name, n,
			1e3 * (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2),
			1e3 * v[n - 1]);
	}
}

/* ---- detection rates over --runs N */

/* A broken program's run counts as seen when its verdict is detected; a
 * correct program's when it does not pass (flagged, hung, error...). */
static int seen_in(json_t *row)
{
	if (!strcmp(rl_json_str(row, "variant"), "broken"))
		return !strcmp(rl_json_str(row, "verdict"), "detected");
	return !json_is_true(json_object_get(row, "passed"));
}

/* "case\tvariant\tdetector", a cell's key */
static char *cell_key(json_t *row)
{
	char *key;

	if (asprintf(&key, "%s\t%s\t%s", rl_json_str(row, "case"),
		     rl_json_str(row, "variant"), rl_json_str(row, "detector")) < 0)
		abort();
	return key;
}

json_t *rl_rates_json(json_t *results)
{
	json_t *rates = json_array(), *cells = json_object(), *r, *cell;
	size_t i;

	/* one cell per (case, variant, detector) that has a run 1, in order;
	 * then every run counted into its cell, found by key: one pass each */
	json_array_foreach(results, i, r) {
		char *key;

		if (json_integer_value(json_object_get(r, "run")) != 1)
			continue;
		key = cell_key(r);
		cell = json_pack("{s:O, s:O, s:O, s:s, s:i, s:i, s:f, s:f, s:n, s:{}}",
				 "case", json_object_get(r, "case"), "variant",
				 json_object_get(r, "variant"), "detector",
				 json_object_get(r, "detector"), "counts",
				 !strcmp(rl_json_str(r, "variant"), "broken") ?
					 "detected" : "failed",
				 "runs", 0, "seen", 0, "rate_low", 0.0,
				 "rate_high", 1.0, "first_run", "verdicts");
		json_object_set(cells, key, cell);
		json_array_append_new(rates, cell);
		free(key);
	}
	json_array_foreach(results, i, r) {
		char *key = cell_key(r);
		const char *v = rl_json_str(r, "verdict");
		json_t *verdicts;

		cell = json_object_get(cells, key);
		free(key);
		if (!cell)
			continue;
		json_object_set_new(cell, "runs", json_integer(json_integer_value(
						json_object_get(cell, "runs")) + 1));
		if (seen_in(r)) {
			json_int_t seen = json_integer_value(json_object_get(cell, "seen"));

			if (seen == 0)
				json_object_set(cell, "first_run",
						json_object_get(r, "run"));
			json_object_set_new(cell, "seen", json_integer(seen + 1));
		}
		verdicts = json_object_get(cell, "verdicts");
		json_object_set_new(verdicts, v, json_integer(json_integer_value(
						json_object_get(verdicts, v)) + 1));
	}
	json_array_foreach(rates, i, cell) {
		double lo, hi;

		rl_wilson((int)json_integer_value(json_object_get(cell, "seen")),
			  (int)json_integer_value(json_object_get(cell, "runs")),
			  &lo, &hi);
		json_object_set_new(cell, "rate_low", json_real(lo));
		json_object_set_new(cell, "rate_high", json_real(hi));
	}
	json_decref(cells);
	return rates;
}

/* The broken programs' detection rates, case x detector, and every
 * correct program that did not pass each of its runs. */
void rl_print_rates(FILE *out, json_t *results)
{
	json_t *rates = rl_rates_json(results), *r;
	size_t i, width = 8;
	int imperfect = 0;

	json_array_foreach(rates, i, r)
		if (strlen(rl_json_str(r, "case")) > width)
			width = strlen(rl_json_str(r, "case"));
	fprintf(out, "\ndetection rate of the broken programs (runs with the bug detected; - blind):\n%-*s",
		(int)width, "case");
	for (int d = 0; rl_detectors[d]; d++)
		fprintf(out, " %9.9s", rl_detectors[d]->name);
	fputc('\n', out);
	json_array_foreach(rates, i, r) {
		json_t *x;
		size_t k;
		int before = 0;

		if (strcmp(rl_json_str(r, "variant"), "broken"))
			continue;
		json_array_foreach(rates, k, x)	/* once per case */
			if (k < i && !strcmp(rl_json_str(x, "case"), rl_json_str(r, "case")) &&
			    !strcmp(rl_json_str(x, "variant"), "broken"))
				before = 1;
		if (before)
			continue;
		fprintf(out, "%-*s", (int)width, rl_json_str(r, "case"));
		for (int d = 0; rl_detectors[d]; d++) {
			json_t *cell = NULL, *x;
			size_t k;
			char buf[32] = "";

			json_array_foreach(rates, k, x)
				if (!strcmp(rl_json_str(x, "case"), rl_json_str(r, "case")) &&
				    !strcmp(rl_json_str(x, "variant"), "broken") &&
				    !strcmp(rl_json_str(x, "detector"), rl_detectors[d]->name))
					cell = x;
			if (cell && json_integer_value(json_object_get(
					    json_object_get(cell, "verdicts"), "blind")) ==
					    json_integer_value(json_object_get(cell, "runs")))
				snprintf(buf, sizeof buf, "-");
			else if (cell)
				snprintf(buf, sizeof buf, "%lld/%lld",
					 json_integer_value(json_object_get(cell, "seen")),
					 json_integer_value(json_object_get(cell, "runs")));
			fprintf(out, " %9s", buf);
		}
		fputc('\n', out);
	}
	json_array_foreach(rates, i, r) {
		char text[64];

		if (!json_integer_value(json_object_get(r, "seen")) ||
		    !strcmp(rl_json_str(r, "variant"), "broken"))
			continue;
		if (!imperfect++)
			fputs("\ncorrect programs that failed some runs:\n", out);
		rl_rate_text((int)json_integer_value(json_object_get(r, "seen")),
			     (int)json_integer_value(json_object_get(r, "runs")),
			     text, sizeof text);
		fprintf(out, "  %s/%s under %s: failed %s\n", rl_json_str(r, "case"),
			rl_json_str(r, "variant"), rl_json_str(r, "detector"), text);
	}
	json_decref(rates);
}
