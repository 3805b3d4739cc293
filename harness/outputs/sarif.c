/* sarif.c - see sarif.h.
 *
 * Every string here was read from the results document, where
 * rl_json_text already made it valid UTF-8; nothing is read from the
 * program's files.
 */
#define _GNU_SOURCE
#include "sarif.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../output.h"
#include "../results/doc.h"
#include "../results/text.h"

#define SARIF_SCHEMA \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#define SRCROOT "%SRCROOT%"

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static json_t *text_message(const char *text)
{
	return json_pack("{s:s}", "text", text);
}

/* What each racelab category means, for the rule that carries its name. */
static const char *rule_text(const char *category)
{
	static const char *const texts[][2] = {
		{ "data-race", "Two threads access the same memory, at least one of them writing, with nothing ordering the accesses." },
		{ "lock-order", "Locks taken in orders that form a cycle: two threads can each hold one and wait for the other." },
		{ "mutex-misuse", "A mutex used against its rules: unlocked by a thread that does not hold it, locked twice, destroyed while held." },
		{ "condvar-misuse", "A condition variable used against its rules: waited on without its mutex, or with two different mutexes." },
		{ "thread-leak", "A thread that is neither joined nor detached." },
		{ "signal-misuse", "A function that is not async-signal-safe called from a signal handler." },
		{ "memory-error", "Memory used after it was freed, or outside its bounds." },
		{ "deadlock", "Threads or processes that wait for one another for ever." },
		{ "livelock", "Threads that keep running but make no progress." },
		{ "lost-wakeup", "A thread waiting for a wakeup that nobody will send." },
		{ "starvation", "A thread kept waiting far longer than the others." },
		{ "lost-update", "Updates that went missing, as the program's own check saw." },
		{ "wrong-result", "An invariant the program's own check found broken." },
		{ "crash", "The program died of a signal." },
		{ "other", "Something else a tool reported." },
	};

	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if (strcmp(texts[i][0], category) == 0)
			return texts[i][1];
	return category;	/* a category racelab does not know yet */
}

/* A finding that is the program's own fault is an error; the rest a
 * warning; a false positive the contract expects is a note. */
static const char *level_of(const char *category, const char *verdict)
{
	static const char *const warnings[] = { "thread-leak", "starvation",
						"other" };

	if (verdict && strcmp(verdict, "false-positive") == 0)
		return "note";
	for (size_t i = 0; i < sizeof warnings / sizeof warnings[0]; i++)
		if (strcmp(category, warnings[i]) == 0)
			return "warning";
	return "error";
}

/* The source as an artifact: relative to %SRCROOT%, or a file: URI when
 * the results name it by an absolute path (a program compared in place). */
static json_t *artifact(const char *source)
{
	char *uri = rl_uri_escape(source), *full = NULL;
	json_t *a;

	if (source[0] == '/') {
		if (asprintf(&full, "file://%s", uri) < 0)
			abort();
		a = json_pack("{s:s}", "uri", full);
	} else {
		a = json_pack("{s:s, s:s}", "uri", uri, "uriBaseId", SRCROOT);
	}
	free(uri);
	free(full);
	return a;
}

/* Where rl_sarif() finds the sources: the workspace, when known. */
static const char *source_root;

/* The lines of source (absolute, or under the workspace or here); 0 when
 * it cannot be read. */
static json_int_t line_count(const char *source)
{
	char path[PATH_MAX];
	json_int_t n = 0;
	int c, last = '\n';
	FILE *f = NULL;

	if (source[0] == '/')
		f = fopen(source, "r");
	if (!f && source_root) {
		snprintf(path, sizeof path, "%s/%s", source_root, source);
		f = fopen(path, "r");
	}
	if (!f)
		f = fopen(source, "r");
	if (!f)
		return 0;
	while ((c = getc(f)) != EOF) {
		n += c == '\n';
		last = c;
	}
	fclose(f);
	return n + (last != '\n');
}

/* A location in the source: its line when known; else the whole file
 * (a symptom, a crash with no line: SARIF 3.30's lines 1 to the last). */
