/* contract.c - reads a case's header and marks (see contract.h). */
#define _GNU_SOURCE
#include "contract.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detector.h"
#include "finding.h"
#include "util.h"
#include "words.h"

#define MAX_SOURCE (1 << 20)

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Appends " more" to *field (a continuation line). */
static void append(char **field, const char *more)
{
	size_t a = strlen(*field), b = strlen(more);
	char *s = rl_xrealloc(*field, a + b + 2, 1);

	s[a] = ' ';
	memcpy(s + a + 1, more, b + 1);
	*field = s;
}

/* "CAT - reason" -> category id (or -1) and reason (or NULL). */
static int split_category(const char *text, char **reason)
{
	const char *dash = strstr(text, " - ");
	size_t n = dash ? (size_t)(dash - text) : strlen(text);
	char *cat = rl_xstrndup(text, n);
	int id = rl_category_from_name(trim(cat));

	free(cat);
	*reason = dash ? rl_xstrdup(dash + 3) : NULL;
	return id;
}

/* `expect D:` must name a detector racelab has; else one sentence with
 * the nearest name, or the list of them. */
static int known_detector(const char *detector, char *err, size_t errlen)
{
	const char *names[32], *near;
	int n = 0;
	size_t at;

	if (rl_detector_find(detector))
		return 0;
	for (int d = 0; rl_detectors[d] && n < 31; d++)
		names[n++] = rl_detectors[d]->name;
	names[n] = NULL;
	near = rl_closest(detector, names);
	if (near) {
		snprintf(err, errlen,
			 "`expect %s:` names no detector racelab has: did you mean `expect %s:`?",
			 detector, near);
		return -1;
	}
	at = (size_t)snprintf(err, errlen,
			      "`expect %s:` names no detector racelab has; the detectors are",
			      detector);
	for (int i = 0; i < n && at < errlen; i++)
		at += (size_t)snprintf(err + at, errlen - at, "%s %s",
				       i == 0 ? "" : i == n - 1 ? " and" : ",",
				       names[i]);
	if (at < errlen)
		snprintf(err + at, errlen - at, ".");
	return -1;
}

/* Reads x->text (the whole value, continuation lines joined). */
static int parse_expect(struct rl_expect *x, char *err, size_t errlen)
{
	static const char fp[] = "clean, false-positive ";
	const char *detector = x->detector, *value = x->text;

	x->category = -1;
	if (known_detector(detector, err, errlen) != 0)
		return -1;
	if (strncmp(value, "blind", 5) == 0) {
		x->kind = RL_EXPECT_BLIND;
		if (strncmp(value, "blind - ", 8) != 0) {
			snprintf(err, errlen,
				 "`expect %s: blind` must say why, as `blind - REASON`",
				 detector);
			return -1;
		}
		x->reason = rl_xstrdup(value + 8);
		return 0;
	}
	if (strcmp(value, "clean") == 0) {
		x->kind = RL_EXPECT_CLEAN;
		return 0;
	}
	if (strncmp(value, fp, sizeof fp - 1) == 0) {
		x->kind = RL_EXPECT_CLEAN;
		x->category = split_category(value + sizeof fp - 1, &x->reason);
		if (x->category < 0 || !x->reason) {
			snprintf(err, errlen,
				 "`expect %s: %s` should read `clean, false-positive CATEGORY - REASON`",
				 detector, value);
			return -1;
		}
		return 0;
	}
	if (strstr(value, ", by chance")) {
		static const char chance[] = ", by chance - ";
		const char *at = strstr(value, chance);
		char *cat = rl_xstrndup(value, strcspn(value, ","));

		x->kind = RL_EXPECT_CHANCE;
		x->category = rl_category_from_name(trim(cat));
		free(cat);
		if (x->category < 0 || !at) {
			snprintf(err, errlen,
				 "`expect %s: %s` should read `CATEGORY, by chance - REASON`",
				 detector, value);
			return -1;
		}
		x->reason = rl_xstrdup(at + sizeof chance - 1);
		return 0;
	}
	x->kind = RL_EXPECT_FINDING;
	x->category = split_category(value, &x->reason);
	if (x->category < 0) {
		snprintf(err, errlen,
			 "`expect %s: %s` names no category racelab knows (see docs/contract.md)",
			 detector, value);
		return -1;
	}
	return 0;
}

/* A detector's `expect` may be written once: a second line would be
 * read by one reader and not another. */
