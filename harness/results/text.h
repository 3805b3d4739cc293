/* text.h - any string racelab writes out, made fit to write: valid UTF-8
 * (and XML), a JSON string, a URI. */
#ifndef RACELAB_RESULTS_TEXT_H
#define RACELAB_RESULTS_TEXT_H

#include <jansson.h>

/* Every string that racelab writes out came, in part, from a program or
 * a tool: a symptom line, a thread name, a header field, a tool's text,
 * the sentences made of them. Any byte of it may be anything. This makes
 * a copy that is valid UTF-8 (each byte that does not begin a well-formed
 * sequence becomes U+FFFD); for_xml also replaces what XML 1.0 cannot
 * hold (control characters but tab, newline and carriage return; U+FFFE,
 * U+FFFF). NULL gives NULL. */
char *rl_text_clean(const char *s, int for_xml);

/* s as a JSON string, made valid by rl_text_clean; JSON null for NULL. */
json_t *rl_json_text(const char *s);

/* o's string member key, or "" when it is missing or not a string. */
const char *rl_json_str(const json_t *o, const char *key);

/* path as a URI reference: every byte but [A-Za-z0-9-._~/] %-escaped. */
char *rl_uri_escape(const char *path);

#endif
