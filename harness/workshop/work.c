/* work.c - who does an exercise's work (work.h). */
#define _GNU_SOURCE
#include "work.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/explore/explore.h"
#include "harness/runner.h"

/* The first line of a saved file: one of another form (an older
 * racelab's, counted otherwise) is measured again. */
#define WORK_FORMAT "racelab work 2: per run, over a random search"

void rl_work_add(struct rl_work *w, const char *name, unsigned long long main,
		 unsigned long long threads, int writers,
		 unsigned long long switches)
{
	size_t len = strcspn(name, "+");
	struct rl_work_var *v = NULL;

	if (!len)
		return;
	for (int i = 0; i < w->n && !v; i++)
		if (strlen(w->v[i].name) == len && !strncmp(w->v[i].name, name, len))
			v = &w->v[i];
	if (!v) {
		if (w->n == RL_WORK_VARS)
			return;
		v = &w->v[w->n++];
		memset(v, 0, sizeof *v);
		snprintf(v->name, sizeof v->name, "%.*s", (int)len, name);
	}
	v->main += main;
	v->threads += threads;
	v->switches += switches;
	/* the granules of one variable: the most that wrote any of them */
	if (writers > v->writers)
		v->writers = writers;
}

int rl_work_save(const struct rl_work *w, const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fprintf(f, "%s\n", WORK_FORMAT);
	for (int i = 0; i < w->n; i++)
		fprintf(f, "%s %llu %llu %d %llu\n", w->v[i].name, w->v[i].main,
			w->v[i].threads, w->v[i].writers, w->v[i].switches);
	return fclose(f) == 0 ? 0 : -1;
}

int rl_work_load(struct rl_work *w, const char *path)
{
	FILE *f = fopen(path, "r");
	char name[96];
	unsigned long long m, t, sw;
	int k, n;

	memset(w, 0, sizeof *w);
	if (!f)
		return -1;
	if (!fgets(name, sizeof name, f) || strcmp(name, WORK_FORMAT "\n")) {
		fclose(f);
		return -1;
	}
	while ((n = fscanf(f, "%95s %llu %llu %d %llu", name, &m, &t, &k, &sw)) == 5)
		rl_work_add(w, name, m, t, k, sw);
	fclose(f);
	if (n != EOF)
		return -1;
	w->ok = 1;
	return 0;
}

/* The offsets of the granules written, named by llvm-symbolizer
 * (explore's, over the same build): a granule outside every variable
 * (padding, the runtime's own) is dropped. */
static int name_counts(const char *bin, const char *dir, const char *counts,
		       struct rl_work *w, char *err, size_t errlen)
{
	FILE *f = fopen(counts, "r");
	unsigned long long off, m, t, sw;
	int k, named = 0;
	json_t *seen = json_object();	/* "0x..." -> [main, threads, writers, switches] */
	json_t *names = json_object(), *c;
	const char *key;

	if (!f) {
		snprintf(err, errlen, "the counts could not be read (%s)", counts);
		json_decref(seen);
		json_decref(names);
		return -1;
	}
	while (fscanf(f, "%llx %llu %llu %d %llu", &off, &m, &t, &k, &sw) == 5) {
		char hex[32];

		snprintf(hex, sizeof hex, "0x%llx", off);
		json_object_set_new(seen, hex, json_pack("[I,I,i,I]", (json_int_t)m,
							 (json_int_t)t, k, (json_int_t)sw));
		json_object_set_new(names, hex, json_null());
	}
	fclose(f);
	rl_explore_symbolize(bin, dir, NULL, names);
	json_object_foreach(seen, key, c) {
		const char *name = json_string_value(json_object_get(names, key));

		if (!name || !*name)
			continue;
		named++;
		rl_work_add(w, name, (unsigned long long)json_integer_value(json_array_get(c, 0)),
			    (unsigned long long)json_integer_value(json_array_get(c, 1)),
			    (int)json_integer_value(json_array_get(c, 2)),
			    (unsigned long long)json_integer_value(json_array_get(c, 3)));
	}
	if (!named && json_object_size(seen))
		snprintf(err, errlen, "llvm-symbolizer could not name the variables written");
	else
		w->ok = 1;
	json_decref(seen);
	json_decref(names);
	return w->ok ? 0 : -1;
}

