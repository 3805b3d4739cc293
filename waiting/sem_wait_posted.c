/* racelab case: sem_wait_posted
 * bug: none - a correct program that waits: main waits in an untimed sem_wait until a worker, after sleeping 0.5 s in nanosleep, stores a value and posts the semaphore.
 * class: waiting
 * waits-in: futex (untimed)
 * symptom: none; it ends on its own in about 0.5 s.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHECK(call) do { int rc_ = (call); if (rc_ != 0) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(rc_)); exit(1); } } while (0)
#define CHECK_SYS(call) do { if ((call) == -1) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(errno)); exit(1); } } while (0)

static sem_t done;
static int value;	/* written before the post, read after the wait */

static void *worker(void *arg)
{
	struct timespec nap = { 0, 500000000L };

	(void)arg;
	nanosleep(&nap, NULL);
	value = 99;
	CHECK_SYS(sem_post(&done));
	return NULL;
}

int main(void)
{
	pthread_t t;
	int rc;

	CHECK_SYS(sem_init(&done, 0, 0));
	CHECK(pthread_create(&t, NULL, worker, NULL));
	while ((rc = sem_wait(&done)) == -1 && errno == EINTR)
		;
	CHECK_SYS(rc);
	if (value != 99) {
		fprintf(stderr, "got %d, expected 99\n", value);
		return 1;
	}
	CHECK(pthread_join(t, NULL));
	CHECK_SYS(sem_destroy(&done));
	printf("posted with %d\n", 99);
	return 0;
}
