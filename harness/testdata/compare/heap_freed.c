/* main frees a heap object that a worker still writes: a use after free,
 * and a race between the free and the write. A relaxed atomic flag (which
 * gives no tool a happens-before edge) makes the write come after the
 * free every run. Helgrind sees neither the free nor atomics: it flags the
 * flag (the lines marked FP). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct job {
	int done;
};

static struct job *job;
static atomic_int freed;

static void *worker(void *arg)
{
	(void)arg;
	while (!atomic_load_explicit(&freed, memory_order_relaxed))	/* FP */
		;
	job->done = 1;	/* BUG */
	return NULL;
}

int main(void)
{
	pthread_t t;

	job = malloc(sizeof *job);
	job->done = 0;
	pthread_create(&t, NULL, worker, NULL);
	free(job);	/* BUG */
	atomic_store_explicit(&freed, 1, memory_order_relaxed);	/* FP */
	pthread_join(t, NULL);
	puts("done");
	return 0;
}