/* The counts are the search's sums: as figures of one run, from the
 * number of schedules its last line (the end) gives. */
static int per_run(const char *said, struct rl_work *w, char *err,
		   size_t errlen)
{
	FILE *f = fopen(said, "r");
	char *line = NULL;
	size_t cap = 0;
	long long runs = 0;

	while (f && getline(&line, &cap, f) > 0) {
		json_t *j = json_loads(line, 0, NULL);

		if (!strcmp(json_string_value(json_object_get(j, "event")) ?: "", "end"))
			runs = json_integer_value(json_object_get(j, "schedules"));
		json_decref(j);
	}
	free(line);
	if (f)
		fclose(f);
	if (runs <= 0) {
		w->ok = 0;
		snprintf(err, errlen, "its search did not say how many schedules it ran");
		return -1;
	}
	for (int i = 0; i < w->n; i++) {
		w->v[i].main = (w->v[i].main + runs / 2) / runs;
		w->v[i].threads = (w->v[i].threads + runs / 2) / runs;
		w->v[i].switches = (w->v[i].switches + runs / 2) / runs;
	}
	return 0;
}

int rl_work_measure(const char *bin, const char *dir, double timeout_s,
		    struct rl_work *w, char *err, size_t errlen)
{
	char counts[PATH_MAX], said[PATH_MAX], errs[PATH_MAX];
	struct rl_spawn s = { 0 };
	struct rl_outcome o;
	int rc;

	memset(w, 0, sizeof *w);
	snprintf(counts, sizeof counts, "%s/work.counts", dir);
	snprintf(said, sizeof said, "%s/work.stdout", dir);
	snprintf(errs, sizeof errs, "%s/work.stderr", dir);
	remove(counts);
	rl_spawn_arg(&s, "%s", bin);
	rl_spawn_setenv(&s, "RL_WORK_FILE=%s", counts);
	rl_spawn_setenv(&s, "RL_EXPLORE=1");
	rl_spawn_setenv(&s, "RL_EXPLORE_STRATEGY=random");
	rl_spawn_setenv(&s, "RL_EXPLORE_SEED=1");
	rl_spawn_setenv(&s, "RL_EXPLORE_SCHEDULES=%d", RL_WORK_SCHEDULES);
	s.stdout_path = said;
	s.stderr_path = errs;
	s.timeout_s = timeout_s;
	s.term_grace_s = 1;
	s.max_output_bytes = 1 << 20;
	s.max_file_bytes = 64 << 20;
	rc = rl_run(&s, &o);
	rl_spawn_free(&s);
	if (rc != 0 || o.how == RL_SPAWN_FAILED) {
		snprintf(err, errlen, "its run could not be started");
		return -1;
	}
	if (o.how == RL_TIMED_OUT) {
		snprintf(err, errlen, "its run did not end within %.0f s", timeout_s);
		return -1;
	}
	if (access(counts, F_OK) != 0) {
		snprintf(err, errlen, "its run left no counts (a program that ends with _exit() or a signal leaves none)");
		return -1;
	}
	if (name_counts(bin, dir, counts, w, err, errlen) != 0)
		return -1;
	return per_run(said, w, err, errlen);
}

static int racelab_own(const char *name)
{
	return !strncmp(name, "rl_", 3) || !strncmp(name, "RL_", 3);
}

/* The reference's work: what two or more of its started threads write,
 * and of which they make at least half the writes. */
static int is_work(const struct rl_work_var *v)
{
	return !racelab_own(v->name) && v->writers >= 2 &&
	       v->threads >= v->main;
}

/* The started threads make a tenth of the writes, or more. */
static int threads_work(const struct rl_work_var *v)
{
	return v->threads * 10 >= v->main + v->threads;
}

/* Each started thread's writes all before the next one's, where the
 * reference's interleave; only for threads that write more than once
 * each. A run of n writers in turn changes hands n - 1 times, and once
 * more from the last writer of the schedule before. */
