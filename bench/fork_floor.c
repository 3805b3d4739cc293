/* fork_floor.c - what a schedule of racelab explore costs the kernel
 * alone, for bench/explore.py: a process forked, THREADS threads created
 * and joined in it (each returns at once), the process ended and
 * waited for, SCHEDULES times, as explore's fork server does once a
 * schedule. No scheduling, no runtime: the rate explore's cannot pass.
 *
 * usage: fork_floor SCHEDULES THREADS
 * prints: {"schedules": N, "threads": T, "seconds": S}
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { MAX_THREADS = 64 };

static void *nothing(void *arg)
{
	return arg;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int schedules = argc > 1 ? atoi(argv[1]) : 0;
	int threads = argc > 2 ? atoi(argv[2]) : -1;
	double began;

	if (schedules < 1 || threads < 0 || threads > MAX_THREADS) {
		fprintf(stderr, "usage: fork_floor SCHEDULES THREADS (THREADS 0 to %d)\n",
			MAX_THREADS);
		return 2;
	}
	began = now();
	for (int i = 0; i < schedules; i++) {
		int status;
		pid_t pid = fork();

		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0) {
			pthread_t t[MAX_THREADS];

			for (int k = 0; k < threads; k++)
				if (pthread_create(&t[k], NULL, nothing, NULL))
					_exit(1);
			for (int k = 0; k < threads; k++)
				pthread_join(t[k], NULL);
			exit(0);
		}
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status)) {
			fprintf(stderr, "fork_floor: a child failed\n");
			return 1;
		}
	}
	printf("{\"schedules\": %d, \"threads\": %d, \"seconds\": %.4f}\n",
	       schedules, threads, now() - began);
	return 0;
}
