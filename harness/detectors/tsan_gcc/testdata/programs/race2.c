/* race2.c - two data races, in an order that does not depend on timing.
 *
 * The threads take turns through `step`, a relaxed atomic: it orders the
 * accesses in real time but gives TSan no happens-before edge, so both
 * pairs of accesses are reported on every run, always with the same thread
 * as the "current" access. The program also talks on stdout and stderr,
 * around the reports, including lines that look a little like TSan's.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

/* Apart: TSan marks the 8-byte shadow cell of a reported race and stays
 * silent about later races on any byte of it, so two ints side by side
 * would give only one report. */
static _Alignas(64) int counter;
static _Alignas(64) int status;
static atomic_int step;

static void wait_step(int s)
{
	while (atomic_load_explicit(&step, memory_order_relaxed) < s)
		sched_yield();
}

static void set_step(int s)
{
	atomic_store_explicit(&step, s, memory_order_relaxed);
}

static void *writer1(void *arg)
{
	(void)arg;
	counter = 1;			/* RACE1-PREV */
	set_step(1);
	wait_step(2);
	status++;			/* RACE2-CUR */
	printf("writer1: status set\n");
	return NULL;
}

static void *writer2(void *arg)
{
	int seen;

	(void)arg;
	wait_step(1);
	counter = 2;			/* RACE1-CUR */
	fprintf(stderr, "writer2: counter overwritten:\n");
	seen = status;			/* RACE2-PREV */
	printf("writer2: saw status %d\n", seen);
	set_step(2);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	setvbuf(stdout, NULL, _IONBF, 0);
	printf("WARNING: race2 is about to race (the program says)\n");
	fprintf(stderr, "  Results follow:\n");
	pthread_create(&t1, NULL, writer1, NULL);	/* CREATE-T1 */
	pthread_create(&t2, NULL, writer2, NULL);	/* CREATE-T2 */
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("SUMMARY: counter=%d status=%d\n", counter, status);
	fprintf(stderr, "==================\n");
	return 0;
}
