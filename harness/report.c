/* report.c - see report.h. */
#include "report.h"

#include <libxml/xmlwriter.h>
#include <string.h>

#include "detector.h"

#define SCHEMA "racelab-results/1"

static json_t *frame_json(const struct rl_frame *fr)
{
	if (!fr)
		return json_null();
	return json_pack("{s:s?, s:s?, s:i}", "function", fr->function, "file",
			 fr->file, "line", fr->line);
}

static json_t *stack_json(const struct rl_stack *s)
{
	json_t *frames = json_array();

	for (size_t i = 0; i < s->nframes; i++)
		json_array_append_new(frames, frame_json(&s->frames[i]));
	return json_pack("{s:s?, s:i, s:o}", "label", s->label, "thread",
			 s->thread, "frames", frames);
}

static json_t *finding_json(const struct rl_finding *f, const char *suffix)
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
	return json_pack("{s:s, s:s?, s:s, s:s?, s:s?, s:i, s:s?, s:i, s:o, s:i, s:o}",
			 "tool", f->tool, "kind", f->kind, "category",
			 rl_category_name(f->category), "headline", f->headline,
			 "file", p ? suffix : NULL, "line", p ? p->line : 0,
			 "secondary_file", q ? suffix : NULL, "secondary_line",
			 q ? q->line : 0, "threads", threads, "count", f->count,
			 "stacks", stacks);
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
		       rl_contract_expect(&r->contract, r->detector->name) :
		       NULL;
}

static json_t *expected_json(const struct rl_result *r)
{
	const struct rl_expect *x = expectation(r);

	return x ? json_string(x->text) : json_null();
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
		"{s:s, s:s, s:s, s:i, s:s, s:s?, s:o, s:s, s:b, s:s, s:s, "
		"s:o, s:o, s:{s:s, s:i, s:i, s:b}, s:f, s:i, s:{s:b, s:i}, "
		"s:s}",
		"case", r->case_name, "variant", r->variant, "detector",
		r->detector->name, "run", r->run, "source", r->suffix, "class",
		r->contract_loaded ? r->contract.cls : NULL, "expected",
		expected_json(r), "verdict",
		rl_verdict_name(r->judgement.verdict), "passed",
		rl_verdict_passes(r->judgement.verdict), "why",
		r->judgement.why, "next", r->judgement.next, "symptom", symptom,
		"findings", findings_json(&r->findings, r->suffix), "exit",
		"how", rl_how_name(o->how), "code", o->exit_code, "signal",
		o->signal, "output_capped", o->output_capped, "duration_s",
		o->duration_s, "max_rss_kb", (int)o->max_rss_kb, "tool_output",
		"complete", r->info.complete, "tool_error_count",
		r->info.tool_error_count, "raw_dir", r->files.dir);
	json_object_set_new(result, "liveness", liveness);
	json_object_set_new(result, "by_chance",
			    json_boolean(expectation(r) &&
					 expectation(r)->kind == RL_EXPECT_CHANCE));
	return result;
}

int rl_write_results(const char *path, json_t *results)
{
	json_t *doc = json_pack("{s:s, s:O}", "schema", SCHEMA, "results",
				results);
	int rc = json_dump_file(doc, path, JSON_INDENT(2) | JSON_SORT_KEYS);

	json_decref(doc);
	return rc;
}

