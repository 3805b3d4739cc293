/* leak.c - three threads that are never joined nor detached.
 *
 * TSan reports a thread leak at exit only for threads that have finished,
 * so main waits until the kernel no longer lists them in /proc/self/task
 * (TSan's own bookkeeping for a thread is done before the thread exits).
 * The three come from one pthread_create call site, which TSan folds into
 * one report: "And 2 more similar thread leaks."
 */
#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static int tasks(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void *quick(void *arg)
{
	return arg;
}

int main(void)
{
	pthread_t t;
	int before;

	/* TSan starts its background thread at the first pthread_create:
	 * have that happen before counting. */
	pthread_create(&t, NULL, quick, NULL);
	pthread_join(t, NULL);
	before = tasks();
	for (int i = 0; i < 3; i++)
		pthread_create(&t, NULL, quick, NULL);	/* LEAK-CREATE */
	while (tasks() > before)
		sched_yield();
	printf("leak: 3 threads finished, none joined\n");
	return 0;
}