static json_t *source_location(const char *source, json_int_t line)
{
	json_t *phys = json_pack("{s:o}", "artifactLocation", artifact(source));

	if (line > 0) {
		json_object_set_new(phys, "region",
				    json_pack("{s:I}", "startLine", line));
	} else {
		json_int_t lines = line_count(source);

		json_object_set_new(phys, "region",
				    json_pack("{s:I, s:I}", "startLine", (json_int_t)1,
					      "endLine", lines > 0 ? lines : 1));
	}
	return json_pack("{s:o}", "physicalLocation", phys);
}

/* One frame as a thread flow step: a place in the source when it is in
 * the program, else the function and file:line in words. */
static json_t *frame_location(const json_t *fr, const char *source)
{
	const char *fn = str(fr, "function"), *file = str(fr, "file");
	json_int_t line = json_integer_value(json_object_get(fr, "line"));
	json_t *loc;
	char *words;

	if (rl_path_is(file, source)) {
		loc = source_location(source, line);
		if (asprintf(&words, "%s", fn ? fn : "??") < 0)
			abort();
	} else {
		loc = json_object();
		if (asprintf(&words, "%s (%s:%lld)", fn ? fn : "??",
			     file ? file : "?", (long long)line) < 0)
			abort();
	}
	json_object_set_new(loc, "message", text_message(words));
	if (fn)
		json_object_set_new(loc, "logicalLocations",
				    json_pack("[{s:s, s:s}]", "name", fn,
					      "kind", "function"));
	free(words);
	return loc;
}

/* A stack as a thread flow: outermost call first, as time ran. */
static json_t *thread_flow(const json_t *stack, size_t index,
			   const char *source)
{
	const json_t *frames = json_object_get(stack, "frames");
	json_int_t thread = json_integer_value(json_object_get(stack, "thread"));
	const char *label = str(stack, "label");
	size_t n = json_array_size(frames);
	json_t *steps = json_array(), *flow;
	char id[64];

	for (size_t k = n; k-- > 0;)
		json_array_append_new(
			steps, json_pack("{s:o, s:I}", "location",
					 frame_location(json_array_get(frames, k),
							source),
					 "nestingLevel", (json_int_t)(n - 1 - k)));
	/* unique in the code flow: a thread may have several stacks */
	if (json_object_get(stack, "thread") && thread >= 0)
		snprintf(id, sizeof id, "stack %zu (T%lld)", index + 1,
			 (long long)thread);
	else
		snprintf(id, sizeof id, "stack %zu", index + 1);
	flow = json_pack("{s:s, s:o, s:o}", "id", id, "message",
			 text_message(label && *label ? label : id),
			 "locations", steps);
	if (json_object_get(stack, "thread") && thread >= 0)
		json_object_set_new(flow, "properties",
				    json_pack("{s:I}", "thread", thread));
	return flow;
}

/* The index of category in rules, added when new. */
static size_t rule_index(json_t *rules, const char *category,
			 const char *level)
{
	json_t *r;
	size_t i;

	json_array_foreach(rules, i, r)
		if (strcmp(str(r, "id"), category) == 0)
			return i;
	json_array_append_new(
		rules, json_pack("{s:s, s:{s:s}, s:{s:s}}", "id", category,
				 "shortDescription", "text",
				 rule_text(category), "defaultConfiguration",
				 "level", level));
	return json_array_size(rules) - 1;
}

/* Where the finding points: its first program frame (else the source
 * alone), the others as related locations, every stack as a thread flow. */
