/* What racelab writes for people: its results, pages, logs and state.
 * Never through a link: each file is made fresh beside its place and
 * renamed into it, so a link (symbolic or hard) found at the place is
 * replaced, itself, and what it led to is never opened. And only in a
 * folder of racelab's own, known by its mark (docs/hardening.md). */
#ifndef RL_OUTPUT_H
#define RL_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

/* The file in every folder racelab made for its outputs. */
#define RL_OUTPUT_MARK ".racelab-output"

/* A new, empty file at path, open for writing (close-on-exec, mode
 * 0666 less the umask): made as PATH.XXXXXX with O_EXCL and renamed
 * over whatever was at path. A character device (/dev/null) is opened as
 * it is. -1 with errno when it cannot be. */
int rl_output_fd(const char *path);

/* The same, as a stream ("w"); NULL with errno. */
FILE *rl_output_open(const char *path);

/* path as a folder, its last depth names folders of racelab's own: a
 * link (or a file) found at one of them is removed, itself, and a folder
 * made in its place, so nothing below is made or removed through it.
 * 0, or -1 with errno. */
int rl_output_dirs(const char *path, int depth);

/* dir as racelab's output folder: made (with its mark) when it is not
 * there; else it must be a folder with the mark, or empty, or one that
 * older racelabs made under a name of racelab's own (its name or its
 * parent's racelab-report, racelab-compare or racelab-explore), and is
 * marked. Anything else is refused: -1 and one sentence in err, and
 * nothing in it touched. */
int rl_output_dir(const char *dir, char *err, size_t errlen);

/* len bytes of text to path, in full and closed: 0, or -1. */
int rl_write_text(const char *path, const char *text, size_t len);

#endif
