/* outputs.c - see outputs.h.
 *
 * Every form is one row of forms[]: its file's extension, the word that
 * says where it went, and its writer, which is given the document and
 * where the sources are. rl_save_results and rl_forget_results both walk
 * the table, so a new form is its writer (a file of this folder, called
 * through a writer below) and a row here.
 */
#include "outputs.h"

#include <string.h>
#include <unistd.h>

#include "../results/doc.h"
#include "html.h"
#include "json.h"
#include "sarif.h"

/* What a writer may need beside the document. */
struct place {
	const char *root;	/* where the rows' relative sources are */
	const char *srcroot;	/* the folder SARIF's %SRCROOT% is, or NULL */
};

/* A form's writer: 0, or -1 with a sentence in err (or none, when all
 * there is to say is that path cannot be written). */
typedef int writer(const json_t *doc, const struct place *at,
		   const char *path, char *err, size_t errlen);

static int json_form(const json_t *doc, const struct place *at,
		     const char *path, char *err, size_t errlen)
{
	(void)at;
	(void)err;
	(void)errlen;
	return rl_write_doc(path, doc);
}

static int sarif_form(const json_t *doc, const struct place *at,
		      const char *path, char *err, size_t errlen)
{
	return rl_write_sarif(doc, at->srcroot, path, err, errlen);
}

static int html_form(const json_t *doc, const struct place *at,
		     const char *path, char *err, size_t errlen)
{
	return rl_write_html(doc, at->root, path, err, errlen);
}

static const struct form {
	const char *extension;
	const char *said;	/* "results:" on out, before the path */
	writer *write;
	int index;	/* named index.EXTENSION when NAME is "results" */
	int needed;	/* by the rest: when it cannot be written, they are not tried */
} forms[] = {
	/* extension	said		write		index	needed */
	{ "json",	"results:",	json_form,	0,	1 },
	{ "sarif",	"sarif:",	sarif_form,	0,	0 },
	{ "html",	"page:",	html_form,	1,	0 },
};

#define NFORMS (sizeof forms / sizeof forms[0])

static void form_path(char *path, size_t len, const char *dir,
		      const char *name, const struct form *f)
{
	snprintf(path, len, "%s/%s.%s", dir,
		 f->index && !strcmp(name, "results") ? "index" : name,
		 f->extension);
}

void rl_forget_results(const char *dir, const char *name)
{
	char path[1200];

	for (size_t i = 0; i < NFORMS; i++) {
		form_path(path, sizeof path, dir, name, &forms[i]);
		unlink(path);
	}
}

int rl_save_results(const char *dir, const char *name, json_t *results,
		    const char *root, const char *srcroot, FILE *out)
{
	const struct place at = { .root = root, .srcroot = srcroot };
	json_t *doc = rl_results_doc(results);
	char path[1200], err[600];
	int rc = 0;

	for (size_t i = 0; i < NFORMS; i++) {
		const struct form *f = &forms[i];

		form_path(path, sizeof path, dir, name, f);
		err[0] = '\0';
		if (doc && f->write(doc, &at, path, err, sizeof err) == 0) {
			fprintf(out, "%-8s %s\n", f->said, path);
			continue;
		}
		if (err[0])
			fprintf(stderr, "racelab: %s\n", err);
		else
			fprintf(stderr, "racelab: cannot write %s\n", path);
		rc = -1;
		if (f->needed)
			break;
	}
	json_decref(doc);
	return rc;
}