static int takes_turns(const struct rl_work_var *c, const struct rl_work_var *r)
{
	return c->writers >= 2 && c->threads >= 2 * (unsigned)c->writers &&
	       c->switches <= (unsigned)c->writers &&
	       r->switches > (unsigned)r->writers;
}

static const struct rl_work_var *find(const struct rl_work *w, const char *name)
{
	for (int i = 0; i < w->n; i++)
		if (!strcmp(w->v[i].name, name))
			return &w->v[i];
	return NULL;
}

enum rl_work_verdict rl_work_judge(const struct rl_work *copy,
				   const struct rl_work *ref, int started,
				   char *why, size_t len, char *ref_why,
				   size_t ref_len)
{
	const struct rl_work_var *shown = NULL, *shown_ref = NULL;
	char names[256] = "";
	int any = 0, decoy = 1;

	why[0] = ref_why[0] = '\0';
	if (!copy->ok || !ref->ok) {
		snprintf(why, len, "not counted: %s run left no counts",
			 copy->ok ? "the reference fix's" : "the copy's");
		return RL_WORK_UNKNOWN;
	}
	for (int i = 0; i < ref->n; i++) {
		const struct rl_work_var *r = &ref->v[i], *c;
		size_t used = strlen(names);

		if (!is_work(r))
			continue;
		if (used < sizeof names - 1)
			snprintf(names + used, sizeof names - used, "%s`%s`",
				 used ? ", " : "", r->name);
		if (!(c = find(copy, r->name)))
			continue;
		any = 1;
		if (threads_work(c))
			decoy = 0;
	}
	/* the variable to name: one the copy's threads do write, else the
	 * one with the most work in the reference */
	for (int i = 0; i < ref->n; i++) {
		const struct rl_work_var *r = &ref->v[i], *c = find(copy, r->name);

		if (!is_work(r) || !c || (!decoy && !threads_work(c)))
			continue;
		if (!shown || r->threads > shown_ref->threads) {
			shown = c;
			shown_ref = r;
		}
	}
	if (!names[0]) {
		snprintf(why, len, "not counted: the reference fix's threads share no global variable");
		return RL_WORK_UNKNOWN;
	}
	if (!any) {
		snprintf(why, len, "not counted: your copy writes none of %s, which the reference fix's threads write",
			 names);
		return RL_WORK_UNKNOWN;
	}
	if (shown_ref->main)
		snprintf(ref_why, ref_len, "in the reference fix, %d threads make %llu of the %llu writes to `%s`",
			 shown_ref->writers, shown_ref->threads,
			 shown_ref->threads + shown_ref->main, shown_ref->name);
	else
		snprintf(ref_why, ref_len, "in the reference fix, %d threads make all %llu writes to `%s`",
			 shown_ref->writers, shown_ref->threads, shown_ref->name);
	if (!decoy && takes_turns(shown, shown_ref)) {
		snprintf(why, len, "your threads take turns: in %d runs that switch threads at random, each one's writes to `%s` all came before the next one's",
			 RL_WORK_SCHEDULES, shown->name);
		snprintf(ref_why, ref_len, "in the reference fix, `%s` changes hands between threads %llu times a run",
			 shown_ref->name, shown_ref->switches);
		return RL_WORK_TURNS;
	}
	if (!decoy) {
		snprintf(why, len, "%d thread%s you start write%s `%s`: %llu of its %llu writes",
			 shown->writers, shown->writers == 1 ? "" : "s",
			 shown->writers == 1 ? "s" : "", shown->name,
			 shown->threads, shown->threads + shown->main);
		return RL_WORK_OK;
	}
	if (!shown->threads && started > 0)
		snprintf(why, len, "the %d thread%s you start never write%s `%s`: main makes all %llu writes",
			 started, started == 1 ? "" : "s", started == 1 ? "s" : "",
			 shown->name, shown->main);
	else if (!shown->threads)
		snprintf(why, len, "the threads you start never write `%s`: main makes all %llu writes",
			 shown->name, shown->main);
	else
		snprintf(why, len, "the threads you start make %llu of the %llu writes to `%s`: main makes the rest",
			 shown->threads, shown->threads + shown->main, shown->name);
	return RL_WORK_DECOY;
}
