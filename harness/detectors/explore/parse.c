/* parse.c - see parse.h. */
#define _GNU_SOURCE
#include "parse.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../util.h"

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* A thread as explore numbers it (1 is main) in the others' numbering
 * (0 is main); -1 when not said. */
static int thread_of(const json_t *o)
{
	json_int_t t = json_integer_value(json_object_get(o, "thread"));

	return t >= 1 && t <= 1000000 ? (int)t - 1 : -1;
}

/* One frame: where a step or an access is, by its full path. */
static void add_frame(struct rl_finding *f, const json_t *at, int thread,
		      const char *label)
{
	struct rl_stack *s = rl_finding_add_stack(f, label, thread);
	const char *path = str(at, "path"), *file = str(at, "file");
	json_int_t line;

	s->frames = rl_xcalloc(1, sizeof *s->frames);
	s->nframes = 1;
	s->frames[0].file = rl_xstrdup(path && *path ? path : file ? file : "?");
	s->frames[0].function = str(at, "function") ?
		rl_xstrdup(str(at, "function")) : NULL;
	line = json_integer_value(json_object_get(at, "line"));
	s->frames[0].line = line > 0 && line < INT_MAX ? (int)line : 0;
}

/* A deadlock's waiting threads: each thread's last step in the trace,
 * where it blocks. */
static void deadlock_stacks(struct rl_finding *f, const json_t *bug)
{
	const json_t *trace = json_object_get(bug, "trace");
	int seen[65] = { 0 };

	for (size_t i = json_array_size(trace); i-- > 0;) {
		const json_t *s = json_array_get(trace, i);
		json_int_t t = json_integer_value(json_object_get(s, "thread"));
		const char *op = str(s, "op");

		if (t < 1 || t > 64 || seen[t] || !op || !str(s, "file"))
			continue;
		seen[t] = 1;
		if (!strcmp(op, "block"))
			add_frame(f, s, (int)t - 1, "waits");
	}
}

/* No thread can run. As the watchdog names it: a deadlock when the
 * waiters wait for each other in a cycle (locks held, joins), or for a
 * lock whose holder is gone; a lost wakeup when no such cycle is there
 * and some thread waits for a signal, a post or a barrier that nothing
 * will give. */
static enum rl_category stuck_category(const json_t *bug)
{
	const json_t *stuck = json_object_get(bug, "stuck"), *t;
	int holder[65], signal = 0, lock = 0;
	size_t i;

	for (int k = 0; k < 65; k++)
		holder[k] = 0;
	json_array_foreach(stuck, i, t) {
		const char *w = str(t, "waits") ? str(t, "waits") : "";
		json_int_t me = json_integer_value(json_object_get(t, "thread"));
		json_int_t h = json_integer_value(json_object_get(t, "holder"));

		if (!strcmp(w, "condition") || !strcmp(w, "semaphore") ||
		    !strcmp(w, "barrier"))
			signal = 1;
		if (!strncmp(w, "mutex", 5) || !strncmp(w, "rwlock", 6))
			lock = 1;
		if (me >= 1 && me <= 64 && h >= 1 && h <= 64)
			holder[me] = (int)h;
	}
	/* a cycle: following who waits for whom comes back */
	for (int start = 1; start <= 64; start++) {
		int at = holder[start];

		for (int n = 0; at && n < 64; n++, at = holder[at])
			if (at == start)
				return RL_CAT_DEADLOCK;
	}
	return signal && !lock ? RL_CAT_LOST_WAKEUP : RL_CAT_DEADLOCK;
}

static enum rl_category category_of(const char *kind, const json_t *bug)
{
	if (!strcmp(kind, "deadlock"))
		return stuck_category(bug);
	if (!strcmp(kind, "livelock"))
		return RL_CAT_LIVELOCK;
	if (!strcmp(kind, "symptom")) {
		/* the symptom file's first line: "CATEGORY\tsentence" */
		const char *sym = str(bug, "symptom");
		size_t n = sym ? strcspn(sym, "\t\n") : 0;
		char cat[64];
		int c;

		snprintf(cat, sizeof cat, "%.*s", (int)n, sym ? sym : "");
		c = rl_category_from_name(cat);
		return c < 0 ? RL_CAT_WRONG_RESULT : (enum rl_category)c;
	}
	if (!strcmp(kind, "exit"))
		return RL_CAT_WRONG_RESULT;
	return RL_CAT_CRASH;	/* assertion, abort, crash */
}

/* The story's rows as one text, a line each, under a line that says
 * which schedule showed it: "schedule 2 of the search (pct, depth 3,
 * seed 1), 2 preemptions". */
static char *story_text(const json_t *doc, const json_t *bug)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	const char *strategy = str(doc, "strategy") ? str(doc, "strategy") : "?";
	json_int_t pre = json_integer_value(json_object_get(bug, "preemptions"));
	const json_t *r;
	size_t i;

	if (!f)
		abort();
	fprintf(f, "schedule %lld of the search (%s",
		(long long)(json_integer_value(json_object_get(bug, "schedule")) % 1000000000) + 1,
		strategy);
	if (!strcmp(strategy, "pct"))
		fprintf(f, ", depth %lld",
			json_integer_value(json_object_get(doc, "depth")));
	fprintf(f, ", seed %lld), %lld preemption%s\n",
		json_integer_value(json_object_get(doc, "seed")), pre,
		pre == 1 ? "" : "s");
	json_array_foreach(json_object_get(bug, "story"), i, r)
		if (json_string_value(r))
			fprintf(f, "%s\n", json_string_value(r));
	fclose(f);
	return text;
}

