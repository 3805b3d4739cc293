/* racelab case: fork_with_held_lock
 * bug: main forks a child while another thread holds the log lock. fork()
 *   copies the whole memory, the locked mutex included, but only the thread
 *   that called it: in the child the lock stays locked forever, since its
 *   owner does not exist there. The child's first log line waits for it.
 * class: deadlock
 * concepts: fork vs threads, mutex, async-signal-safety, pthread_atfork
 * expect native: blind - the child hangs and the parent waits for it forever, so the parent's check never runs
 * expect tsan: blind - in its copied records the child's lock is held by a parent thread; TSan would call that a double lock once the lock call returned, and it never returns
 * expect tsan-gcc: blind - in its copied records the child's lock is held by a parent thread; TSan would call that a double lock once the lock call returned, and it never returns
 * expect helgrind: blind - to Helgrind the child's lock call is an ordinary wait for a lock another thread holds; that the holder did not survive fork() is nothing it checks
 * expect drd: blind - to DRD the child's lock call is an ordinary wait for a lock another thread holds; that the holder did not survive fork() is nothing it checks
 * expect watchdog: deadlock
 * expect explore: blind - the bug is in the child that fork() makes, which runs outside the scheduler: the child's wait for the copied lock is a real wait no schedule can end, so the search stops, partial
 * symptom: the child process hangs, and its parent with it, every run; the watchdog finds the child's lock held by a thread that is not alive in the child.
 * fix: pthread_atfork(): main takes the log lock before fork() and both parent and child release it after, so the child gets a consistent, unlocked copy (fixed/fork_with_held_lock.async_safe.c: the child calls only async-signal-safe functions, here write(), and never touches the lock).
 * hint: after fork(), which threads exist in the child? Which of them could unlock the log?
 * hint: POSIX allows a child of a multithreaded process only async-signal-safe calls until it execs; is pthread_mutex_lock one?
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
		log_line("child", "started");	/* racelab:mark child */
		_exit(0);
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
