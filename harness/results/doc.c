/* doc.c - see doc.h. */
#define _GNU_SOURCE
#include "doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../detector.h"
#include "../rate.h"
#include "text.h"
#include "versions.h"

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
		"{s:b, s:f, s:f, s:o}", "stopped_run", r->watchdog.stopped,
		"onset_s", r->watchdog.onset_s, "decided_s", r->watchdog.decided_s,
		"findings", findings_json(&r->watchdog.findings, r->suffix));
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
	json_t *tools = rl_tool_versions(), *row, *doc;
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

/* ---- readers of the document, for the SARIF and HTML writers */

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
