/* racelab case: sem_timedwait_timeout
 * bug: none - a correct program that waits: main waits in sem_timedwait on a semaphore nobody posts, and the 0.5 s deadline wakes it with ETIMEDOUT.
 * class: waiting
 * waits-in: futex (timed)
 * symptom: none; it ends on its own in about 0.5 s.
 */
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHECK_SYS(call) do { if ((call) == -1) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(errno)); exit(1); } } while (0)

int main(void)
{
	sem_t sem;
	struct timespec deadline;
	int rc;

	CHECK_SYS(sem_init(&sem, 0, 0));
	CHECK_SYS(clock_gettime(CLOCK_REALTIME, &deadline));
	deadline.tv_nsec += 500000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	while ((rc = sem_timedwait(&sem, &deadline)) == -1 && errno == EINTR)
		;
	if (rc != -1 || errno != ETIMEDOUT) {
		fprintf(stderr, "expected ETIMEDOUT, got rc %d (%s)\n", rc,
			strerror(errno));
		return 1;
	}
	CHECK_SYS(sem_destroy(&sem));
	printf("timed out after 0.5 s, as expected\n");
	return 0;
}
