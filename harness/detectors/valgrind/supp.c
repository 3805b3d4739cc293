/* supp.c - see supp.h. */
#include "supp.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* isspace() in the C locale, which is what Valgrind's VG_(isspace) is. */
static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' ||
	       c == '\f' || c == '\r';
}

size_t rl_vg_supp_names(const char *text, size_t len,
			void (*each)(void *arg, const char *name, size_t n),
			void *arg)
{
	enum { OUTSIDE, NAME, INSIDE } where = OUTSIDE;
	const char *p = text, *end = text + len;
	size_t names = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line = p, *stop = nl ? nl : end;
		size_t n;

		p = nl ? nl + 1 : end;
		while (line < stop && is_space(*line))
			line++;
		while (stop > line && is_space(stop[-1]))
			stop--;
		n = (size_t)(stop - line);
		if (n == 0 || line[0] == '#')
			continue;	/* blank, or a comment */
		/* Valgrind holds a line as a C string: it ends at a NUL */
		n = strnlen(line, n);
		switch (where) {
		case OUTSIDE:
			if (n == 1 && line[0] == '{')
				where = NAME;
			break;
		case NAME:
			/* "{" then "}" is an error Valgrind stops at */
			if (n == 1 && line[0] == '}') {
				where = OUTSIDE;
				break;
			}
			/* a line that starts with a NUL names nothing
			 * Valgrind could list */
			if (n) {
				each(arg, line, n);
				names++;
			}
			where = INSIDE;
			break;
		case INSIDE:
			if (n == 1 && line[0] == '}')
				where = OUTSIDE;
			break;
		}
	}
	return names;
}

/* ---- the user's among those used ---- */

struct matcher {
	const struct vg_supp_used **by_name;	/* sorted by name */
	size_t n;
	const struct vg_supp_used **hit;	/* the user's, once each */
	size_t nhit;
};

static int by_name(const void *a, const void *b)
{
	const struct vg_supp_used *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

/* strcmp between name (n bytes, no NUL in them) and s. */
static int compare_name(const char *name, size_t n, const char *s)
{
	size_t m = strlen(s);
	int c = memcmp(name, s, n < m ? n : m);

	return c ? c : n < m ? -1 : n > m;
}

/* One name a user's file defines: every use of it is the user's.
 * Valgrind lists a suppression once per definition, so two definitions
 * of one name (in two files, or one file named twice) are two entries
 * here and each counts once. */
static void mark(void *arg, const char *name, size_t n)
{
	struct matcher *m = arg;
	size_t lo = 0, hi = m->n;

	while (lo < hi) {	/* the first entry not below name */
		size_t mid = lo + (hi - lo) / 2;

		if (compare_name(name, n, m->by_name[mid]->name) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < m->n && compare_name(name, n, m->by_name[lo]->name) == 0;
	     lo++) {
		size_t k;

		for (k = 0; k < m->nhit && m->hit[k] != m->by_name[lo]; k++)
			;
		if (k == m->nhit)
			m->hit[m->nhit++] = m->by_name[lo];
	}
}

/* The whole file at path, NUL-terminated, or NULL with why. */
static char *read_supp_file(const char *path, size_t *len, char *why,
			    size_t whylen)
{
	struct stat st;
	char *buf;
	ssize_t got;
	int fd;

	*len = 0;
	/* stat first: a device or a FIFO is not even opened */
	if (stat(path, &st) != 0) {
		snprintf(why, whylen, "it cannot be read (%s)", strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, whylen, "it is not a regular file");
		return NULL;
	}
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		snprintf(why, whylen, "it cannot be opened (%s)", strerror(errno));
		return NULL;
	}
	/* again on what was opened: it may have been swapped since */
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(why, whylen, "it is not a regular file");
		close(fd);
		return NULL;
	}
	if ((unsigned long long)st.st_size > VG_MAX_SUPP_FILE) {
		snprintf(why, whylen,
			 "it holds %lld bytes, more than the %lu MiB racelab reads",
			 (long long)st.st_size, VG_MAX_SUPP_FILE >> 20);
		close(fd);
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		snprintf(why, whylen, "out of memory");
		close(fd);
		return NULL;
	}
	while (*len < (size_t)st.st_size &&
	       ((got = read(fd, buf + *len, (size_t)st.st_size - *len)) > 0 ||
		(got < 0 && errno == EINTR)))
		*len += got > 0 ? (size_t)got : 0;
	close(fd);
	buf[*len] = '\0';
	return buf;
}

int rl_vg_user_suppressed(const struct vg_suppressions *s, char *err,
			  size_t errlen)
{
	struct matcher m = { 0 };
	long long sum = 0;

	if (err && errlen)
		err[0] = '\0';
	if (!s || !s->nused || !s->nfiles)
		return 0;
	m.by_name = malloc(s->nused * sizeof *m.by_name);
	m.hit = malloc(s->nused * sizeof *m.hit);
	if (!m.by_name || !m.hit) {
		free(m.by_name);
		free(m.hit);
		if (err && errlen)
			snprintf(err, errlen, "out of memory");
		return 0;
	}
	for (size_t i = 0; i < s->nused; i++)
		m.by_name[i] = &s->used[i];
	m.n = s->nused;
	qsort(m.by_name, m.n, sizeof *m.by_name, by_name);
	for (size_t i = 0; i < s->nfiles; i++) {
		char why[200];
		size_t len;
		char *text = read_supp_file(s->files[i], &len, why, sizeof why);

		if (!text) {
			if (err && errlen && !err[0])
				snprintf(err, errlen,
					 "the suppressions file %.600s was not read: %s",
					 s->files[i], why);
			continue;
		}
		rl_vg_supp_names(text, len, mark, &m);
		free(text);
	}
	for (size_t k = 0; k < m.nhit; k++)
		if (m.hit[k]->count > 0)
			sum += m.hit[k]->count < INT_MAX - sum ?
				       m.hit[k]->count : INT_MAX - sum;
	free(m.by_name);
	free(m.hit);
	return (int)sum;
}
