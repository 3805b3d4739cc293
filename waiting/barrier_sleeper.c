/* racelab case: barrier_sleeper
 * bug: none - a correct program that waits: main and two workers wait in pthread_barrier_wait for a third worker that first sleeps 0.5 s in usleep; its arrival wakes them all.
 * class: waiting
 * waits-in: futex (barrier, untimed)
 * symptom: none; it ends on its own in about 0.5 s.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHECK(call) do { int rc_ = (call); if (rc_ != 0) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(rc_)); exit(1); } } while (0)

enum { WORKERS = 3 };

static pthread_barrier_t barrier;
static int arrived[WORKERS];	/* each worker's own slot, read by main after the barrier */

static void *worker(void *arg)
{
	int id = (int)(long)arg;
	int rc;

	if (id == WORKERS - 1)
		usleep(500000);	/* the late one */
	arrived[id] = 1;
	rc = pthread_barrier_wait(&barrier);
	if (rc != 0 && rc != PTHREAD_BARRIER_SERIAL_THREAD)
		CHECK(rc);
	return NULL;
}

int main(void)
{
	pthread_t t[WORKERS];
	int i, rc;

	CHECK(pthread_barrier_init(&barrier, NULL, WORKERS + 1));
	for (i = 0; i < WORKERS; i++)
		CHECK(pthread_create(&t[i], NULL, worker, (void *)(long)i));
	rc = pthread_barrier_wait(&barrier);
	if (rc != 0 && rc != PTHREAD_BARRIER_SERIAL_THREAD)
		CHECK(rc);
	for (i = 0; i < WORKERS; i++)
		if (!arrived[i]) {
			fprintf(stderr, "worker %d passed no barrier\n", i);
			return 1;
		}
	for (i = 0; i < WORKERS; i++)
		CHECK(pthread_join(t[i], NULL));
	CHECK(pthread_barrier_destroy(&barrier));
	printf("all %d threads met at the barrier\n", WORKERS + 1);
	return 0;
}
