/* util.h - memory, file and text helpers that are about nothing of
 * racelab's own: every part uses them, from the parsers to the writers. */
#ifndef RACELAB_UTIL_H
#define RACELAB_UTIL_H

#include <stddef.h>

/* Memory helpers that abort on exhaustion. */
void *rl_xcalloc(size_t n, size_t size);
void *rl_xrealloc(void *p, size_t n, size_t size);
char *rl_xstrdup(const char *s);
char *rl_xstrndup(const char *s, size_t n);

/* A whole file, NUL-terminated (its length in *len), or NULL when it
 * cannot be read. */
char *rl_read_file(const char *path, size_t *len);

/* What one read(2) of a small file (in /proc) gives, NUL-terminated in
 * buf (len - 1 bytes at most), no link followed: 0, or -1. */
int rl_read_small(const char *path, char *buf, size_t len);

/* s with every control character (C0 but, when asked, newline; DEL;
 * C1 as UTF-8) written out as \xHH or \u00HH, so that no name a program
 * or a tool chose can move the cursor, retitle the terminal or write its
 * clipboard when shown. A new string (NULL for NULL). */
char *rl_printable(const char *s, int keep_newlines);

#endif
