/* judge.c - see judge.h.
 *
 * clang dumps the whole translation unit as JSON. A location names its
 * file only when it differs from the one printed before it, so the walk
 * keeps the file as the dump goes (loc, then range, then the children,
 * in the order they are printed) and takes a node's text from the
 * source only when the node is in the source itself.
 */
#define _GNU_SOURCE
#include "judge.h"

#include <ctype.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/util.h"
#include "harness/runner.h"

#define MAX_DEPTH 512

struct walk {
	const char *source;	/* its path, as clang was given it */
	const char *text;	/* its bytes */
	size_t len;
	const char *file;	/* the file of the location printed last */
	const json_t *stack[MAX_DEPTH];
	size_t child[MAX_DEPTH];	/* stack[k + 1] is child[k] of stack[k] */
	size_t depth;
	const char *func;	/* the function the walk is in */
	struct rl_judges *out;
};

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* A location as the dump prints it: its spelling and expansion first. */
static void note_loc(struct walk *w, const json_t *loc)
{
	const json_t *v;

	if (!json_is_object(loc))
		return;
	if ((v = json_object_get(loc, "spellingLoc")))
		note_loc(w, v);
	if ((v = json_object_get(loc, "expansionLoc")))
		note_loc(w, v);
	if (str(loc, "file"))
		w->file = str(loc, "file");
}

/* Where a range's end point is in the source: a macro's expansion. */
static const json_t *in_file(const json_t *loc)
{
	const json_t *e = json_object_get(loc, "expansionLoc");

	return e ? e : loc;
}

/* The node's text in the source, blanks left out (an empty string when
 * it is not all there). */
static void node_text(const struct walk *w, const json_t *n, char *buf,
		      size_t len, int keep_blanks)
{
	const json_t *r = json_object_get(n, "range");
	const json_t *b = in_file(json_object_get(r, "begin"));
	const json_t *e = in_file(json_object_get(r, "end"));
	json_int_t from = json_integer_value(json_object_get(b, "offset"));
	json_int_t to = json_integer_value(json_object_get(e, "offset")) +
			json_integer_value(json_object_get(e, "tokLen"));
	size_t o = 0;

	buf[0] = '\0';
	if (!b || !e || from < 0 || to > (json_int_t)w->len || to <= from)
		return;
	for (json_int_t i = from; i < to && o + 1 < len; i++) {
		unsigned char c = (unsigned char)w->text[i];

		if (isspace(c)) {
			if (keep_blanks && o && buf[o - 1] != ' ')
				buf[o++] = ' ';
			continue;
		}
		buf[o++] = (char)c;
	}
	buf[o] = '\0';
}

/* The line of a byte offset of the source. */
static int line_of(const struct walk *w, json_int_t offset)
{
	int line = 1;

	for (json_int_t i = 0; i < offset && i < (json_int_t)w->len; i++)
		line += w->text[i] == '\n';
	return line;
}

/* A call whose callee is rl_symptom (through the casts clang adds). */
static int names_symptom(const json_t *n, int depth)
{
	const json_t *d = json_object_get(n, "referencedDecl");
	size_t i;
	const json_t *c;

	if (str(n, "kind") && !strcmp(str(n, "kind"), "DeclRefExpr") &&
	    str(d, "name") && !strcmp(str(d, "name"), "rl_symptom"))
		return 1;
	if (depth > 4)
		return 0;
	json_array_foreach(json_object_get(n, "inner"), i, c)
		if (names_symptom(c, depth + 1))
			return 1;
	return 0;
}

/* The name a call calls (through the casts clang adds), or NULL. */
static const char *callee(const json_t *n, int depth)
{
	const json_t *d = json_object_get(n, "referencedDecl"), *c;
	size_t i;

	if (str(n, "kind") && !strcmp(str(n, "kind"), "DeclRefExpr"))
		return str(d, "name");
	if (depth > 4)
		return NULL;
	json_array_foreach(json_object_get(n, "inner"), i, c) {
		const char *name = callee(c, depth + 1);

		if (name)
			return name;
	}
	return NULL;
}