static void place(json_t *result, const json_t *finding, const char *source)
{
	const json_t *stacks = json_object_get(finding, "stacks"), *s;
	json_t *locations = json_array(), *related = json_array();
	json_t *flows = json_array();
	size_t i;

	json_array_foreach(stacks, i, s) {
		const json_t *fr = rl_program_frame(s, source);
		const char *label = str(s, "label");
		json_t *loc;

		if (json_array_size(json_object_get(s, "frames")))
			json_array_append_new(flows, thread_flow(s, i, source));
		if (!fr || !rl_stack_points(s))
			continue;
		loc = source_location(
			source, json_integer_value(json_object_get(fr, "line")));
		if (label && *label)
			json_object_set_new(loc, "message", text_message(label));
		if (json_array_size(locations) == 0) {
			json_array_append_new(locations, loc);
		} else {
			/* ids keep two accesses on one line distinct */
			json_object_set_new(loc, "id",
					    json_integer((json_int_t)i));
			json_array_append_new(related, loc);
		}
	}
	if (json_array_size(locations) == 0)
		json_array_append_new(locations, source_location(source, 0));
	json_object_set_new(result, "locations", locations);
	if (json_array_size(related))
		json_object_set_new(result, "relatedLocations", related);
	else
		json_decref(related);
	if (json_array_size(flows))
		json_object_set_new(result, "codeFlows",
				    json_pack("[{s:o}]", "threadFlows", flows));
	else
		json_decref(flows);
}

/* racelab's word on one row: the verdict of (case, variant, detector). */
static json_t *verdict_json(const json_t *row)
{
	static const char *const keys[] = { "case", "variant", "run", "source",
					    "expected", "verdict", "passed",
					    "why" };
	json_t *v = json_object();

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		json_t *x = json_object_get(row, keys[i]);
		if (x)
			json_object_set(v, keys[i], x);
	}
	return v;
}

static json_t *finding_result(const json_t *f, const json_t *row,
			      json_t *rules)
{
	const char *category = str(f, "category");
	const char *headline = str(f, "headline"), *kind = str(f, "kind");
	const char *source = str(row, "source");
	const char *verdict = str(row, "verdict");
	const char *level;
	json_int_t count = json_integer_value(json_object_get(f, "count"));
	json_t *result;

	if (!category)
		category = "other";
	level = level_of(category, verdict);
	if (!headline || !*headline)
		headline = kind && *kind ? kind : category;
	result = json_pack("{s:s, s:I, s:s, s:o, s:o}", "ruleId", category,
			   "ruleIndex", (json_int_t)rule_index(rules, category, level),
			   "level", level, "message", text_message(headline),
			   "properties", verdict_json(row));
	if (count >= 1)
		json_object_set_new(result, "occurrenceCount",
				    json_integer(count));
	if (kind)
		json_object_set_new(json_object_get(result, "properties"),
				    "tool_kind", json_string(kind));
	/* explore's: the interleaving as text, and the file that replays it */
	if (str(f, "story"))
		json_object_set_new(json_object_get(result, "properties"),
				    "story", json_string(str(f, "story")));
	if (str(f, "schedule_file"))
		json_object_set_new(json_object_get(result, "properties"),
				    "schedule_file", json_string(str(f, "schedule_file")));
	place(result, f, source ? source : "unknown");
	return result;
}

/* The first number of a tool's version line ("Debian clang version
 * 14.0.6": "14.0.6", "valgrind-3.19.0": "3.19.0"); NULL when none. */
static char *version_number(const char *line)
{
	for (const char *p = line; p && *p; p++)
		if (isdigit((unsigned char)*p) &&
		    (p == line || !isalnum((unsigned char)p[-1]) || p[-1] == 'v')) {
			size_t n = strspn(p, "0123456789.");

			while (n && p[n - 1] == '.')
				n--;
			return strndup(p, n);
		}
	return NULL;
}

static json_t *driver(const char *name, const json_t *about)
{
	json_t *d = json_pack("{s:s, s:[]}", "name", name, "rules");
	const char *line = str(about, "version");
	char *number = version_number(line), *full;

	if (str(about, "about"))
		json_object_set_new(d, "shortDescription",
				    text_message(str(about, "about")));
	/* SARIF's version starts with a number; the tool's own line is the
	 * full name. racelab's own detectors (no tool of their own) carry
	 * the version of the results they write. */
	json_object_set_new(d, "version",
			    json_string(number ? number : RL_RESULTS_VERSION));
	if (asprintf(&full, "%s (%s)", name,
		     line ? line : "racelab, results " RL_RESULTS_SCHEMA) < 0)
		abort();
	json_object_set_new(d, "fullName", json_string(full));
	free(full);
	free(number);
	if (str(about, "information_uri")) {
		json_object_set_new(d, "informationUri",
				    json_string(str(about, "information_uri")));
	} else if (source_root) {
		/* racelab's own: its page in the workspace */
		char *uri = rl_uri_escape(source_root), *page;

		if (asprintf(&page, "file://%s/docs/%s", uri,
			     !strcmp(name, "explore") ? "explore.md" : "design.md") < 0)
			abort();
		json_object_set_new(d, "informationUri", json_string(page));
		free(page);
		free(uri);
	}
	return d;
}

