/* html.c - see html.h.
 *
 * The page is a libxml2 HTML tree, serialised by libxml2. Everything
 * that came from a program or a tool (names, headlines, sentences,
 * source lines, raw output) enters the tree in one place, text(), as a
 * text node made valid by rl_text_clean: the serialiser escapes it.
 * Nothing is pasted into markup, so a headline holding `<script>` is
 * shown, never run.
 */
#define _GNU_SOURCE
#include "html.h"

#include <dirent.h>
#include <fcntl.h>
#include <libxml/HTMLtree.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../finding.h"
#include "../output.h"
#include "../results/doc.h"
#include "../results/text.h"
#include "../util.h"

#define RAW_CAP (16u << 10)	/* bytes of each raw file shown */
#define RAW_FILES 16		/* files of one run shown */
#define SOURCE_CAP (512u << 10)

static const char CSS[] =
	"body{font:14px/1.45 sans-serif;margin:1.5em;color:#222;background:#fff}"
	"h1{font-size:1.6em;margin:0 0 .3em}"
	"h2{font-size:1.25em;margin:1.6em 0 .2em;border-bottom:2px solid #bbb}"
	"h3{font-size:1em;margin:.2em 0}"
	"table{border-collapse:collapse}"
	"td,th{border:1px solid #ccc;padding:2px 7px;text-align:left;vertical-align:top}"
	"thead th{background:#eee}"
	"a{color:#124}"
	".v-pass{background:#bfe6bf}"
	".v-fail{background:#f3a9a9}"
	".v-grey{background:#d8d8d8;color:#333}"
	".v-other{background:#dde8f6}"
	".v-none{color:#999}"
	".badge{padding:0 6px;border-radius:3px;font-weight:bold}"
	".legend span{margin-right:.4em}"
	".pair{display:flex;gap:1.2em;align-items:flex-start}"
	".source{flex:1 1 55%;min-width:0;overflow-x:auto}"
	".said{flex:1 1 45%;min-width:0}"
	"table.code{font:12px/1.35 monospace;tab-size:4;-moz-tab-size:4;width:100%}"
	"table.code td{border:0;padding:0 6px}"
	".code .ln{color:#888;text-align:right;width:3em}"
	".code .tx{white-space:pre-wrap;word-break:break-word}"
	".code .who{color:#a00;font:11px sans-serif;white-space:nowrap}"
	"tr.hit .tx{background:#ffc9c9}"
	"tr.mark .tx{background:#fff1a8}"
	"tr.hit.mark .tx{background:#ffae8a;font-weight:bold}"
	".det{border:1px solid #ccc;padding:4px 8px;margin:0 0 8px;overflow-wrap:anywhere}"
	".det p{margin:.2em 0}"
	".next{font-style:italic}"
	".cat{font-weight:bold}"
	".at{color:#555}"
	"pre{white-space:pre-wrap;word-break:break-all;background:#f3f3f3;"
	"padding:4px;font-size:11px;max-height:30em;overflow:auto}"
	"pre.story{white-space:pre;word-break:normal;font-size:12px;"
	"background:#f6f3e8}"
	"code{font-size:12px}";

const char *rl_verdict_class(const char *verdict)
{
	static const char *const classes[][2] = {
		{ "detected", "pass" }, { "clean", "pass" },
		{ "not-shown", "pass" }, { "false-positive", "pass" },
		{ "missed", "fail" }, { "unexpected", "fail" },
		{ "flagged", "fail" }, { "hung", "fail" },
		{ "error", "fail" }, { "blind", "grey" },
		{ "no-contract", "grey" },
	};

	for (size_t i = 0; verdict && i < sizeof classes / sizeof classes[0];
	     i++)
		if (strcmp(classes[i][0], verdict) == 0)
			return classes[i][1];
	return "other";
}

struct page {
	const json_t *doc, *rows;
	json_t *detectors;	/* names, in the order the rows give them */
	json_t *programs;	/* [[case, variant]], likewise */
	int contracts;		/* a row was judged against a contract line;
				 * none: compare's page, where nothing passes
				 * or fails, a detector finds or does not */
	const char *root;
	char dir[PATH_MAX];	/* the page's folder: links start there */
};

