/* tell.c - what explore says of a search (explore_int.h): each bug's
 * sentence and story, the races, the livelock's cycle, and explore.json,
 * the schedule files and the lines printed; names.c names what they
 * touched.
 */
#define _GNU_SOURCE
#include "explore.h"
#include "explore_int.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/util.h"
#include "harness/output.h"
#include "harness/words.h"
#include "story.h"

/* What glibc's assert() printed ("PROG: FILE:LINE: FUNCTION: Assertion
 * `X' failed."), said as "assertion `X' failed at FILE:LINE (FUNCTION)"
 * with FILE's last part; the line as it is when it is not of that form. */
static void failure_line(const char *output, char *buf, size_t len)
{
	const char *hit = strstr(output, ": Assertion `");
	const char *start, *end, *p, *q, *file, *func;
	int line;

	buf[0] = '\0';
	if (!hit)
		return;
	for (start = hit; start > output && start[-1] != '\n'; start--)
		;
	end = strchr(hit, '\n');
	if (!end)
		end = hit + strlen(hit);
	/* PROG: FILE:LINE: FUNC -> from the right, as FUNC may hold ':' */
	p = strstr(start, ": ");
	if (!p || p > hit)
		goto raw;
	file = p + 2;
	for (q = file; q < hit && !(q[0] == ':' && q[1] >= '0' && q[1] <= '9'); q++)
		;
	if (q >= hit || sscanf(q + 1, "%d", &line) != 1)
		goto raw;
	func = strstr(q + 1, ": ");
	if (!func || func > hit)
		goto raw;
	func += 2;
	{
		const char *slash = file;

		for (const char *c = file; c < q; c++)
			if (*c == '/')
				slash = c + 1;
		snprintf(buf, len, "assertion %.*s at %.*s:%d (%.*s)",
			 (int)(end - (hit + 12) - (end[-1] == '.' ? 1 : 0)), hit + 12,
			 (int)(q - slash), slash, line, (int)(hit - func), func);
	}
	return;
raw:
	snprintf(buf, len, "%.*s", (int)(end - start), start);
}

