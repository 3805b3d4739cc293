/* names.c - explore's names for what a schedule touched (explore_int.h):
 * every program counter its file:line and function, every address its
 * global's name, through one llvm-symbolizer (JSON output, read with
 * jansson); each step of a bug's trace named.
 */
#define _GNU_SOURCE
#include "explore.h"
#include "explore_int.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/output.h"

/* ---- names: program counters and addresses, by llvm-symbolizer */

unsigned long long xp_hexval(const json_t *v)
{
	const char *s = json_string_value(v);

	return s ? strtoull(s, NULL, 16) : 0;
}

static void want_code(json_t *set, const json_t *pc, int ret)
{
	char key[32];
	unsigned long long v = xp_hexval(pc);

	if (!v)
		return;
	snprintf(key, sizeof key, "0x%llx", v - (ret ? 1 : 0));
	json_object_set_new(set, key, json_null());
}

/* One llvm-symbolizer for every address: its input is a file of lines
 * ("0x4514", "DATA 0x11204"), its output one JSON object a line. */
void rl_explore_symbolize(const char *bin, const char *dir, json_t *code,
			  json_t *data)
{
	char in[PATH_MAX + 32], outp[PATH_MAX + 32];
	struct rl_spawn s = { 0 };
	struct rl_outcome o;
	const char *key;
	json_t *v;
	FILE *f;
	char *line = NULL;
	size_t cap = 0;

	if (!json_object_size(code) && !json_object_size(data))
		return;	/* nothing to name: no llvm-symbolizer to start */
	snprintf(in, sizeof in, "%s/symbolize.in", dir);
	snprintf(outp, sizeof outp, "%s/symbolize.stdout", dir);
	if (!(f = rl_output_open(in)))
		return;
	json_object_foreach(code, key, v)
		fprintf(f, "%s\n", key);
	json_object_foreach(data, key, v)
		fprintf(f, "DATA %s\n", key);
	fclose(f);
	rl_spawn_arg(&s, "sh");
	rl_spawn_arg(&s, "-c");
	rl_spawn_arg(&s, "exec llvm-symbolizer --obj=\"$0\" --output-style=JSON --functions=short --relative-address < \"$1\"");
	rl_spawn_arg(&s, "%s", bin);
	rl_spawn_arg(&s, "%s", in);
	if (xp_run_quiet(&s, dir, "symbolize", 60, &o)) {
		rl_spawn_free(&s);
		return;
	}
	rl_spawn_free(&s);
	if (!(f = fopen(outp, "r")))
		return;
	while (getline(&line, &cap, f) > 0) {
		json_t *j = json_loads(line, 0, NULL), *sym, *d;
		char k[32];

		snprintf(k, sizeof k, "0x%llx",
			 xp_hexval(json_object_get(j, "Address")));
		if ((d = json_object_get(j, "Data")) &&
		    json_string_value(json_object_get(d, "Name")) &&
		    *json_string_value(json_object_get(d, "Name"))) {
			unsigned long long start = xp_hexval(json_object_get(d, "Start"));
			unsigned long long at = xp_hexval(json_object_get(j, "Address"));
			char name[160];

			if (at > start)
				snprintf(name, sizeof name, "%s+%llu",
					 json_string_value(json_object_get(d, "Name")),
					 at - start);
			else
				snprintf(name, sizeof name, "%s",
					 json_string_value(json_object_get(d, "Name")));
			json_object_set_new(data, k, json_string(name));
		} else if ((sym = json_array_get(json_object_get(j, "Symbol"), 0)) &&
			   json_integer_value(json_object_get(sym, "Line"))) {
			json_t *w = json_object();
			const char *file = json_string_value(json_object_get(sym, "FileName"));
			const char *slash = file ? strrchr(file, '/') : NULL;

			json_object_set_new(w, "file", json_string(slash ? slash + 1 : file ? file : "?"));
			json_object_set_new(w, "path", json_string(file ? file : ""));
			json_object_set(w, "line", json_object_get(sym, "Line"));
			json_object_set(w, "function", json_object_get(sym, "FunctionName"));
			json_object_set_new(code, k, w);
		}
		json_decref(j);
	}
	free(line);
	fclose(f);
}

/* Where a program counter is, as a copy; NULL when not known. */
json_t *xp_where(const json_t *code, const json_t *pc, int ret)
{
	char key[32];
	unsigned long long v = xp_hexval(pc);
	json_t *w;

	if (!v)
		return NULL;
	snprintf(key, sizeof key, "0x%llx", v - (ret ? 1 : 0));
	w = json_object_get(code, key);
	return json_is_object(w) ? json_deep_copy(w) : NULL;
}

/* addr's offset in the program's data (its globals), from the bug's
 * base and data_end; 0 when addr is not there (heap, stack, a library). */