static xmlNodePtr el(xmlNodePtr parent, const char *name, const char *cls)
{
	xmlNodePtr n = xmlNewChild(parent, NULL, BAD_CAST name, NULL);

	if (cls)
		xmlNewProp(n, BAD_CAST "class", BAD_CAST cls);
	return n;
}

/* The one door for text: whatever its bytes, a text node. */
static void text(xmlNodePtr parent, const char *s)
{
	char *clean = rl_text_clean(s ? s : "", 1);

	xmlAddChild(parent, xmlNewText(BAD_CAST clean));
	free(clean);
}

static xmlNodePtr text_el(xmlNodePtr parent, const char *name,
			  const char *cls, const char *s)
{
	xmlNodePtr n = el(parent, name, cls);

	text(n, s);
	return n;
}

static void textf(xmlNodePtr parent, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void textf(xmlNodePtr parent, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	text(parent, s);
	free(s);
}

/* A link to a path (relative to the page), escaped as a URI. */
static xmlNodePtr file_link(xmlNodePtr parent, const char *path, const char *s)
{
	char *uri = rl_uri_escape(path);
	xmlNodePtr a = el(parent, "a", NULL);

	xmlNewProp(a, BAD_CAST "href", BAD_CAST uri);
	text(a, s);
	free(uri);
	return a;
}

static xmlNodePtr anchor(xmlNodePtr parent, size_t program, const char *s)
{
	char href[32];
	xmlNodePtr a = el(parent, "a", NULL);

	snprintf(href, sizeof href, "#p%zu", program);
	xmlNewProp(a, BAD_CAST "href", BAD_CAST href);
	text(a, s);
	return a;
}

/* A verdict's colour on this page: with no contract (compare), a hang
 * is what the watchdog found, coloured as any detector's find. */
static const char *page_class(const struct page *p, const char *verdict)
{
	if (!p->contracts && verdict && strcmp(verdict, "hung") == 0)
		return "other";
	return rl_verdict_class(verdict);
}

static xmlNodePtr badge(const struct page *p, xmlNodePtr parent,
			const char *verdict)
{
	char cls[32];

	snprintf(cls, sizeof cls, "badge v-%s", page_class(p, verdict));
	return text_el(parent, "span", cls, verdict);
}

/* Adds s to the array of strings a unless it is there; its index. */
static size_t intern(json_t *a, const char *s)
{
	json_t *x;
	size_t i;

	json_array_foreach(a, i, x)
		if (strcmp(json_string_value(x), s) == 0)
			return i;
	json_array_append_new(a, json_string(s));
	return json_array_size(a) - 1;
}

static int same_program(const json_t *row, const json_t *program)
{
	return strcmp(rl_json_str(row, "case"),
		      json_string_value(json_array_get(program, 0))) == 0 &&
	       strcmp(rl_json_str(row, "variant"),
		      json_string_value(json_array_get(program, 1))) == 0;
}

/* The programs and detectors, in the order the rows first name them. */
static void index_rows(struct page *p)
{
	const json_t *row, *q;
	size_t i, k;

	p->detectors = json_array();
	p->programs = json_array();
	json_array_foreach(p->rows, i, row) {
		int seen = 0;

		intern(p->detectors, rl_json_str(row, "detector"));
		p->contracts |= json_is_string(json_object_get(row, "expected"));
		json_array_foreach(p->programs, k, q)
			seen |= same_program(row, q);
		if (!seen)
			json_array_append_new(p->programs,
					      json_pack("[s, s]", rl_json_str(row, "case"),
							rl_json_str(row, "variant")));
	}
}

/* ---- the head of the page: what ran, and how */

/* Counted by colour, as the legend and the grid show them. */
static void summary(struct page *p, xmlNodePtr body)
{
	static const char *const classes[] = { "pass", "fail", "grey", "other" };
	size_t n[4] = { 0 }, i;
	const json_t *row;
	xmlNodePtr sum;

	json_array_foreach(p->rows, i, row)
		for (int c = 0; c < 4; c++)
			n[c] += !strcmp(page_class(p, rl_json_str(row, "verdict")),
					classes[c]);
	sum = el(body, "p", "summary");
	textf(sum, "%zu result%s over %zu program%s and %zu detector%s: ",
	      json_array_size(p->rows), json_array_size(p->rows) == 1 ? "" : "s",
	      json_array_size(p->programs), json_array_size(p->programs) == 1 ? "" : "s",
	      json_array_size(p->detectors), json_array_size(p->detectors) == 1 ? "" : "s");
	if (p->contracts)
		textf(sum, "%zu pass, %zu fail, %zu blind or without a contract line, %zu other.",
		      n[0], n[1], n[2], n[3]);
	else	/* no contract: found or not, and the runs that failed */
		textf(sum, "%zu found a bug, %zu clean, %zu blind, %zu error%s.",
		      n[3], n[0], n[2], n[1], n[1] == 1 ? "" : "s");
}

static void tools_table(struct page *p, xmlNodePtr body)
{
	const json_t *tools = json_object_get(p->doc, "tools"), *v;
	const json_t *dets = json_object_get(p->doc, "detectors");
	xmlNodePtr t, tr;
	const char *name;
	size_t i;
	json_t *d;

	t = el(body, "table", "tools");
	tr = el(el(t, "thead", NULL), "tr", NULL);
	text_el(tr, "th", NULL, "detector");
	text_el(tr, "th", NULL, "what it is");
	text_el(tr, "th", NULL, "version");
	text_el(tr, "th", NULL, "options");
	json_array_foreach(p->detectors, i, d) {
		const json_t *about = json_object_get(dets, json_string_value(d));

		tr = el(t, "tr", NULL);
		text_el(tr, "th", NULL, json_string_value(d));
		text_el(tr, "td", NULL, rl_json_str(about, "about"));
		text_el(tr, "td", NULL,
			*rl_json_str(about, "version") ? rl_json_str(about, "version") : "-");
		text_el(el(tr, "td", NULL), "code", NULL,
			*rl_json_str(about, "options") ? rl_json_str(about, "options") : "none");
	}
	tr = el(el(body, "p", "versions"), "span", NULL);
	text(tr, "Tools on this machine: ");
	i = 0;
	json_object_foreach((json_t *)tools, name, v)
		textf(tr, "%s%s: %s", i++ ? "; " : "", name,
		      json_is_string(v) ? json_string_value(v) : "not installed");
	text(tr, ".");
}

/* Each colour's badge and the verdicts it stands for: a page judged
 * against contracts, and compare's, where a detector finds or not. */
static void legend(const struct page *p, xmlNodePtr body)
{
	static const char *const judged[][3] = {
		{ "pass", "pass", "detected, clean, not-shown, false-positive " },
		{ "fail", "fail", "missed, unexpected, flagged, hung, error " },
		{ "grey", "blind", "blind, no-contract " },
		{ "other", "other", "any other verdict (compare's found, with no contract)" },
	};
	static const char *const found[][3] = {
		{ "other", "found", "found, hung: the detector saw a bug " },
		{ "pass", "clean", "it saw nothing in the runs made " },
		{ "grey", "blind", "it cannot see here, and why " },
		{ "fail", "error", "the build, the run or the tool failed" },
	};
	const char *const (*rows)[3] = p->contracts ? judged : found;
	xmlNodePtr l = el(body, "p", "legend");

	for (int i = 0; i < 4; i++) {
		char cls[32];

		snprintf(cls, sizeof cls, "badge v-%s", rows[i][0]);
		text_el(l, "span", cls, rows[i][1]);
		text(l, rows[i][2]);
	}
}

/* ---- the grid: program x detector */

/* The verdict of a program under a detector: "detected", or
 * "detected 19/20" over several runs; NULL when it did not run. */
static const char *cell(struct page *p, const json_t *program,
			const char *det, char *buf, size_t len)
{
	size_t i, runs = 0, same = 0;
	const char *first = NULL;
	const json_t *row;

	json_array_foreach(p->rows, i, row) {
		if (!same_program(row, program) || strcmp(rl_json_str(row, "detector"), det))
			continue;
		if (!first)
			first = rl_json_str(row, "verdict");
		runs++;
		same += strcmp(first, rl_json_str(row, "verdict")) == 0;
	}
	if (!first)
		return NULL;
	if (runs == 1)
		snprintf(buf, len, "%s", first);
	else
		snprintf(buf, len, "%s %zu/%zu", first, same, runs);
	return first;
}

static void grid(struct page *p, xmlNodePtr body)
{
	xmlNodePtr t = el(body, "table", "grid"), tr;
	const json_t *program, *d;
	size_t i, k;

	tr = el(el(t, "thead", NULL), "tr", NULL);
	text_el(tr, "th", NULL, "program");
	text_el(tr, "th", NULL, "variant");
	json_array_foreach(p->detectors, k, d)
		text_el(tr, "th", NULL, json_string_value(d));
	t = el(t, "tbody", NULL);
	json_array_foreach(p->programs, i, program) {
		tr = el(t, "tr", NULL);
		anchor(el(tr, "th", NULL), i,
		       json_string_value(json_array_get(program, 0)));
		text_el(tr, "td", "variant",
			json_string_value(json_array_get(program, 1)));
		json_array_foreach(p->detectors, k, d) {
			char buf[96], cls[32];
			const char *v = cell(p, program, json_string_value(d),
					     buf, sizeof buf);

			snprintf(cls, sizeof cls, "v-%s",
				 v ? page_class(p, v) : "none");
			text_el(tr, "td", cls, v ? buf : "-");
		}
	}
}

/* ---- one program: its source, what each detector said */

/* Reads at most cap bytes of a regular file; its size in *size. NULL
 * when it cannot be read. Never waits on a FIFO, and follows a link only
 * when told: the raw folder is the program's to fill, while the sources
 * in a runfiles tree are links. */
static char *read_head(const char *path, size_t cap, off_t *size,
		       int follow)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC |
				    (follow ? 0 : O_NOFOLLOW));
	struct stat st;
	size_t len = 0;
	ssize_t n;
	char *buf;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return NULL;
	}
	*size = st.st_size;
	/* no bigger than the file: a run's page has a few small files, and
	 * zeroing the cap for each cost more than writing the page */
	if ((size_t)st.st_size < cap)
		cap = (size_t)st.st_size;
	buf = rl_xcalloc(cap + 1, 1);
	while (len < cap && (n = read(fd, buf + len, cap - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = '\0';
	return buf;
}

/* The lines the findings of a program point at: for each line, which
 * detectors (a JSON object line -> [detector]). */
static json_t *pointed_lines(struct page *p, const json_t *program,
			     const char *source)
{
	json_t *lines = json_object();
	const json_t *row, *f, *s;
	size_t i, j, k;

	json_array_foreach(p->rows, i, row) {
		if (!same_program(row, program))
			continue;
		json_array_foreach(rl_judged_findings(p->doc, row), j, f)
			json_array_foreach(json_object_get(f, "stacks"), k, s) {
				const json_t *fr = rl_program_frame(s, source);
				char key[32];
				json_t *who;

				if (!fr || !rl_stack_points(s))
					continue;
				snprintf(key, sizeof key, "%lld",
					 (long long)json_integer_value(
						 json_object_get(fr, "line")));
				if (!(who = json_object_get(lines, key))) {
					who = json_array();
					json_object_set_new(lines, key, who);
				}
				intern(who, rl_json_str(row, "detector"));
			}
	}
	return lines;
}

/* A frame's file that is the program's source by an absolute path: how
 * a compared program, known by its base name, is found again. */
static const char *frame_path(struct page *p, const json_t *program,
			      const char *source)
{
	const json_t *row, *f, *s;
	size_t i, j, k;

	json_array_foreach(p->rows, i, row) {
		if (!same_program(row, program))
			continue;
		json_array_foreach(rl_judged_findings(p->doc, row), j, f)
			json_array_foreach(json_object_get(f, "stacks"), k, s) {
				const json_t *fr = rl_program_frame(s, source);
				const char *file = fr ? rl_json_str(fr, "file") : "";

				if (file[0] == '/')
					return file;
			}
	}
	return NULL;
}

static void source_code(struct page *p, xmlNodePtr box, const json_t *program,
			const char *source)
{
	char path[PATH_MAX * 2];
	json_t *lines;
	off_t size = 0;
	char *src, *line, *next;
	xmlNodePtr t;
	long n = 0;

	if (source[0] == '/')
		snprintf(path, sizeof path, "%s", source);
	else
		snprintf(path, sizeof path, "%s/%s", p->root, source);
	src = *source ? read_head(path, SOURCE_CAP, &size, 1) : NULL;
	if (!src && *source && frame_path(p, program, source)) {
		snprintf(path, sizeof path, "%s", frame_path(p, program, source));
		src = read_head(path, SOURCE_CAP, &size, 1);
	}
	if (!src) {
		textf(el(box, "p", NULL), "The source %s could not be read.",
		      *source ? path : "(none named)");
		return;
	}
	lines = pointed_lines(p, program, source);
	t = el(box, "table", "code");
	for (line = src; *line; line = next) {
		size_t len = strcspn(line, "\n"), k;
		const json_t *who;
		char key[32], cls[16];
		xmlNodePtr tr, w;
		json_t *d;
		int mark;

		next = line + len + (line[len] == '\n');
		line[len] = '\0';
		mark = strstr(line, "racelab:mark") != NULL;
		snprintf(key, sizeof key, "%ld", ++n);
		who = json_object_get(lines, key);
		snprintf(cls, sizeof cls, "%s%s%s", who ? "hit" : "",
			 who && mark ? " " : "", mark ? "mark" : "");
		tr = el(t, "tr", *cls ? cls : NULL);
		text_el(tr, "td", "ln", key);
		text_el(tr, "td", "tx", line);
		w = el(tr, "td", "who");
		json_array_foreach(who, k, d)
			textf(w, "%s%s", k ? " " : "", json_string_value(d));
	}
	if (size > (off_t)SOURCE_CAP)
		textf(el(box, "p", NULL), "(the first %u KiB of %lld bytes)",
		      SOURCE_CAP >> 10, (long long)size);
	json_decref(lines);
	free(src);
}

/* The tool's own files first (tsan.PID, helgrind.PID.xml), then what
 * every run keeps (stdout, stderr, symptom); by name within each. */
static int common_file(const char *name)
{
	return !strcmp(name, "stdout") || !strcmp(name, "stderr") ||
	       !strcmp(name, "symptom");
}

static int tool_first(const struct dirent **a, const struct dirent **b)
{
	int ca = common_file((*a)->d_name), cb = common_file((*b)->d_name);

	return ca != cb ? ca - cb : strcmp((*a)->d_name, (*b)->d_name);
}

/* The run's raw files, each cut at RAW_CAP, with a link to the whole
 * file when the raw folder lies below the page's (a report copied
 * whole keeps its links). Empty files are named on one line. */
static void raw_output(struct page *p, xmlNodePtr box, const char *raw_dir)
{
	char real[PATH_MAX];
	const char *below = NULL;
	struct dirent **e;
	xmlNodePtr d = el(box, "details", NULL), empty = NULL;
	size_t dl = strlen(p->dir);
	int n, shown = 0;

	text_el(d, "summary", NULL, "raw output");
	if (!*raw_dir || !realpath(raw_dir, real) ||
	    (n = scandir(real, &e, NULL, tool_first)) < 0) {
		textf(el(d, "p", NULL), "The raw folder %s could not be read.",
		      raw_dir);
		return;
	}
	if (strncmp(real, p->dir, dl) == 0 && real[dl] == '/')
		below = real + dl + 1;
	for (int i = 0; i < n; i++) {
		char path[PATH_MAX + 256], rel[PATH_MAX + 256];
		const char *name = e[i]->d_name;
		off_t size = 0;
		char *body;
		xmlNodePtr head;

		snprintf(path, sizeof path, "%s/%s", real, name);
		/* shm: the binary page shared with the program */
		if (name[0] == '.' || !strcmp(name, "shm") || shown >= RAW_FILES ||
		    !(body = read_head(path, RAW_CAP, &size, 0))) {
			free(e[i]);
			continue;
		}
		shown++;
		if (size == 0) {
			if (!empty)
				text(empty = el(d, "p", NULL), "empty:");
			textf(empty, " %s", name);
		} else {
			head = el(d, "p", NULL);
			text_el(head, "b", NULL, name);
			textf(head, " (%lld bytes%s) ", (long long)size,
			      size > (off_t)RAW_CAP ? ", the first 16 KiB shown" : "");
			if (below) {
				snprintf(rel, sizeof rel, "%s/%s", below, name);
				file_link(head, rel, "the whole file");
			}
			text_el(d, "pre", NULL, body);
		}
		free(body);
		free(e[i]);
	}
	free(e);
	if (!shown)
		text_el(d, "p", NULL, "No file was kept.");
}

/* Where a finding points, in words: "line 12 (thread 2), line 14 (main)". */
static void finding_item(xmlNodePtr ul, const json_t *f, const char *source)
{
	xmlNodePtr li = el(ul, "li", NULL), at;
	const json_t *s;
	size_t k;
	int any = 0;

	text_el(li, "span", "cat", rl_json_str(f, "category"));
	text(li, " ");
	text(li, *rl_json_str(f, "headline") ? rl_json_str(f, "headline") : rl_json_str(f, "kind"));
	at = el(li, "span", "at");
	json_array_foreach(json_object_get(f, "stacks"), k, s) {
		const json_t *fr = rl_program_frame(s, source);
		json_int_t t = json_integer_value(json_object_get(s, "thread"));

		if (!fr || !rl_stack_points(s))
			continue;
		textf(at, "%s line %lld", any++ ? "," : " at",
		      (long long)json_integer_value(json_object_get(fr, "line")));
		if (json_object_get(s, "thread") && t >= 0 && t < 1000000) {
			char who[24];

			textf(at, " (%s)", rl_thread_words((int)t, who, sizeof who));
		}
	}
	if (json_integer_value(json_object_get(f, "count")) > 1)
		textf(at, ", %lld times",
		      (long long)json_integer_value(json_object_get(f, "count")));
	/* explore's: the interleaving as lanes, one column per thread */
	if (*rl_json_str(f, "story")) {
		text_el(li, "pre", "story", rl_json_str(f, "story"));
		if (*rl_json_str(f, "schedule_file"))
			textf(el(li, "div", "at"), "replay: ./racelab replay %s",
			      rl_json_str(f, "schedule_file"));
	}
}

static void detector_said(struct page *p, xmlNodePtr box, const json_t *row,
			  const char *source)
{
	const json_t *findings = rl_judged_findings(p->doc, row), *f;
	xmlNodePtr d = el(box, "div", "det"), h, ul;
	size_t k;

	h = el(d, "h3", NULL);
	textf(h, "%s ", rl_json_str(row, "detector"));
	badge(p, h, rl_json_str(row, "verdict"));
	if (json_integer_value(json_object_get(row, "run")) > 1)
		textf(h, " run %lld",
		      (long long)json_integer_value(json_object_get(row, "run")));
	if (*rl_json_str(row, "expected"))
		textf(el(d, "p", NULL), "expected: %s", rl_json_str(row, "expected"));
	text_el(d, "p", NULL, rl_json_str(row, "why"));
	if (*rl_json_str(row, "next"))
		text_el(d, "p", "next", rl_json_str(row, "next"));
	ul = el(d, "ul", NULL);
	json_array_foreach(findings, k, f)
		finding_item(ul, f, source);
	if (!json_array_size(findings))
		text_el(ul, "li", NULL, "no finding");
	raw_output(p, d, rl_json_str(row, "raw_dir"));
}

static void program_section(struct page *p, xmlNodePtr body, size_t i,
			    const json_t *program)
{
	const char *source = "", *cls = "", *name;
	const json_t *row, *more = NULL, *mv;
	json_t *first, *folded, *v;
	xmlNodePtr h, pair, said, box;
	char id[32];
	size_t k;

	json_array_foreach(p->rows, k, row)
		if (same_program(row, program)) {
			source = rl_json_str(row, "source");
			cls = rl_json_str(row, "class");
			more = json_object_get(row, "more_sources");
			break;
		}
	h = el(body, "h2", NULL);
	snprintf(id, sizeof id, "p%zu", i);
	xmlNewProp(h, BAD_CAST "id", BAD_CAST id);
	textf(h, "%s, %s", json_string_value(json_array_get(program, 0)),
	      json_string_value(json_array_get(program, 1)));
	h = el(body, "p", NULL);
	textf(h, "%s%s%s", source, *cls ? "; class " : "", cls);
	pair = el(body, "div", "pair");
	box = el(pair, "div", "source");
	if (json_array_size(more))
		text_el(box, "h3", NULL, source);
	source_code(p, box, program, source);
	/* a program of several files: each of them, in the order given */
	json_array_foreach(more, k, mv)
		if (json_is_string(mv)) {
			text_el(box, "h3", NULL, json_string_value(mv));
			source_code(p, box, program, json_string_value(mv));
		}
	said = el(pair, "div", "said");
	first = json_object();
	folded = json_object();
	/* with --runs N, a run is shown when its verdict differs from the
	 * detector's first; the others are counted */
	json_array_foreach(p->rows, k, row) {
		const char *det = rl_json_str(row, "detector");
		const json_t *v = json_object_get(first, det);

		if (!same_program(row, program))
			continue;
		if (v && !strcmp(json_string_value(v), rl_json_str(row, "verdict"))) {
			json_object_set_new(folded, det, json_integer(
				json_integer_value(json_object_get(folded, det)) + 1));
			continue;
		}
		if (!v)
			json_object_set_new(first, det,
					    json_string(rl_json_str(row, "verdict")));
		detector_said(p, said, row, source);
	}
	json_object_foreach(folded, name, v)
		textf(el(said, "p", NULL),
		      "%s: %lld more runs with the same verdict as its first (results.json holds each).",
		      name, (long long)json_integer_value(v));
	json_decref(first);
	json_decref(folded);
}

static xmlDocPtr build(struct page *p)
{
	xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr html, head, body;
	const json_t *program;
	size_t i;

	xmlCreateIntSubset(doc, BAD_CAST "html", NULL, NULL);
	html = xmlNewDocNode(doc, NULL, BAD_CAST "html", NULL);
	xmlDocSetRootElement(doc, html);
	xmlNewProp(html, BAD_CAST "lang", BAD_CAST "en");
	head = el(html, "head", NULL);
	xmlNewProp(el(head, "meta", NULL), BAD_CAST "charset", BAD_CAST "utf-8");
	text_el(head, "title", NULL, "racelab results");
	/* constant, ours: the only text not passed through text() */
	xmlAddChild(el(head, "style", NULL), xmlNewText(BAD_CAST CSS));
	body = el(html, "body", NULL);
	text_el(body, "h1", NULL, "racelab results");
	summary(p, body);
	tools_table(p, body);
	legend(p, body);
	grid(p, body);
	json_array_foreach(p->programs, i, program)
		program_section(p, body, i, program);
	return doc;
}

int rl_write_html(const json_t *doc, const char *root, const char *path,
		  char *err, size_t errlen)
{
	struct page p = { .doc = doc, .rows = json_object_get(doc, "results"),
			  .root = root ? root : "." };
	char folder[PATH_MAX];
	const char *slash = strrchr(path, '/');
	xmlChar *text = NULL;
	xmlDocPtr page;
	int len = 0, rc = -1;

	if (!json_is_array(p.rows)) {
		snprintf(err, errlen, "the results document has no results");
		return -1;
	}
	snprintf(folder, sizeof folder, "%.*s",
		 slash ? (int)(slash - path) : 1, slash ? path : ".");
	if (!realpath(*folder ? folder : "/", p.dir)) {
		snprintf(err, errlen, "cannot find the folder of %s", path);
		return -1;
	}
	index_rows(&p);
	page = build(&p);
	htmlDocDumpMemoryFormat(page, &text, &len, 1);
	if (!text || len <= 0)
		snprintf(err, errlen, "the page could not be serialised");
	else if (rl_write_text(path, (const char *)text, (size_t)len) != 0)
		snprintf(err, errlen, "cannot write %s", path);
	else
		rc = 0;
	xmlFree(text);
	xmlFreeDoc(page);
	json_decref(p.detectors);
	json_decref(p.programs);
	return rc;
}