/* The sentence that ends the story. */
static void bug_sentence(const json_t *bug, const struct names *n,
			 json_t *others, char *buf, size_t len)
{
	const char *kind = json_string_value(json_object_get(bug, "kind"));
	long t = (long)json_integer_value(json_object_get(bug, "thread"));
	char fail[512], who[32];
	json_t *w = NULL;

	failure_line(json_string_value(json_object_get(bug, "output")) ?
		     json_string_value(json_object_get(bug, "output")) : "",
		     fail, sizeof fail);
	/* the first frame of the program's own code, not the scheduler's */
	for (size_t k = 0; k < json_array_size(json_object_get(bug, "stack")) && !w; k++) {
		w = xp_where(n->code, json_array_get(json_object_get(bug, "stack"), k), 1);
		if (w && !strcmp(json_string_value(json_object_get(w, "file")) ?: "", "rt.c")) {
			json_decref(w);
			w = NULL;
		}
	}
	if (!strcmp(kind, "deadlock")) {
		size_t i, off;
		json_t *s;

		off = (size_t)snprintf(buf, len, "deadlock:");
		json_array_foreach(json_object_get(bug, "stuck"), i, s) {
			json_t *at = xp_where(n->code, json_object_get(s, "pc"), 1);
			const char *v = xp_var_name(n->data, others, bug,
						 xp_hexval(json_object_get(s, "object")),
						 "lock");
			const char *waits = json_string_value(json_object_get(s, "waits"));

			char whom[32];

			if (off >= len)
				break;
			rl_story_thread((long)json_integer_value(json_object_get(s, "thread")),
					who, sizeof who);
			rl_story_thread((long)json_integer_value(json_object_get(s, "holder")),
					whom, sizeof whom);
			off += (size_t)snprintf(buf + off, len - off, "%s %s waits for %s%s%s",
					 i ? ";" : "", who,
					 !strcmp(waits, "join") ? "" : waits,
					 !strcmp(waits, "join") ? "" : " ",
					 !strcmp(waits, "join") ? "" : v ? v : "?");
			if (off < len && !strcmp(waits, "join"))
				off += (size_t)snprintf(buf + off, len - off, "%s to end", whom);
			else if (off < len && json_object_get(s, "holder"))
				off += (size_t)snprintf(buf + off, len - off, " (held by %s)", whom);
			if (off < len && at)
				off += (size_t)snprintf(buf + off, len - off, " at %s:%lld",
						 json_string_value(json_object_get(at, "file")),
						 json_integer_value(json_object_get(at, "line")));
			json_decref(at);
		}
	} else if (!strcmp(kind, "assertion") && fail[0]) {
		snprintf(buf, len, "%s: %s", rl_story_thread(t, who, sizeof who), fail);
	} else if (!strcmp(kind, "crash") || !strcmp(kind, "abort") ||
		   !strcmp(kind, "assertion")) {
		snprintf(buf, len, "%s: %s (%s)%s%s%s%lld",
			 rl_story_thread(t, who, sizeof who),
			 !strcmp(kind, "crash") ? "crashed" : "aborted",
			 json_string_value(json_object_get(bug, "signal")),
			 w ? " at " : "",
			 w ? json_string_value(json_object_get(w, "file")) : "",
			 w ? ":" : "",
			 w ? json_integer_value(json_object_get(w, "line")) : 0LL);
		if (!w)
			buf[strlen(buf) - 1] = '\0';	/* the 0 */
	} else if (!strcmp(kind, "exit")) {
		snprintf(buf, len, "the program exited with status %lld, where its plain run exits with 0",
			 json_integer_value(json_object_get(bug, "status")));
	} else if (!strcmp(kind, "symptom")) {
		/* its first line, "CATEGORY\tsentence", as "CATEGORY: sentence" */
		const char *sym = json_string_value(json_object_get(bug, "symptom")) ?: "";
		size_t cat = strcspn(sym, "\t\n");
		size_t rest = sym[cat] == '\t' ? strcspn(sym + cat + 1, "\n") : 0;

		snprintf(buf, len, "the program's own check: %.*s%s%.*s", (int)cat, sym,
			 rest ? ": " : "", (int)rest, sym[cat] == '\t' ? sym + cat + 1 : "");
	} else {
		snprintf(buf, len, "%s", kind);
	}
	json_decref(w);
}

/* ---- a livelock's cycle */

static int same_value(const json_t *a, const json_t *b)
{
	return (!a && !b) || (a && b && json_equal(a, b));
}

/* Two steps alike: the same thread doing the same thing at the same
 * place to the same object (the values may differ: a version counter
 * that every retry bumps is no progress). */
static int same_step(const json_t *a, const json_t *b)
{
	static const char *const keys[] = { "thread", "op", "pc", "addr" };

	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
		if (!same_value(json_object_get(a, keys[k]), json_object_get(b, keys[k])))
			return 0;
	return 1;
}

#define MAX_CYCLE 4096

/* The shortest period P (at most MAX_CYCLE steps) with which the end of
 * the trace repeats itself, at least twice over; *from: the index where
 * the repetition begins (0: before the trace kept). 0 when none. */
static size_t cycle_of(const json_t *trace, size_t *from)
{
	size_t n = json_array_size(trace);

	for (size_t p = 1; p <= MAX_CYCLE && 3 * p <= n; p++) {
		size_t i = n, s;

		while (i > n - 2 * p &&
		       same_step(json_array_get(trace, i - 1), json_array_get(trace, i - 1 - p)))
			i--;
		if (i > n - 2 * p)
			continue;
		for (s = n - 2 * p; s > p &&
		     same_step(json_array_get(trace, s - 1), json_array_get(trace, s - 1 - p));)
			s--;
		*from = s - p;
		return p;
	}
	return 0;
}

/* A livelock in words, from its cycle: who repeats what since when, and
 * the program's last progress mark. Returns the trace cut to its last
 * two cycles (at least 8 steps), which the story is told from: a
 * livelock runs to the step budget, and its whole trace would be
 * megabytes of the same steps. */