static void add_bug(struct rl_findings *out, const json_t *doc,
		    const json_t *bug)
{
	const char *kind = str(bug, "kind") ? str(bug, "kind") : "bug";
	struct rl_finding *f = rl_findings_add(out, "explore", kind,
					       category_of(kind, bug));

	f->headline = rl_xstrdup(str(bug, "what") ? str(bug, "what") : kind);
	/* explore says "deadlock" for any state where no thread can run */
	if (f->category == RL_CAT_LOST_WAKEUP &&
	    !strncmp(f->headline, "deadlock: ", 10)) {
		char *h;

		if (asprintf(&h, "lost wakeup: %s", f->headline + 10) < 0)
			abort();
		free(f->headline);
		f->headline = h;
	}
	f->story = story_text(doc, bug);
	if (str(bug, "schedule_file"))
		f->schedule_file = rl_xstrdup(str(bug, "schedule_file"));
	if (!strcmp(kind, "deadlock"))
		deadlock_stacks(f, bug);
}

static void add_race(struct rl_findings *out, const json_t *race)
{
	struct rl_finding *f = rl_findings_add(out, "explore", "data race",
					       RL_CAT_DATA_RACE);
	char line[400], ta[32], tb[32];

	for (int k = 0; k < 2; k++) {
		const json_t *a = json_object_get(race, k ? "second" : "first");
		const char *op = str(a, "op") ? str(a, "op") : "access";
		char label[64];

		snprintf(label, sizeof label, "%s%s of size %lld", k ? "Previous " : "",
			 op, json_integer_value(json_object_get(race, "size")));
		add_frame(f, a, thread_of(a), label);
	}
	rl_thread_words(thread_of(json_object_get(race, "first")), ta, sizeof ta);
	rl_thread_words(thread_of(json_object_get(race, "second")), tb, sizeof tb);
	snprintf(line, sizeof line,
		 "data race: %s %s at %s:%lld and %s %s at %s:%lld, not ordered by any lock, join or atomic",
		 ta,
		 str(json_object_get(race, "first"), "op") ?: "?",
		 str(json_object_get(race, "first"), "file") ?: "?",
		 json_integer_value(json_object_get(json_object_get(race, "first"), "line")),
		 tb,
		 str(json_object_get(race, "second"), "op") ?: "?",
		 str(json_object_get(race, "second"), "file") ?: "?",
		 json_integer_value(json_object_get(json_object_get(race, "second"), "line")));
	f->headline = rl_xstrdup(line);
}

int rl_parse_explore(const char *text, size_t len, struct rl_findings *out,
		     struct rl_parse_info *info)
{
	json_error_t err;
	json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err), *v;
	const json_t *bugs, *races;
	json_int_t cut;
	size_t i;

	info->complete = 0;
	info->tool_error_count = -1;
	if (!doc || !json_is_object(doc)) {
		snprintf(info->error, sizeof info->error,
			 "not explore's JSON (%s, line %d)",
			 doc ? "not an object" : err.text, err.line);
		json_decref(doc);
		return -1;
	}
	bugs = json_object_get(doc, "bugs");
	races = json_object_get(doc, "races");
	if (!json_is_array(bugs) || !json_is_array(races) ||
	    !json_is_integer(json_object_get(doc, "schedules_run")) ||
	    !json_is_integer(json_object_get(doc, "cut_short"))) {
		snprintf(info->error, sizeof info->error,
			 "explore.json lacks its bugs, races, schedules_run or cut_short");
		json_decref(doc);
		return -1;
	}
	json_array_foreach(bugs, i, v)
		add_bug(out, doc, v);
	json_array_foreach(races, i, v)
		add_race(out, v);
	info->tool_error_count = (int)(json_array_size(bugs) + json_array_size(races));
	/* cut short: schedules without a verdict, or a job that did not
	 * report to its end; what explore does not control (fork, signals,
	 * input), which partial says too, leaves the search whole */
	if (json_is_true(json_object_get(doc, "time_up")))
		snprintf(info->scope, sizeof info->scope,
			 "in %lld of %lld schedules: the search's time ran out first",
			 (long long)json_integer_value(json_object_get(doc, "schedules_run")),
			 (long long)json_integer_value(json_object_get(doc, "schedules_asked")));
	cut = json_integer_value(json_object_get(doc, "cut_short"));
	info->complete = cut == 0 &&
			 !json_is_false(json_object_get(doc, "jobs_ended"));
	if (!info->complete) {
		long long ran = json_integer_value(json_object_get(doc, "schedules_run"));
		const char *jobs = json_is_false(json_object_get(doc, "jobs_ended")) ?
			", and a job of explore's ended before it reported every schedule" : "";

		if (cut == 1 && ran == 1)
			snprintf(info->error, sizeof info->error,
				 "the search was cut short: its one schedule ended with no verdict%s",
				 jobs);
		else
			snprintf(info->error, sizeof info->error,
				 "the search was cut short: %lld of %lld schedules ended with no verdict%s",
				 (long long)cut, ran, jobs);
	}
	json_decref(doc);
	return 0;
}
