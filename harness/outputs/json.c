/* json.c - see json.h. */
#include "json.h"

#include <stdlib.h>
#include <string.h>

#include "../output.h"
#include "../results/doc.h"

int rl_write_doc(const char *path, const json_t *doc)
{
	json_t *results = json_object_get(doc, "results"), *row;
	char *text;
	size_t i;
	int rc = 0;

	if (!json_is_array(results))
		return -1;
	json_array_foreach(results, i, row)
		if (!json_is_object(row) ||
		    json_is_true(json_object_get(row, "encoding_failed")))
			rc = -1;	/* written all the same, and said */
	/* encoded whole before the file is touched: a string the encoder
	 * refuses fails here, not halfway through the file */
	text = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS);
	if (!text)
		return -1;
	if (rl_write_text(path, text, strlen(text)) != 0)
		rc = -1;
	free(text);
	return rc;
}

int rl_write_results(const char *path, json_t *results)
{
	json_t *doc;
	int rc;

	if (!json_is_array(results))
		return -1;
	if (!(doc = rl_results_doc(results)))
		return -1;
	rc = rl_write_doc(path, doc);
	json_decref(doc);
	return rc;
}