static json_t *livelock_sentence(const json_t *bug, json_t *trace,
				 char *buf, size_t len)
{
	long long steps = json_integer_value(json_object_get(bug, "steps"));
	long long marks = json_integer_value(json_object_get(bug, "marks"));
	long long last = json_integer_value(json_object_get(bug, "last_mark"));
	size_t from = 0, p = cycle_of(trace, &from), n = json_array_size(trace);
	size_t off = 0, keep;
	int who[256] = { 0 }, k = 0;
	char since[96], mark[96], name[32];

	if (marks)
		snprintf(mark, sizeof mark, "; the last progress mark was at step %lld", last);
	else
		snprintf(mark, sizeof mark, ", and none marks progress");
	if (!p) {
		snprintf(buf, len, "livelock: the threads ran %lld steps (the step budget)%s",
			 steps, marks ? mark : " and none marked progress");
		return trace;
	}
	for (size_t i = n - p; i < n; i++) {
		json_int_t t = json_integer_value(json_object_get(json_array_get(trace, i), "thread"));

		if (t > 0 && t < 256)
			who[t] = 1;
	}
	off = (size_t)snprintf(buf, len, "livelock:");
	for (int t = 1; t < 256 && off < len; t++)
		if (who[t])
			off += (size_t)snprintf(buf + off, len - off, "%s %s",
					 k++ ? " and" : "",
					 rl_story_thread(t, name, sizeof name));
	if (from)
		snprintf(since, sizeof since, "from step %lld",
			 json_integer_value(json_object_get(json_array_get(trace, from), "step")));
	else
		snprintf(since, sizeof since, "for at least the last %zu steps", n);
	if (off < len)
		snprintf(buf + off, len - off,
			 " repeat%s the same %zu step%s %s, until the step budget (%lld) runs out%s",
			 k == 1 ? "s" : "", p, p == 1 ? "" : "s", since, steps, mark);
	keep = 2 * p > 8 ? 2 * p : 8;
	if (n > keep) {
		json_t *tail = json_array();

		for (size_t i = n - keep; i < n; i++)
			json_array_append(tail, json_array_get(trace, i));
		json_decref(trace);
		trace = tail;
	}
	return trace;
}

/* ---- results */

static json_t *string_array(const char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *schedule_doc(const struct explore *e, const json_t *bug,
			    unsigned long long id)
{
	json_t *d = json_object();
	char h[32];

	snprintf(h, sizeof h, "%016llx", id);
	json_object_set_new(d, "racelab_schedule", json_integer(1));
	json_object_set_new(d, "program", json_string(e->name));
	json_object_set_new(d, "identity", json_string(h));
	json_object_set_new(d, "sources", string_array(e->sources, e->nfiles));
	json_object_set_new(d, "flags", string_array(e->flags, e->nflags));
	json_object_set_new(d, "args", string_array(e->args, e->nargs));
	json_object_set_new(d, "strategy", json_string(e->strategy));
	json_object_set(d, "seed", json_object_get(bug, "seed"));
	json_object_set(d, "schedule", json_object_get(bug, "schedule"));
	json_object_set(d, "kind", json_object_get(bug, "kind"));
	json_object_set(d, "schedule_file", json_object_get(bug, "schedule_file"));
	return d;
}

static int write_json(const char *path, json_t *j)
{
	FILE *f = rl_output_open(path);

	if (!f)
		return -1;
	return ((json_dumpf(j, f, JSON_INDENT(2) | JSON_SORT_KEYS) != 0) +
		(fclose(f) != 0)) ? -1 : 0;
}

/* The bugs in schedule order, one per kind and place unless --all. */
static int by_schedule(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "schedule"));
	json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "schedule"));

	return x < y ? -1 : x > y;
}

static json_t *sorted(json_t *bugs)
{
	size_t n = json_array_size(bugs);
	json_t **v = rl_xcalloc(n ? n : 1, sizeof *v), *out = json_array();

	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(bugs, i);
	qsort(v, n, sizeof *v, by_schedule);
	for (size_t i = 0; i < n; i++)
		json_array_append(out, v[i]);
	free(v);
	return out;
}

