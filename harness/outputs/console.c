/* console.c - see console.h. */
#include "console.h"

#include <string.h>

#include "../detector.h"
#include "../results/text.h"
#include "../words.h"

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