static int written_twice(const struct rl_contract *c, size_t i, char *err,
			 size_t errlen)
{
	for (size_t k = 0; k < i; k++)
		if (strcmp(c->expects[k].detector, c->expects[i].detector) == 0) {
			snprintf(err, errlen,
				 "%s: `expect %s:` is written twice; keep one",
				 c->path, c->expects[i].detector);
			return 1;
		}
	return 0;
}

/* Handles one `key: value` header line; returns the field that a
 * continuation line would extend, or NULL. */
static char **header_field(struct rl_contract *c, const char *key,
			   const char *value, char *err, size_t errlen, int *bad)
{
	if (strncmp(key, "expect ", 7) == 0) {
		struct rl_expect *x;

		c->expects = rl_xrealloc(c->expects, c->nexpects + 1,
					 sizeof *c->expects);
		x = &c->expects[c->nexpects++];
		memset(x, 0, sizeof *x);
		x->detector = rl_xstrdup(key + 7);
		x->text = rl_xstrdup(value);	/* parsed once complete */
		return &x->text;
	}
	if (strcmp(key, "fairness") == 0) {
		const char *w = strstr(value, "max-wait-ms "),
			   *j = strstr(value, "min-jain ");
		if (w)
			c->max_wait_ms = atof(w + 12);
		if (j)
			c->min_jain = atof(j + 9);
		if ((!w && !j) || (w && c->max_wait_ms <= 0) ||
		    (j && (c->min_jain <= 0 || c->min_jain > 1))) {
			snprintf(err, errlen,
				 "`fairness: %s` should read `fairness: max-wait-ms N min-jain X` (either or both, X in (0, 1])",
				 value);
			*bad = 1;
		}
		return NULL;
	}
	if (strcmp(key, "hint") == 0) {
		c->hints = rl_xrealloc(c->hints, c->nhints + 1,
				       sizeof *c->hints);
		c->hints[c->nhints] = rl_xstrdup(value);
		return &c->hints[c->nhints++];
	}
	if (!strcmp(key, "racelab case") || !strcmp(key, "racelab fix")) {
		if (c->name) {
			snprintf(err, errlen,
				 "%s: `%s:` after `racelab %s: %s`: a header is one case's or one fix's, named once",
				 c->path, key, c->is_fix ? "fix" : "case", c->name);
			*bad = 1;
			return NULL;
		}
		c->is_fix = key[8] == 'f';
	}
	struct {
		const char *key;
		char **field;
	} fields[] = {
		{ "racelab case", &c->name }, { "racelab fix", &c->name },
		{ "bug", &c->bug },
		{ "class", &c->cls },	      { "symptom", &c->symptom },
		{ "fix", &c->fix },	      { "concepts", &c->concepts },
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (strcmp(key, fields[i].key) == 0) {
			free(*fields[i].field);
			*fields[i].field = rl_xstrdup(value);
			return fields[i].field;
		}
	}
	return NULL;	/* unknown keys are prose: allowed, ignored */
}

/* A header line "key: value"? Keys are lower-case words and spaces. */
static int split_key(char *line, char **key, char **value)
{
	char *colon = strchr(line, ':');

	if (!colon || colon == line)
		return 0;
	for (char *p = line; p < colon; p++)
		if (!islower((unsigned char)*p) && *p != ' ' && *p != '-' &&
		    !(p > line && isdigit((unsigned char)*p)))
			return 0;
	*colon = '\0';
	*key = line;
	*value = trim(colon + 1);
	return 1;
}

/* A fix's header (`racelab fix: CASE`) names its case and says what
 * differs: its own `fix:`, its `expect` exceptions, its `fairness:`.
 * The story (bug, class, concepts, symptom, hints) lives once, in the
 * case's header. */
static int story_in_fix(const struct rl_contract *c, char *err,
			size_t errlen)
{
	static const char *const story[] = { "bug", "class", "concepts",
					     "symptom", "hint", NULL };

	if (!c->is_fix)
		return 0;
	if (c->bug || c->cls || c->concepts || c->symptom || c->nhints) {
		const char *key = c->bug ? story[0] : c->cls ? story[1] :
				  c->concepts ? story[2] :
				  c->symptom ? story[3] : story[4];

		snprintf(err, errlen,
			 "%s: a fix's header carries no `%s:`: the story lives once, in its case's header (cases/%s.c)",
			 c->path, key, c->name ? c->name : "CASE");
		return -1;
	}
	return 0;
}

