/* racelab fix: fork_with_held_lock
 * fix: the child calls only async-signal-safe functions, here write(), and never touches the log's lock: no pthread_atfork() is needed.
 */
#include <stdio.h>
#include <sys/wait.h>

#include "racelab.h"

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t closing;	/* the reporter and main, at the end */

static void log_line(const char *who, const char *what)
{
	rl_lock(&log_lock);	/* racelab:mark lock */
	printf("%s: %s\n", who, what);
	fflush(stdout);
	rl_unlock(&log_lock);
}

/* Writes a two-line report (the lock keeps its lines together), then stays
 * up until main shuts down. */
static void *reporter(void *arg)
{
	(void)arg;
	rl_lock(&log_lock);	/* racelab:mark held */
	printf("report: begin\n");
	fflush(stdout);
	rl_window();	/* main forks between these two windows */
	rl_window();
	printf("report: end\n");
	fflush(stdout);
	rl_unlock(&log_lock);
	rl_barrier_wait(&closing);
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t t;
	pid_t pid;
	int status;

	RL_CHECK(pthread_barrier_init(&closing, NULL, 2));
	rl_window_init(2);	/* the reporter and main */
	RL_CHECK(pthread_create(&t, NULL, reporter, NULL));
	rl_window();	/* the reporter holds the log lock now */
	pid = fork();	/* racelab:mark fork */
	if (pid < 0)
		rl_check_(errno, "fork", __FILE__, __LINE__);
	if (pid == 0) {
		/* only async-signal-safe calls here: write(), not the locked log */
		static const char line[] = "child: started\n";
		_exit(write(STDOUT_FILENO, line, sizeof line - 1) < 0);
	}
	rl_window();
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			rl_check_(errno, "waitpid", __FILE__, __LINE__);
	log_line("parent", "child reaped");
	rl_barrier_wait(&closing);
	RL_CHECK(pthread_join(t, NULL));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		rl_symptom("wrong-result", "the child did not exit cleanly (status 0x%x)",
			   status);
	return 0;
}