int rl_write_junit(const char *path, const struct rl_result *r)
{
	xmlTextWriterPtr w = xmlNewTextWriterFilename(path, 0);
	int failed = !rl_verdict_passes(r->judgement.verdict);
	char name[256], time[32];

	if (!w)
		return -1;
	snprintf(name, sizeof name, "%s/%s/%s", r->case_name, r->variant,
		 r->detector->name);
	snprintf(time, sizeof time, "%.3f", r->outcome.duration_s);
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	xmlTextWriterStartElement(w, BAD_CAST "testsuites");
	xmlTextWriterStartElement(w, BAD_CAST "testsuite");
	xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "racelab");
	xmlTextWriterWriteAttribute(w, BAD_CAST "tests", BAD_CAST "1");
	xmlTextWriterWriteAttribute(w, BAD_CAST "failures",
				    BAD_CAST(failed ? "1" : "0"));
	xmlTextWriterStartElement(w, BAD_CAST "testcase");
	xmlTextWriterWriteAttribute(w, BAD_CAST "classname",
				    BAD_CAST r->case_name);
	xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST name);
	xmlTextWriterWriteAttribute(w, BAD_CAST "time", BAD_CAST time);
	if (failed) {
		xmlTextWriterStartElement(w, BAD_CAST "failure");
		xmlTextWriterWriteAttribute(
			w, BAD_CAST "type",
			BAD_CAST rl_verdict_name(r->judgement.verdict));
		xmlTextWriterWriteAttribute(w, BAD_CAST "message",
					    BAD_CAST r->judgement.why);
		xmlTextWriterWriteString(w, BAD_CAST r->judgement.next);
		xmlTextWriterEndElement(w);
	} else {
		xmlTextWriterWriteElement(w, BAD_CAST "system-out",
					  BAD_CAST r->judgement.why);
	}
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	return 0;
}

void rl_print_result(FILE *out, const struct rl_result *r)
{
	fprintf(out, "%-28s %-14s %-9s %-14s %s\n", r->case_name, r->variant,
		r->detector->name, rl_verdict_name(r->judgement.verdict),
		r->judgement.why);
	if (r->judgement.next[0])
		fprintf(out, "%-28s next: %s\n", "", r->judgement.next);
}

/* The verdict of (case, variant, detector) in results; when there were
 * several runs, "detected 19/20" style. */
static void cell(json_t *results, const char *c, const char *v,
		 const char *d, char *buf, size_t len)
{
	size_t i, runs = 0, same = 0;
	const char *first = NULL;
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
	}
	if (!first)
		snprintf(buf, len, "-");
	else if (runs == 1)
		snprintf(buf, len, "%s", first);
	else
		snprintf(buf, len, "%s %zu/%zu", first, same, runs);
}

void rl_print_table(FILE *out, json_t *results)
{
	size_t i;
	json_t *r;
	const char *last_case = "", *last_variant = "";
	char buf[64];

	fprintf(out, "%-28s %-14s", "case", "variant");
	for (int d = 0; rl_detectors[d]; d++)
		fprintf(out, " %-16s", rl_detectors[d]->name);
	fputc('\n', out);
	json_array_foreach(results, i, r) {
		const char *c = json_string_value(json_object_get(r, "case"));
		const char *v = json_string_value(json_object_get(r, "variant"));

		if (strcmp(c, last_case) == 0 && strcmp(v, last_variant) == 0)
			continue;
		last_case = c;
		last_variant = v;
		fprintf(out, "%-28s %-14s", c, v);
		for (int d = 0; rl_detectors[d]; d++) {
			cell(results, c, v, rl_detectors[d]->name, buf,
			     sizeof buf);
			fprintf(out, " %-16s", buf);
		}
		fputc('\n', out);
	}
	fputs("\nwhy, where a tool is blind or a result fails:\n", out);
	json_array_foreach(results, i, r) {
		if (json_is_true(json_object_get(r, "passed")) &&
		    strcmp(json_string_value(json_object_get(r, "verdict")),
			   "blind") &&
		    strcmp(json_string_value(json_object_get(r, "verdict")),
			   "false-positive"))
			continue;
		if (json_integer_value(json_object_get(r, "run")) > 1)
			continue;
		fprintf(out, "  %s/%s under %s: %s: %s\n",
			json_string_value(json_object_get(r, "case")),
			json_string_value(json_object_get(r, "variant")),
			json_string_value(json_object_get(r, "detector")),
			json_string_value(json_object_get(r, "verdict")),
			json_string_value(json_object_get(r, "why")));
	}
}

/* DataRaceBench-style scoring: a broken program is a positive, a fixed one
 * a negative; `blind` and `missed` are the misses they are. */
void rl_print_scores(FILE *out, json_t *results)
{
	fprintf(out, "\n%-10s %4s %4s %4s %4s  %9s  %6s\n", "detector", "TP",
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
		fprintf(out, "%-10s %4d %4d %4d %4d  ", rl_detectors[d]->name, tp,
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
