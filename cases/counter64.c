/* racelab case: counter64
 * bug: four scanners add each file's size to a shared uint64_t with no
 *   lock. On x86-64 an aligned 8-byte load or store is one access, so no
 *   thread ever reads half an old and half a new value (32-bit x86 could
 *   tear it); but load, add, store is three steps, and two scanners that
 *   load the same total both store total + size: whole files go missing.
 * class: non-atomic-increment
 * concepts: atomicity, critical section, happens-before, sharing
 * expect native: lost-update
 * expect tsan: data-race
 * expect tsan-gcc: data-race
 * expect helgrind: data-race
 * expect drd: data-race
 * expect watchdog: blind - not a liveness bug: every scanner finishes
 * expect explore: lost-update
 * symptom: total_bytes ends short by a whole number of files (never by a torn value), every run.
 * fix: share nothing while scanning: each scanner sums into its own subtotal, and main adds the subtotals after joining the scanners (the join orders their writes before its reads).
 * hint: which of the load, the add and the store is a single step on x86-64, and is that enough?
 * hint: must the scanners write to the same word at all?
 */
#include <inttypes.h>
#include <stdio.h>

#include "racelab.h"

enum { SCANNERS = 4, FILES = 100 };

/* 6 GiB a file: the total passes 2^32 on the second file, so both halves
 * of the word change all the time. */
static const uint64_t FILE_SIZE = 6ull << 30;
static uint64_t total_bytes;

/* total_bytes += size, spelt out: each step is one 8-byte access, and
 * rl_window() holds the gap between them open until every scanner has
 * loaded. */
static void add_file(uint64_t size)
{
	uint64_t seen = total_bytes;	/* racelab:mark load */
	rl_window();
	total_bytes = seen + size;	/* racelab:mark store */
}

static void *scanner(void *arg)
{
	(void)arg;
	for (int i = 0; i < FILES; i++)
		add_file(FILE_SIZE);
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t threads[SCANNERS];
	const uint64_t expected = (uint64_t)SCANNERS * FILES * FILE_SIZE;

	rl_window_init(SCANNERS);
	for (int i = 0; i < SCANNERS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, scanner, NULL));
	for (int i = 0; i < SCANNERS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	printf("total_bytes = %" PRIu64 " (expected %" PRIu64 ")\n",
	       total_bytes, expected);
	if (total_bytes != expected) {
		uint64_t lost = expected - total_bytes;

		rl_symptom("lost-update",
			   "total_bytes is %" PRIu64 ", expected %" PRIu64
			   ": %" PRIu64 " files lost%s",
			   total_bytes, expected, lost / FILE_SIZE,
			   lost % FILE_SIZE ? ", and a torn value" : " whole, no torn value");
	}
	return 0;
}