/* One SARIF run: every row of one detector. */
static json_t *detector_run(const json_t *doc, const char *name,
			    const char *srcroot)
{
	const json_t *about = json_object_get(json_object_get(doc, "detectors"),
					      name);
	const json_t *rows = json_object_get(doc, "results"), *row, *f;
	json_t *options = json_object_get(about, "options");
	json_t *drv = driver(name, about), *results = json_array();
	json_t *verdicts = json_array(), *run;
	size_t i, k;

	json_array_foreach(rows, i, row) {
		if (!str(row, "detector") || strcmp(str(row, "detector"), name))
			continue;
		const json_t *findings = rl_judged_findings(doc, row);

		json_array_append_new(verdicts, verdict_json(row));
		json_array_foreach(findings, k, f)
			json_array_append_new(
				results,
				finding_result(f, row,
					       json_object_get(drv, "rules")));
	}
	run = json_pack("{s:{s:o}, s:o, s:{s:o, s:o}}", "tool", "driver", drv,
			"results", results, "properties", "verdicts", verdicts,
			"options", options ? json_incref(options) : json_null());
	if (srcroot) {
		char *uri = rl_uri_escape(srcroot), *full;

		if (asprintf(&full, "file://%s%s", uri,
			     uri[strlen(uri) - 1] == '/' ? "" : "/") < 0)
			abort();
		json_object_set_new(run, "originalUriBaseIds",
				    json_pack("{s:{s:s}}", SRCROOT, "uri", full));
		free(uri);
		free(full);
	}
	return run;
}

json_t *rl_sarif(const json_t *doc, const char *srcroot)
{
	const json_t *rows = json_object_get(doc, "results"), *row;
	json_t *names = json_array(), *runs = json_array(), *n, *log;
	size_t i;

	source_root = srcroot && *srcroot ? srcroot : NULL;
	/* one run per detector, in the order the rows first name them */
	json_array_foreach(rows, i, row) {
		const char *d = str(row, "detector");
		size_t k;
		int seen = 0;

		json_array_foreach(names, k, n)
			seen |= d && strcmp(json_string_value(n), d) == 0;
		if (d && !seen)
			json_array_append_new(names, json_string(d));
	}
	json_array_foreach(names, i, n)
		json_array_append_new(runs, detector_run(doc, json_string_value(n),
							 srcroot && *srcroot ? srcroot : NULL));
	json_decref(names);
	log = json_pack("{s:s, s:s, s:o}", "$schema", SARIF_SCHEMA, "version",
			"2.1.0", "runs", runs);
	if (log && json_object_get(doc, "tools"))
		json_object_set_new(log, "properties",
				    json_pack("{s:O, s:O}", "racelab_schema",
					      json_object_get(doc, "schema") ?
						      json_object_get(doc, "schema") :
						      json_null(),
					      "tools",
					      json_object_get(doc, "tools")));
	return log;
}

int rl_write_sarif(const json_t *doc, const char *srcroot, const char *path,
		   char *err, size_t errlen)
{
	json_t *log = rl_sarif(doc, srcroot);
	char *text = log ? json_dumps(log, JSON_INDENT(2)) : NULL;
	int rc = -1;

	json_decref(log);
	if (!text)
		snprintf(err, errlen, "the SARIF log could not be encoded");
	else if (rl_write_text(path, text, strlen(text)) != 0)
		snprintf(err, errlen, "cannot write %s", path);
	else
		rc = 0;
	free(text);
	return rc;
}
