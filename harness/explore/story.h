/* story.h - a schedule told as a person reads it.
 *
 * explore's runtime records every step of the schedule that showed a
 * bug; names.c gives each step its file:line and the name of what it
 * touched. The story keeps the steps that make the difference (around
 * each preemption, and the last ones before the bug), one column per
 * thread, at most about 20 rows, within a width (80 on a terminal).
 */
#ifndef RACELAB_STORY_H
#define RACELAB_STORY_H

#include <jansson.h>

/* trace: an array of steps, each an object with "step", "thread" (1 is
 * main), "op" ("read", "lock", ...), and where known "var" (the
 * variable or lock), "value", "file", "line" and "preempted" (true on
 * the last step a thread took before another was made to run while it
 * still could). end: the sentence that says the bug ("main:
 * assertion `x' failed at bank.c:23"). Returns the rows, as an array of
 * strings none wider than width. */
json_t *rl_story(const json_t *trace, int nthreads, const char *end,
		 int width);

/* explore's thread t (1 is main) as the other detectors name it:
 * "main", "thread 1" for the first thread main created; returns buf. */
const char *rl_story_thread(long t, char *buf, size_t len);

/* One step as a few words: "read balance = 100", "lock m". */
void rl_story_step(const json_t *step, char *buf, size_t len);

#endif
