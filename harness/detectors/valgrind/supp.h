/* supp.h - which of the suppressions Valgrind used are the user's.
 *
 * Valgrind's XML lists every suppression that hid an error, its own
 * default ones (default.supp) among them, which hide something in every
 * run. What it does not say is whose each one is. It does list the
 * suppression files it was given (xml.h, struct vg_suppressions): the
 * user's, from ~/.valgrindrc, $VALGRIND_OPTS, ./.valgrindrc or the
 * command line. A suppression used is the user's when one of those files
 * defines its name. */
#ifndef RACELAB_VALGRIND_SUPP_H
#define RACELAB_VALGRIND_SUPP_H

#include <stddef.h>

#include "xml.h"

/* Bytes racelab reads of one suppressions file. */
#define VG_MAX_SUPP_FILE (16ul << 20)

/* Calls each(arg, name, n) for every suppression a suppressions file
 * (text, len bytes, any bytes) defines, in order: the first line after
 * each `{` line that is neither blank nor a comment (`#` first), without
 * its outer blanks, as Valgrind reads it (coregrind/m_errormgr.c).
 * Returns how many. */
size_t rl_vg_supp_names(const char *text, size_t len,
			void (*each)(void *arg, const char *name, size_t n),
			void *arg);

/* The errors that the user's own suppressions hid: the sum of the counts
 * in s->used whose name a file of s->files defines. Each file is read as
 * Valgrind named it (a relative path from the current folder, which is
 * Valgrind's: racelab starts it there), only when it is a regular file of
 * at most VG_MAX_SUPP_FILE bytes, and opened without waiting (a FIFO is
 * refused, never read). A file that cannot be read adds nothing, and err
 * (may be NULL) says which and why. No file is opened when no
 * suppression was used or none was given. */
int rl_vg_user_suppressed(const struct vg_suppressions *s, char *err,
			  size_t errlen);

#endif