static int is_success(const char *v)
{
	return !strcmp(v, "0") || !strcmp(v, "EXIT_SUCCESS") || !v[0];
}

/* A call or return that ends the program, or its thread, with no
 * failure to see (exit(1) is seen: the check fails anyway). */
static void note_exit(struct walk *w, const json_t *n, const char *kind)
{
	const json_t *in = json_object_get(n, "inner");
	const char *name = NULL;
	char arg[128] = "", all[256];
	struct rl_exit *x;
	const json_t *b;

	if (!strcmp(kind, "ReturnStmt")) {
		if (json_array_size(in))
			node_text(w, json_array_get(in, 0), arg, sizeof arg, 0);
		if (!is_success(arg))
			return;
	} else {
		name = callee(json_array_get(in, 0), 0);
		if (!name)
			return;
		if (json_array_size(in) > 1)
			node_text(w, json_array_get(in, 1), arg, sizeof arg, 0);
		if (!((!strcmp(name, "exit") || !strcmp(name, "_exit") ||
		       !strcmp(name, "_Exit") || !strcmp(name, "quick_exit")) ?
		      is_success(arg) :
		      !strcmp(name, "pthread_exit") || !strcmp(name, "longjmp") ||
		      !strcmp(name, "siglongjmp") || !strcmp(name, "syscall") ||
		      !strncmp(name, "exec", 4)))
			return;
	}
	if (w->out->nexits == RL_MAX_EXITS)
		return;
	x = &w->out->exits[w->out->nexits++];
	memset(x, 0, sizeof *x);
	node_text(w, n, all, sizeof all, 0);
	snprintf(x->key, sizeof x->key, "%s", all);
	node_text(w, n, x->text, sizeof x->text, 1);
	snprintf(x->func, sizeof x->func, "%s", w->func ? w->func : "");
	b = in_file(json_object_get(json_object_get(n, "range"), "begin"));
	x->offset = (long)json_integer_value(json_object_get(b, "offset"));
	x->line = line_of(w, x->offset);
}

/* The condition that leads from parent into its child-th child, with
 * its sense ("!" on the branch taken when it is false), or NULL. */
static const json_t *condition(const json_t *parent, size_t child,
			       const char **sense)
{
	const char *k = str(parent, "kind");
	const json_t *in = json_object_get(parent, "inner");
	size_t ci = json_is_true(json_object_get(parent, "hasInit")) +
		    json_is_true(json_object_get(parent, "hasVar"));

	*sense = "";
	if (!k)
		return NULL;
	if (!strcmp(k, "IfStmt") && child > ci) {
		*sense = child == ci + 1 ? "" : "!";
		return json_array_get(in, ci);
	}
	if ((!strcmp(k, "WhileStmt") || !strcmp(k, "SwitchStmt")) && child > ci)
		return json_array_get(in, ci);
	if (!strcmp(k, "DoStmt") && child == 0)
		return json_array_get(in, 1);
	if (!strcmp(k, "ForStmt") && child == 4)
		return json_array_get(in, 2);
	if (!strcmp(k, "CaseStmt") && child >= 1)
		return json_array_get(in, 0);
	if (!strcmp(k, "ConditionalOperator") && child >= 1) {
		*sense = child == 1 ? "" : "!";
		return json_array_get(in, 0);
	}
	if (!strcmp(k, "BinaryOperator") && child == 1 && str(parent, "opcode") &&
	    (!strcmp(str(parent, "opcode"), "&&") || !strcmp(str(parent, "opcode"), "||"))) {
		*sense = !strcmp(str(parent, "opcode"), "&&") ? "" : "!";
		return json_array_get(in, 0);
	}
	return NULL;
}

