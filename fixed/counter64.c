/* racelab fix: counter64 */
#include <inttypes.h>
#include <stdio.h>

#include "racelab.h"

enum { SCANNERS = 4, FILES = 100 };

/* 6 GiB a file: the total passes 2^32 on the second file, so both halves
 * of the word change all the time. */
static const uint64_t FILE_SIZE = 6ull << 30;
static uint64_t subtotal[SCANNERS];
static uint64_t total_bytes;

/* *sum += size, spelt out: the gap stays open as before, but no other
 * scanner touches this subtotal. */
static void add_file(uint64_t *sum, uint64_t size)
{
	uint64_t seen = *sum;
	rl_window();
	*sum = seen + size;
}

static void *scanner(void *arg)
{
	uint64_t *sum = arg;

	for (int i = 0; i < FILES; i++)
		add_file(sum, FILE_SIZE);
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t threads[SCANNERS];
	const uint64_t expected = (uint64_t)SCANNERS * FILES * FILE_SIZE;

	rl_window_init(SCANNERS);
	for (int i = 0; i < SCANNERS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, scanner, &subtotal[i]));
	for (int i = 0; i < SCANNERS; i++) {
		RL_CHECK(pthread_join(threads[i], NULL));
		total_bytes += subtotal[i];
	}
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