static int data_offset(const json_t *bug, unsigned long long addr,
		       unsigned long long *off)
{
	unsigned long long base = xp_hexval(json_object_get(bug, "base"));
	unsigned long long end = xp_hexval(json_object_get(bug, "data_end"));

	if (!end)
		end = 1ull << 32;
	if (!addr || addr < base || addr - base >= end)
		return 0;
	*off = addr - base;
	return 1;
}

/* A variable's name: a global by its symbol, anything else by its order
 * of appearance ("mem#1", "lock#2"). */
const char *xp_var_name(json_t *data, json_t *others, const json_t *bug,
			    unsigned long long addr, const char *kind)
{
	char key[32];
	const char *n;
	unsigned long long off;

	if (!addr)
		return NULL;
	if (data_offset(bug, addr, &off)) {
		snprintf(key, sizeof key, "0x%llx", off);
		n = json_string_value(json_object_get(data, key));
		if (n)
			return n;
	}
	snprintf(key, sizeof key, "%llx", addr);
	if (!json_object_get(others, key)) {
		char name[48];

		snprintf(name, sizeof name, "%s#%zu", kind,
			 json_object_size(others) + 1);
		json_object_set_new(others, key, json_string(name));
	}
	return json_string_value(json_object_get(others, key));
}

/* Asks llvm-symbolizer for the global at addr, when there is one. */
static void want_data(json_t *set, const json_t *bug, unsigned long long addr)
{
	unsigned long long off;
	char key[32];

	if (!data_offset(bug, addr, &off))
		return;
	snprintf(key, sizeof key, "0x%llx", off);
	json_object_set_new(set, key, json_null());
}

static int is_lock_op(const char *op)
{
	static const char *const ops[] = { "lock", "unlock", "trylock-busy",
		"rdlock", "wrlock", "rwunlock", "wait", "woken", "timed-out",
		"signal", "broadcast", "sem-wait", "sem-post", "barrier",
		"once", NULL };

	for (int i = 0; ops[i]; i++)
		if (!strcmp(op, ops[i]))
			return 1;
	return 0;
}

/* Every program counter and global of the bugs and races, named. */
void xp_name_all(const struct explore *e, json_t *bugs, json_t *races,
		     struct names *n)
{
	size_t i, k;
	json_t *b, *s, *r;

	n->code = json_object();
	n->data = json_object();
	json_array_foreach(bugs, i, b) {
		json_array_foreach(json_object_get(b, "trace"), k, s) {
			want_code(n->code, json_object_get(s, "pc"), 1);
			want_data(n->data, b, xp_hexval(json_object_get(s, "addr")));
		}
		json_array_foreach(json_object_get(b, "stack"), k, s)
			want_code(n->code, s, 1);
		json_array_foreach(json_object_get(b, "stuck"), k, s) {
			want_code(n->code, json_object_get(s, "pc"), 1);
			want_data(n->data, b, xp_hexval(json_object_get(s, "object")));
		}
	}
	json_array_foreach(races, i, r) {
		want_code(n->code, json_object_get(json_object_get(r, "first"), "pc"), 1);
		want_code(n->code, json_object_get(json_object_get(r, "second"), "pc"), 1);
	}
	rl_explore_symbolize(e->bin, e->dir, n->code, n->data);
}

/* The trace as the story reads it: each step with its file, line and
 * variable. */
json_t *xp_named_trace(const json_t *bug, const struct names *n,
			   json_t *others)
{
	json_t *out = json_array(), *s;
	size_t i;

	json_array_foreach(json_object_get(bug, "trace"), i, s) {
		json_t *o, *w = xp_where(n->code, json_object_get(s, "pc"), 1);
		const char *file = json_string_value(json_object_get(w, "file"));
		const char *op = json_string_value(json_object_get(s, "op")), *var;

		/* racelab.h's own bookkeeping (thread names, progress marks,
		 * the program's own check), which forcing off leaves: not
		 * the program's steps */
		if (file && (!strcmp(file, "racelab.h") || !strcmp(file, "racelab_shm.h"))) {
			json_decref(w);
			continue;
		}
		o = json_deep_copy(s);
		var = xp_var_name(n->data, others, bug, xp_hexval(json_object_get(s, "addr")),
			       op && is_lock_op(op) ? "lock" : "mem");

		if (w) {
			json_object_set(o, "file", json_object_get(w, "file"));
			json_object_set(o, "path", json_object_get(w, "path"));
			json_object_set(o, "line", json_object_get(w, "line"));
			json_object_set(o, "function", json_object_get(w, "function"));
			json_decref(w);
		}
		if (var)
			json_object_set_new(o, "var", json_string(var));
		json_array_append_new(out, o);
	}
	return out;
}