static const char *kind_words(const char *kind)
{
	if (!strcmp(kind, "assertion"))
		return "a failed assertion";
	if (!strcmp(kind, "deadlock"))
		return "a deadlock";
	if (!strcmp(kind, "crash"))
		return "a crash";
	if (!strcmp(kind, "abort"))
		return "an abort";
	if (!strcmp(kind, "exit"))
		return "an exit status the plain run does not give";
	if (!strcmp(kind, "livelock"))
		return "a livelock";
	if (!strcmp(kind, "symptom"))
		return "the program's own check failing";
	return kind;
}

/* What explore could not control, in sentences. */
static json_t *partial(const json_t *end, int servers_ok)
{
	json_t *p = json_array();
	const char *u = json_string_value(json_object_get(end, "unmodelled"));
	const char *note = json_string_value(json_object_get(end, "note"));
	char s[640];

	if (!servers_ok)
		json_array_append_new(p, json_string("a job of explore's ended before it reported every schedule: the search is partial"));
	if (json_is_true(json_object_get(end, "uses_fork")))
		json_array_append_new(p, json_string("the program forks: explore controls the first process only, and its children run free"));
	if (json_is_true(json_object_get(end, "uses_signals")))
		json_array_append_new(p, json_string("the program uses signals: they arrive when the kernel delivers them, outside the schedule"));
	if (json_integer_value(json_object_get(end, "outside_calls")))
		json_array_append_new(p, json_string("the program waits on input or on other processes (read, poll, waitpid, ...): when such a call returns is the kernel's choice, not the search's"));
	if (u && *u) {
		snprintf(s, sizeof s, "the scheduler does not model %s: schedules after it are partial", u);
		json_array_append_new(p, json_string(s));
	}
	if (json_integer_value(json_object_get(end, "budget_cut"))) {
		snprintf(s, sizeof s, "%lld schedules did not end within the step budget (--steps): no verdict on them",
			 json_integer_value(json_object_get(end, "budget_cut")));
		json_array_append_new(p, json_string(s));
	}
	if (json_integer_value(json_object_get(end, "limits")) && !(note && *note)) {
		snprintf(s, sizeof s, "%lld schedules met a limit of explore's and were stopped: no verdict on them",
			 json_integer_value(json_object_get(end, "limits")));
		json_array_append_new(p, json_string(s));
	}
	if (json_integer_value(json_object_get(end, "timeouts"))) {
		long long n = json_integer_value(json_object_get(end, "timeouts"));

		if (n == 1)
			snprintf(s, sizeof s, "1 schedule ran past its time and was stopped: no verdict on it");
		else
			snprintf(s, sizeof s, "%lld schedules ran past their time and were stopped: no verdict on them", n);
		json_array_append_new(p, json_string(s));
	}
	if (note && *note) {
		snprintf(s, sizeof s, "%s", note);
		if (!json_integer_value(json_object_get(end, "budget_cut")) ||
		    !strstr(note, "steps"))
			json_array_append_new(p, json_string(s));
	}
	return p;
}

/* Adds the counts of one server's end to the sum. */
void xp_add_end(json_t *sum, const json_t *end)
{
	static const char *const counts[] = { "schedules", "budget_cut",
		"timeouts", "limits", "outside_calls", NULL };
	static const char *const flags[] = { "uses_fork", "uses_signals",
		"complete", "time_up", NULL };

	for (int i = 0; counts[i]; i++)
		json_object_set_new(sum, counts[i], json_integer(
			json_integer_value(json_object_get(sum, counts[i])) +
			json_integer_value(json_object_get(end, counts[i]))));
	for (int i = 0; flags[i]; i++)
		if (json_is_true(json_object_get(end, flags[i])))
			json_object_set_new(sum, flags[i], json_true());
	if (json_integer_value(json_object_get(end, "max_steps")) >
	    json_integer_value(json_object_get(sum, "max_steps")))
		json_object_set(sum, "max_steps", json_object_get(end, "max_steps"));
	if (json_integer_value(json_object_get(end, "points")) >
	    json_integer_value(json_object_get(sum, "points")))
		json_object_set(sum, "points", json_object_get(end, "points"));
	if (!*(json_string_value(json_object_get(sum, "unmodelled")) ?: ""))
		json_object_set(sum, "unmodelled", json_object_get(end, "unmodelled"));
	if (!*(json_string_value(json_object_get(sum, "note")) ?: ""))
		json_object_set(sum, "note", json_object_get(end, "note"));
}

