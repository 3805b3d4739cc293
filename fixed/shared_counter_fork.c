/* racelab fix: shared_counter_fork */
#include <stdio.h>
#include <sys/wait.h>

#include "racelab.h"

enum { ROUNDS = 100 };
enum { PARENT, CHILD };

/* ---- forcing the interleaving across two processes ----
 * rl_window() keeps its state in the process, and fork() only copies it,
 * so parent and child meet in the shared page instead. meet() waits until
 * the other process has reached as many meetings, or has finished, or
 * sleeps in the kernel (in the fix: on the lock this one holds). Relaxed
 * atomics and /proc reads only: no edge any tool could see (and no tool
 * sees the other process anyway). */
struct meeting {
	long reached[2];
	int done[2];
};

static int me;			/* PARENT or CHILD */
static char other_stat[64];	/* /proc/PID/stat of the other process */

static int other_asleep(void)
{
	char buf[512], *end;
	int fd = open(other_stat, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return 1;	/* gone: nothing to wait for */
	buf[n] = '\0';
	end = strrchr(buf, ')');	/* "PID (name) STATE ..." */
	return end && end[1] == ' ' && end[2] == 'S';
}

static void meet(struct meeting *m)
{
	long n = __atomic_add_fetch(&m->reached[me], 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&m->reached[!me], __ATOMIC_RELAXED) < n &&
	       !__atomic_load_n(&m->done[!me], __ATOMIC_RELAXED) &&
	       !other_asleep())
		sched_yield();
}

static void become(int who, pid_t other)
{
	me = who;
	snprintf(other_stat, sizeof other_stat, "/proc/%d/stat", (int)other);
}

/* ---- the program ---- */

/* What parent and child share: one page, mapped before fork(). */
struct shared {
	pthread_mutex_t lock;	/* PTHREAD_PROCESS_SHARED: both take this one */
	long counter;
	struct meeting meeting;	/* the forcing device's, not the program's */
};

/* counter++, spelt out in its steps; meet() holds the gap between load
 * and store open until the other process has loaded too. */
static void increment(struct shared *s)
{
	pthread_mutex_lock(&s->lock);
	long seen = s->counter;	/* racelab:mark load */
	meet(&s->meeting);
	s->counter = seen + 1;	/* racelab:mark store */
	pthread_mutex_unlock(&s->lock);
}

static void count(struct shared *s)
{
	for (int i = 0; i < ROUNDS; i++)
		increment(s);
	__atomic_store_n(&s->meeting.done[me], 1, __ATOMIC_RELAXED);
}

int main(void)
{
	const long expected = 2L * ROUNDS;
	pthread_mutexattr_t attr;
	struct shared *s;
	pid_t pid;
	int status;

	s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s == MAP_FAILED)
		rl_check_(errno, "mmap", __FILE__, __LINE__);
	RL_CHECK(pthread_mutexattr_init(&attr));
	RL_CHECK(pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED));
	RL_CHECK(pthread_mutex_init(&s->lock, &attr));
	RL_CHECK(pthread_mutexattr_destroy(&attr));

	pid = fork();
	if (pid < 0)
		rl_check_(errno, "fork", __FILE__, __LINE__);
	if (pid == 0) {
		become(CHILD, getppid());
		count(s);
		_exit(0);
	}
	become(PARENT, pid);
	count(s);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			rl_check_(errno, "waitpid", __FILE__, __LINE__);

	printf("counter = %ld (expected %ld)\n", s->counter, expected);
	if (s->counter != expected)
		rl_symptom("lost-update", "counter is %ld, expected %ld: %ld updates lost",
			   s->counter, expected, expected - s->counter);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		rl_symptom("wrong-result", "the child did not exit cleanly (status 0x%x)",
			   status);
	return 0;
}