static void add_judge(struct walk *w, const json_t *call)
{
	struct rl_judge *j;
	char cond[512];
	size_t off = 0;
	const json_t *b = in_file(json_object_get(json_object_get(call, "range"), "begin"));

	if (w->out->n == RL_MAX_JUDGES)
		return;
	w->out->judge_offset[w->out->n] = (long)json_integer_value(json_object_get(b, "offset"));
	snprintf(w->out->judge_func[w->out->n], sizeof w->out->judge_func[0], "%s",
		 w->func ? w->func : "");
	j = &w->out->v[w->out->n++];
	memset(j, 0, sizeof *j);
	j->line = line_of(w, json_integer_value(json_object_get(b, "offset")));
	for (size_t k = w->depth; k-- > 0;) {
		const char *sense;
		const json_t *c = condition(w->stack[k], w->child[k], &sense);

		if (!strcmp(str(w->stack[k], "kind") ?: "", "FunctionDecl"))
			break;
		if (!c || !json_object_get(c, "kind"))
			continue;
		node_text(w, c, cond, sizeof cond, 0);
		off += (size_t)snprintf(j->key + off, sizeof j->key - off,
					"%s(%s)&", sense, cond);
		if (off >= sizeof j->key)
			off = sizeof j->key - 1;
		if (!j->text[0]) {
			const json_t *r = json_object_get(c, "range");

			node_text(w, c, j->text, sizeof j->text, 1);
			j->line = line_of(w, json_integer_value(json_object_get(
				in_file(json_object_get(r, "begin")), "offset")));
		}
	}
	/* and the category: a lost update must stay one */
	node_text(w, json_array_get(json_object_get(call, "inner"), 1), cond,
		  sizeof cond, 0);
	snprintf(j->key + off, sizeof j->key - off, "|%s", cond);
}

static void visit(struct walk *w, const json_t *n)
{
	const json_t *r = json_object_get(n, "range"), *c;
	const char *kind = str(n, "kind");
	size_t i;

	note_loc(w, json_object_get(n, "loc"));
	if (r) {
		note_loc(w, json_object_get(r, "begin"));
		note_loc(w, json_object_get(r, "end"));
	}
	if (kind && !strcmp(kind, "CallExpr") && w->file &&
	    !strcmp(w->file, w->source) &&
	    names_symptom(json_array_get(json_object_get(n, "inner"), 0), 0))
		add_judge(w, n);
	else if (kind && (!strcmp(kind, "CallExpr") || !strcmp(kind, "ReturnStmt")) &&
		 w->file && !strcmp(w->file, w->source))
		note_exit(w, n, kind);
	if (w->depth == MAX_DEPTH)
		return;
	if (kind && !strcmp(kind, "FunctionDecl")) {
		const char *outer = w->func;

		w->func = str(n, "name");
		w->stack[w->depth] = n;
		json_array_foreach(json_object_get(n, "inner"), i, c) {
			w->child[w->depth] = i;
			w->depth++;
			visit(w, c);
			w->depth--;
		}
		w->func = outer;
		return;
	}
	w->stack[w->depth] = n;
	json_array_foreach(json_object_get(n, "inner"), i, c) {
		w->child[w->depth] = i;
		w->depth++;
		visit(w, c);
		w->depth--;
	}
}