/* A string the program chose (its name, a variable's, a file's), as
 * text for the screen (util.h: rl_printable); good for the next
 * seven calls, so that one printf may show several. */
static const char *text(const char *s)
{
	static char *ring[8];
	static int k;
	const char *r;

	free(ring[k]);
	ring[k] = rl_printable(s ? s : "?", 0);
	r = ring[k];
	k = (k + 1) % 8;
	return r;
}

static void print_rows(const json_t *rows)
{
	size_t i;
	json_t *r;

	json_array_foreach(rows, i, r)
		printf("  %s\n", text(json_string_value(r)));
}

static json_t *race_json(const json_t *r, const struct names *n)
{
	json_t *o = json_object();

	for (int k = 0; k < 2; k++) {
		const json_t *a = json_object_get(r, k ? "second" : "first");
		json_t *x = json_object(), *w = xp_where(n->code, json_object_get(a, "pc"), 1);

		json_object_set(x, "thread", json_object_get(a, "thread"));
		json_object_set(x, "op", json_object_get(a, "op"));
		if (w) {
			json_object_update(x, w);
			json_decref(w);
		}
		json_object_set_new(o, k ? "second" : "first", x);
	}
	json_object_set(o, "size", json_object_get(r, "size"));
	return o;
}

static void print_race(const json_t *r)
{
	const json_t *a = json_object_get(r, "first"), *b = json_object_get(r, "second");

	char ta[32], tb[32];

	rl_story_thread((long)json_integer_value(json_object_get(a, "thread")), ta, sizeof ta);
	rl_story_thread((long)json_integer_value(json_object_get(b, "thread")), tb, sizeof tb);
	printf("  race: %s %s at %s:%lld (%s) and %s %s at %s:%lld (%s), unordered\n",
	       ta,
	       json_string_value(json_object_get(a, "op")),
	       text(json_string_value(json_object_get(a, "file"))),
	       json_integer_value(json_object_get(a, "line")),
	       text(json_string_value(json_object_get(a, "function"))),
	       tb,
	       json_string_value(json_object_get(b, "op")),
	       text(json_string_value(json_object_get(b, "file"))),
	       json_integer_value(json_object_get(b, "line")),
	       text(json_string_value(json_object_get(b, "function"))));
}