static int read_header(struct rl_contract *c, char *text, char *err,
		       size_t errlen)
{
	char *start = strstr(text, "/*"), *end, *line, *save = NULL;
	char **last = NULL;
	int bad = 0;

	if (!start || !(end = strstr(start, "*/"))) {
		snprintf(err, errlen, "%s has no header comment", c->path);
		return -1;
	}
	*end = '\0';
	for (line = strtok_r(start + 2, "\n", &save); line && !bad;
	     line = strtok_r(NULL, "\n", &save)) {
		int indented;
		char *key, *value;

		while (*line == ' ' || *line == '\t')
			line++;
		if (*line == '*')
			line++;
		indented = line[0] == ' ' && line[1] == ' ';
		line = trim(line);
		if (!*line)
			continue;
		if (!indented && split_key(line, &key, &value))
			last = header_field(c, key, value, err, errlen, &bad);
		else if (last)
			append(last, line);
	}
	for (size_t i = 0; i < c->nexpects && !bad; i++)
		bad = parse_expect(&c->expects[i], err, errlen) != 0 ||
		      written_twice(c, i, err, errlen);
	if (bad || story_in_fix(c, err, errlen) != 0)
		return -1;
	if (c->is_fix)
		return 0;	/* named, and its story is its case's */
	if (!c->name || !c->bug || !c->cls) {
		snprintf(err, errlen,
			 "%s: the header needs `racelab case:`, `bug:` and `class:` lines",
			 c->path);
		return -1;
	}
	return 0;
}

/* Marks below the header (a hint may mention racelab:mark). */
static void read_marks(struct rl_contract *c, const char *text)
{
	const char *end = strstr(text, "*/");
	int line = 1;

	for (const char *p = text; *p; line++) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *l = rl_xstrndup(p, n);
		char *m = end && p > end ? strstr(l, "racelab:mark") : NULL;

		if (m) {
			char *label = m + 12, *e;

			while (*label == ' ')
				label++;
			e = label;
			while (*e && !isspace((unsigned char)*e) && *e != '*')
				e++;
			*e = '\0';
			c->marks = rl_xrealloc(c->marks, c->nmarks + 1,
					       sizeof *c->marks);
			c->marks[c->nmarks].line = line;
			c->marks[c->nmarks++].label = rl_xstrdup(label);
		}
		free(l);
		p += n + (nl ? 1 : 0);
	}
}

/* A C source holds no NUL byte; where one is, strstr() would stop, and
 * the header (or the marks) would end early with a wrong sentence. */
static int nul_byte(const struct rl_contract *c, const char *text, size_t n,
		    char *err, size_t errlen)
{
	const char *nul = memchr(text, 0, n), *head, *end;
	int line = 1;

	if (!nul)
		return 0;
	for (const char *p = text; p < nul; p++)
		line += *p == '\n';
	head = memmem(text, n, "/*", 2);
	end = head ? memmem(head + 2, n - (size_t)(head + 2 - text), "*/", 2) :
		       NULL;
	snprintf(err, errlen, "%s holds a NUL byte on line %d%s: a C source has none",
		 c->path, line,
		 head && head < nul && (!end || nul < end) ?
			 ", inside its header comment" : "");
	return -1;
}

int rl_contract_parse(const char *path, const char *text, size_t len,
		      struct rl_contract *c, char *err, size_t errlen)
{
	char *whole, *copy;
	int rc;

	memset(c, 0, sizeof *c);
	if (len > MAX_SOURCE) {
		snprintf(err, errlen,
			 "%s is larger than 1 MiB, more than racelab reads of a program's source",
			 path);
		return -1;
	}
	c->path = rl_xstrdup(path);
	if (nul_byte(c, text, len, err, errlen) != 0) {
		rl_contract_free(c);
		return -1;
	}
	whole = rl_xstrndup(text, len);
	copy = rl_xstrdup(whole);	/* read_header cuts its copy up */
	rc = read_header(c, copy, err, errlen);
	if (rc == 0)
		read_marks(c, whole);
	free(copy);
	free(whole);
	if (rc != 0)
		rl_contract_free(c);	/* nothing left for the caller to free */
	return rc;
}

/* The header of one file, as written. */
static int load_one(const char *path, struct rl_contract *c, char *err,
		    size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *text;
	size_t n;
	int rc;

	if (!f) {
		memset(c, 0, sizeof *c);
		snprintf(err, errlen, "cannot read %s", path);
		return -1;
	}
	/* one byte more than it takes: a longer source is said, not cut */
	text = rl_xcalloc(MAX_SOURCE + 2, 1);
	n = fread(text, 1, MAX_SOURCE + 1, f);
	fclose(f);
	rc = rl_contract_parse(path, text, n, c, err, errlen);
	free(text);
	return rc;
}

