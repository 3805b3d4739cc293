/* racelab case: race
 * bug: two workers add to one total with no lock.
 * class: non-atomic-increment
 * expect tsan: data-race
 * expect native: lost-update
 * expect helgrind: blind - said here only to exercise the verdict
 * expect drd: clean
 * expect tsan-gcc: clean, false-positive data-race - the relaxed flag looks plain
 * expect thread-safety: data-race, by chance - only when the two run at once
 */
#include "racelab.h"

static long total;

static void add(void)
{
	long seen = total;	/* racelab:mark load */
	rl_window();
	total = seen + 1;	/* racelab:mark store */
}

static void *worker(void *arg)
{
	add();
	return arg;
}
