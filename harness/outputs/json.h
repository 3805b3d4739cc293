/* json.h - the results document as JSON (jansson): results.json. */
#ifndef RACELAB_OUTPUTS_JSON_H
#define RACELAB_OUTPUTS_JSON_H

#include <jansson.h>

/* Writes doc as JSON to path. 0, or -1 when it could not: the document
 * cannot be encoded, the file cannot be written in full, or a row is one
 * rl_result_json could not encode. */
int rl_write_doc(const char *path, const json_t *doc);

/* rl_write_doc(path, rl_results_doc(results)). */
int rl_write_results(const char *path, json_t *results);

#endif