int rl_judges_of(const char *source, const char *include_dir,
		 const char *dir, struct rl_judges *out, char *err,
		 size_t errlen)
{
	struct rl_spawn s = { 0 };
	struct rl_outcome o;
	char ast[PATH_MAX], log[PATH_MAX];
	char *abs = realpath(source, NULL);
	struct walk w = { 0 };
	json_error_t je;
	json_t *doc = NULL;
	int rc = -1;

	memset(out, 0, sizeof *out);
	snprintf(ast, sizeof ast, "%s/judge.ast.json", dir);
	snprintf(log, sizeof log, "%s/judge.log", dir);
	if (!abs) {
		snprintf(err, errlen, "cannot read %s", source);
		return -1;
	}
	rl_spawn_arg(&s, "clang");
	rl_spawn_arg(&s, "-fsyntax-only");
	rl_spawn_arg(&s, "-w");
	rl_spawn_arg(&s, "-I%s", include_dir);
	rl_spawn_arg(&s, "-Xclang");
	rl_spawn_arg(&s, "-ast-dump=json");
	rl_spawn_arg(&s, "%s", abs);
	s.stdout_path = ast;
	s.stderr_path = log;
	s.timeout_s = 60;
	s.term_grace_s = 1;
	s.max_output_bytes = 512ul << 20;
	s.max_file_bytes = 1ul << 30;
	s.max_resident_bytes = 4ul << 30;
	if (rl_run(&s, &o) != 0 || o.how != RL_EXITED || o.exit_code != 0) {
		snprintf(err, errlen, "clang could not read %s (its words are in %s)",
			 source, log);
		goto done;
	}
	if (!(doc = json_load_file(ast, 0, &je))) {
		snprintf(err, errlen, "clang's AST of %s is not JSON: %s", source,
			 je.text);
		goto done;
	}
	w.source = abs;
	w.text = rl_read_file(abs, &w.len);
	w.out = out;
	if (!w.text) {
		snprintf(err, errlen, "cannot read %s", source);
		goto done;
	}
	visit(&w, doc);
	free((char *)w.text);
	rc = 0;
done:
	json_decref(doc);
	unlink(ast);
	rl_spawn_free(&s);
	free(abs);
	return rc;
}

static int has(const struct rl_judges *js, const char *key)
{
	for (size_t i = 0; i < js->n; i++)
		if (!strcmp(js->v[i].key, key))
			return 1;
	return 0;
}

const struct rl_judge *rl_judge_missing(const struct rl_judges *original,
					const struct rl_judges *fixes,
					size_t nfixes,
					const struct rl_judges *copy)
{
	for (size_t i = 0; i < original->n; i++) {
		const struct rl_judge *j = &original->v[i];
		int in_every_fix = 1, in_copy_as_fixed = 0;

		if (has(copy, j->key))
			continue;
		for (size_t f = 0; f < nfixes; f++)
			in_every_fix &= has(&fixes[f], j->key);
		/* a judge a fix words otherwise: the copy may keep the fix's */
		for (size_t f = 0; f < nfixes && !in_every_fix; f++)
			for (size_t k = 0; k < fixes[f].n; k++)
				if (!has(original, fixes[f].v[k].key) &&
				    has(copy, fixes[f].v[k].key))
					in_copy_as_fixed = 1;
		if (!in_copy_as_fixed)
			return j;
	}
	return NULL;
}

/* Whether exit x comes before the check: a process exit anywhere (a
 * worker's ends main too), a thread's own way out (return,
 * pthread_exit, longjmp) only in a function with a judge, before it. */
static int before_check(const struct rl_judges *js, const struct rl_exit *x)
{
	if (!strncmp(x->key, "exit", 4) || !strncmp(x->key, "_exit", 5) ||
	    !strncmp(x->key, "_Exit", 5) || !strncmp(x->key, "quick_exit", 10) ||
	    !strncmp(x->key, "syscall", 7) || !strncmp(x->key, "exec", 4))
		return 1;
	for (size_t k = 0; k < js->n; k++)
		if (!strcmp(js->judge_func[k], x->func) && x->offset < js->judge_offset[k])
			return 1;
	return 0;
}

static size_t count_before(const struct rl_judges *js, const char *key)
{
	size_t n = 0;

	for (size_t i = 0; i < js->nexits; i++)
		n += !strcmp(js->exits[i].key, key) && before_check(js, &js->exits[i]);
	return n;
}

const struct rl_exit *rl_judge_skipped(const struct rl_judges *original,
				       const struct rl_judges *fixes,
				       size_t nfixes,
				       const struct rl_judges *copy)
{
	for (size_t i = 0; i < copy->nexits; i++) {
		const struct rl_exit *x = &copy->exits[i];
		size_t allowed;

		if (!before_check(copy, x))
			continue;
		allowed = count_before(original, x->key);
		for (size_t f = 0; f < nfixes; f++)
			if (count_before(&fixes[f], x->key) > allowed)
				allowed = count_before(&fixes[f], x->key);
		if (count_before(copy, x->key) > allowed)
			return x;
	}
	return NULL;
}