/* The header of a fix's case: CASE's in the `cases` folder beside the
 * fix's own (ROOT/fixed/X.c -> ROOT/cases/CASE.c). */
static void case_path(const char *fix, const char *name, char *out,
		      size_t len)
{
	const char *slash = strrchr(fix, '/'), *up = NULL;

	for (const char *p = fix; slash && p < slash; p++)
		if (*p == '/')
			up = p;
	if (!slash)
		snprintf(out, len, "../cases/%s.c", name);
	else if (!up)
		snprintf(out, len, "cases/%s.c", name);
	else
		snprintf(out, len, "%.*s/cases/%s.c", (int)(up - fix), fix,
			 name);
}

/* A fix takes its case's story: the bug, class, concepts, symptom and
 * hints, and its fix in words where the fix says none of its own. Its
 * expectations, fairness and marks stay its own. The fix names its own
 * case (fixed/X.c and fixed/X.ALT.c name X), and the case must load. */
static int take_story(struct rl_contract *c, char *err, size_t errlen)
{
	const char *base = strrchr(c->path, '/');
	struct rl_contract k;
	char path[4200], why[512];
	size_t stem;

	base = base ? base + 1 : c->path;
	stem = strcspn(base, ".");
	if (strlen(c->name) != stem || strncmp(c->name, base, stem) != 0) {
		snprintf(err, errlen,
			 "%s: `racelab fix: %s` names another case: a fix names its own, `racelab fix: %.*s`",
			 c->path, c->name, (int)stem, base);
		return -1;
	}
	case_path(c->path, c->name, path, sizeof path);
	if (load_one(path, &k, why, sizeof why) != 0) {
		snprintf(err, errlen, "%s is a fix of %s, whose header does not load: %s",
			 c->path, c->name, why);
		return -1;
	}
	if (k.is_fix) {
		snprintf(err, errlen,
			 "%s is a fix of %s, whose program %s has a fix's header: a case's opens with `racelab case: %s`",
			 c->path, c->name, path, c->name);
		rl_contract_free(&k);
		return -1;
	}
	c->bug = k.bug;
	c->cls = k.cls;
	c->concepts = k.concepts;
	c->symptom = k.symptom;
	c->hints = k.hints;
	c->nhints = k.nhints;
	if (!c->fix)
		c->fix = k.fix;
	else
		free(k.fix);
	k.bug = k.cls = k.concepts = k.symptom = k.fix = NULL;
	k.hints = NULL;
	k.nhints = 0;
	rl_contract_free(&k);
	return 0;
}

int rl_contract_load(const char *path, struct rl_contract *c, char *err,
		     size_t errlen)
{
	if (load_one(path, c, err, errlen) != 0)
		return -1;
	if (c->is_fix && take_story(c, err, errlen) != 0) {
		rl_contract_free(c);
		return -1;
	}
	return 0;
}

void rl_contract_free(struct rl_contract *c)
{
	for (size_t i = 0; i < c->nexpects; i++) {
		free(c->expects[i].detector);
		free(c->expects[i].reason);
		free(c->expects[i].text);
	}
	for (size_t i = 0; i < c->nmarks; i++)
		free(c->marks[i].label);
	for (size_t i = 0; i < c->nhints; i++)
		free(c->hints[i]);
	free(c->expects);
	free(c->marks);
	free(c->hints);
	free(c->path);
	free(c->name);
	free(c->bug);
	free(c->cls);
	free(c->symptom);
	free(c->fix);
	free(c->concepts);
	memset(c, 0, sizeof *c);
}

const struct rl_expect *rl_contract_written(const struct rl_contract *c,
					    const char *detector)
{
	for (size_t i = 0; i < c->nexpects; i++)
		if (strcmp(c->expects[i].detector, detector) == 0)
			return &c->expects[i];
	return NULL;
}

const struct rl_expect *rl_contract_expect(const struct rl_contract *c,
					   const char *detector, int correct)
{
	static const struct rl_expect clean = {
		.kind = RL_EXPECT_CLEAN,
		.category = -1,
		.text = "clean",
		.by_default = 1,
	};
	const struct rl_expect *x = rl_contract_written(c, detector);
	const struct rl_detector *d;

	if (x)
		return x;
	if (correct)
		return &clean;
	d = rl_detector_find(detector);
	return d ? d->broken_default : NULL;
}

const struct rl_mark *rl_contract_mark_at(const struct rl_contract *c,
					  int line)
{
	for (size_t i = 0; i < c->nmarks; i++)
		if (c->marks[i].line == line)
			return &c->marks[i];
	return NULL;
}
