/* report.c - see report.h. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "detector.h"
#include "rate.h"
#include "results/doc.h"
#include "results/text.h"

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