int xp_report(struct explore *e, json_t *bugs_raw, json_t *races_raw,
		  json_t *sum, int servers_ok)
{
	json_t *doc = json_object(), *bugs = json_array(), *races = json_array();
	json_t *seen = json_object(), *others = json_object(), *order, *b;
	json_t *parts = partial(sum, servers_ok);
	struct names n;
	unsigned long long id = xp_identity(e->sources, e->nfiles, e->flags, e->nflags);
	char path[PATH_MAX + 64], line[1200];
	size_t i;
	int nb = 0, rc, width;
	json_int_t cut = json_integer_value(json_object_get(sum, "budget_cut")) +
			 json_integer_value(json_object_get(sum, "timeouts")) +
			 json_integer_value(json_object_get(sum, "limits"));

	order = sorted(bugs_raw);
	xp_name_all(e, order, races_raw, &n);
	json_array_foreach(order, i, b) {
		json_t *trace, *bug = json_object();
		char end[1024], key[1200];
		const char *kind = json_string_value(json_object_get(b, "kind"));
		json_t *sched, *rows;
		int threads = (int)json_array_size(json_object_get(b, "threads"));

		trace = xp_named_trace(b, &n, others);
		bug_sentence(b, &n, others, end, sizeof end);
		if (!strcmp(kind, "livelock"))
			trace = livelock_sentence(b, trace, end, sizeof end);
		snprintf(key, sizeof key, "%s|%s", kind, end);
		if (json_object_get(seen, key)) {	/* the same bug again */
			json_decref(trace);
			json_decref(bug);
			continue;
		}
		json_object_set_new(seen, key, json_true());
		nb++;
		snprintf(path, sizeof path, "%s/bug-%d.schedule", e->dir, nb);
		sched = schedule_doc(e, b, id);
		if (write_json(path, sched))
			fprintf(stderr, "racelab: cannot write %s\n", path);
		json_decref(sched);
		rows = rl_story(trace, threads, end, WIDTH - 2);
		json_object_set(bug, "kind", json_object_get(b, "kind"));
		json_object_set_new(bug, "what", json_string(end));
		json_object_set(bug, "schedule", json_object_get(b, "schedule"));
		json_object_set(bug, "preemptions", json_object_get(b, "preemptions"));
		json_object_set(bug, "steps", json_object_get(b, "steps"));
		json_object_set_new(bug, "schedule_file", json_string(path));
		json_object_set_new(bug, "story", rows);
		json_object_set(bug, "output", json_object_get(b, "output"));
		if (json_object_get(b, "stuck"))
			json_object_set(bug, "stuck", json_object_get(b, "stuck"));
		if (json_object_get(b, "symptom"))
			json_object_set(bug, "symptom", json_object_get(b, "symptom"));
		if (json_object_get(b, "status"))
			json_object_set(bug, "status", json_object_get(b, "status"));
		if (json_object_get(b, "signal"))
			json_object_set(bug, "signal", json_object_get(b, "signal"));
		json_object_set_new(bug, "trace", trace);
		json_array_append_new(bugs, bug);
	}
	json_array_foreach(races_raw, i, b) {
		json_t *r = race_json(b, &n);
		char key[512];

		snprintf(key, sizeof key, "race|%s:%lld|%s:%lld",
			 json_string_value(json_object_get(json_object_get(r, "first"), "file")) ?: "",
			 json_integer_value(json_object_get(json_object_get(r, "first"), "line")),
			 json_string_value(json_object_get(json_object_get(r, "second"), "file")) ?: "",
			 json_integer_value(json_object_get(json_object_get(r, "second"), "line")));
		if (json_object_get(seen, key)) {
			json_decref(r);
			continue;
		}
		json_object_set_new(seen, key, json_true());
		json_array_append_new(races, r);
	}
	json_object_set_new(doc, "program", json_string(e->name));
	json_object_set_new(doc, "sources", string_array(e->sources, e->nfiles));
	json_object_set_new(doc, "flags", string_array(e->flags, e->nflags));
	json_object_set_new(doc, "args", string_array(e->args, e->nargs));
	json_object_set_new(doc, "strategy", json_string(e->strategy));
	json_object_set_new(doc, "seed", json_integer((json_int_t)e->seed));
	json_object_set_new(doc, "depth", json_integer(e->depth));
	json_object_set_new(doc, "bound", json_integer(e->bound));
	json_object_set_new(doc, "jobs", json_integer(e->jobs));
	json_object_set_new(doc, "shard", json_integer(e->shard));
	json_object_set_new(doc, "shards", json_integer(e->shards));
	json_object_set_new(doc, "schedules_asked", json_integer(e->schedules));
	json_object_set_new(doc, "seconds", json_real(e->seconds_ms / 1000.0));
	json_object_set_new(doc, "search_seconds", json_real(e->search_s));
	json_object_set(doc, "time_up", json_object_get(sum, "time_up") ?: json_false());
	json_object_set(doc, "schedules_run", json_object_get(sum, "schedules"));
	json_object_set(doc, "max_steps", json_object_get(sum, "max_steps"));
	json_object_set(doc, "racy_points", json_object_get(sum, "points"));
	json_object_set(doc, "complete", json_object_get(sum, "complete"));
	json_object_set_new(doc, "baseline_status", json_integer(e->baseline));
	json_object_set_new(doc, "bugs", bugs);
	json_object_set_new(doc, "races", races);
	json_object_set_new(doc, "partial", parts);
	/* what of the search did not happen: schedules with no verdict
	 * (the step budget, their time, a limit), and whether every job
	 * reported to its end; the rest of partial says what explore does
	 * not control (fork, signals, input), not what it left undone */
	json_object_set_new(doc, "cut_short", json_integer(cut));
	json_object_set_new(doc, "jobs_ended", json_boolean(servers_ok));
	snprintf(path, sizeof path, "%s/explore.json", e->dir);
	if (write_json(path, doc))
		fprintf(stderr, "racelab: cannot write %s\n", path);

	/* the screen: the sentences wrapped to a terminal's width, their
	 * indent kept; one line each in a log or a pipe */
	width = rl_screen_width(stdout);
	snprintf(line, sizeof line, "racelab explore: %s, %s%s%s, %lld schedule%s (up to %lld steps each)",
		 text(e->name), e->strategy,
		 !strcmp(e->strategy, "pct") ? " depth " : "",
		 !strcmp(e->strategy, "pct") ? (char[8]){ (char)('0' + e->depth % 10), 0 } : "",
		 json_integer_value(json_object_get(sum, "schedules")),
		 json_integer_value(json_object_get(sum, "schedules")) == 1 ? "" : "s",
		 json_integer_value(json_object_get(sum, "max_steps")));
	rl_print_wrapped(stdout, line, 0, 4, width);
	json_array_foreach(bugs, i, b) {
		printf("\nbug %zu: %s, in schedule %lld after %lld preemption%s\n",
		       i + 1, kind_words(json_string_value(json_object_get(b, "kind"))),
		       json_integer_value(json_object_get(b, "schedule")) + 1,
		       json_integer_value(json_object_get(b, "preemptions")),
		       json_integer_value(json_object_get(b, "preemptions")) == 1 ? "" : "s");
		print_rows(json_object_get(b, "story"));
		printf("  replay: ./racelab replay %s\n",
		       text(rl_shown_path(json_string_value(json_object_get(b, "schedule_file")))));
	}
	if (json_array_size(races)) {
		printf("\n%zu data race%s (two accesses, one a write, not ordered by any lock, join or atomic):\n",
		       json_array_size(races), json_array_size(races) == 1 ? "" : "s");
		json_array_foreach(races, i, b)
			print_race(b);
	}
	if (json_array_size(parts))
		putchar('\n');
	json_array_foreach(parts, i, b) {
		snprintf(line, sizeof line, "%s.", json_string_value(b));
		fputs("partial: ", stdout);
		rl_print_wrapped(stdout, line, 9, 9, width);
	}
	if (!json_array_size(bugs) && !json_array_size(races)) {
		if (json_is_true(json_object_get(sum, "complete")) &&
		    json_integer_value(json_object_get(sum, "schedules")) == 1)
			snprintf(line, sizeof line, "no bug: the program has one schedule (no step where two threads could run), and it ran clean");
		else if (json_is_true(json_object_get(sum, "complete")))
			snprintf(line, sizeof line, "no bug in any schedule with at most %d preemption%s (%lld schedules)",
				 e->bound, e->bound == 1 ? "" : "s",
				 json_integer_value(json_object_get(sum, "schedules")));
		else if (cut && cut == json_integer_value(json_object_get(sum, "schedules")))
			snprintf(line, sizeof line, "no verdict: %s, so the search is partial",
				 cut == 1 ? "its one schedule did not end" : "no schedule ran to its end");
		else if (cut)
			snprintf(line, sizeof line, "no bug in the %lld schedules that ran to their end; %lld did not: the search is partial",
				 json_integer_value(json_object_get(sum, "schedules")) - cut, cut);
		else
			snprintf(line, sizeof line, "no bug in %lld schedules%s",
				 json_integer_value(json_object_get(sum, "schedules")),
				 json_is_true(json_object_get(sum, "time_up")) ?
					 " (the time given, --seconds, ran out before the schedules asked)" : "");
		putchar('\n');
		rl_print_wrapped(stdout, line, 0, 0, width);
	}
	printf("results: %s\n", text(rl_shown_path(path)));
	rc = json_array_size(bugs) || json_array_size(races) ? 1 : cut ? 2 : 0;
	json_decref(doc);
	json_decref(order);
	json_decref(seen);
	json_decref(others);
	json_decref(n.code);
	json_decref(n.data);
	return rc;
}
