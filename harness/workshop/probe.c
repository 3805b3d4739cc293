/* probe.c - what a workshop check counts in a participant's program:
 * threads started, how many of them ran at once, processes forked and
 * sleeps. Built by `racelab exercise check` into a shared object and
 * loaded with LD_PRELOAD into one plain run of the participant's program
 * and one of the reference fix, so that a "fix" that drops the threads,
 * joins each one right after creating it, forks fewer processes or
 * sleeps its way around the race can be told from a real one.
 *
 * It interposes the public entry points (pthread_create, pthread_exit,
 * fork, sleep, usleep, nanosleep, clock_nanosleep) and writes its counts
 * to the file RACELAB_PROBE_FILE names after every change, so a run cut
 * short still leaves them. Only the process that loaded it first writes:
 * a forked child has counts of its own, which are not the program's.
 * Limits: threads started otherwise (C11 thrd_create, clone) are not
 * counted; a thread ended by cancellation still counts as running.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static atomic_int live, max_live, created, forks, sleeps;
static int out_fd = -1;
static pid_t owner;

static void save(void);
static __thread int counted;	/* this thread is one of live */

/* Counts only in the program named by RACELAB_PROBE_EXE: a tool that
 * inherits the environment (gdb, attached by racelab's oracle) is not
 * the program. */
__attribute__((constructor)) static void probe_init(void)
{
	const char *path = getenv("RACELAB_PROBE_FILE");
	const char *exe = getenv("RACELAB_PROBE_EXE");
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

	owner = getpid();
	if (n <= 0 || !exe)
		return;
	self[n] = '\0';
	if (path && !strcmp(self, exe))
		out_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			      0600);
	save();	/* a program that starts no thread says so too */
}

/* One fixed-width line, rewritten in place: "created max forks sleeps". */
static void save(void)
{
	char line[80];
	int n;

	if (out_fd < 0 || getpid() != owner)
		return;
	n = snprintf(line, sizeof line, "%d %d %d %d", atomic_load(&created),
		     atomic_load(&max_live), atomic_load(&forks),
		     atomic_load(&sleeps));
	memset(line + n, ' ', sizeof line - 1 - n);
	line[sizeof line - 1] = '\n';
	(void)!pwrite(out_fd, line, sizeof line, 0);
}

struct start {
	void *(*fn)(void *);
	void *arg;
};

static void *trampoline(void *p)
{
	struct start s = *(struct start *)p;
	int now = atomic_fetch_add(&live, 1) + 1, seen;
	void *ret;

	free(p);
	counted = 1;
	seen = atomic_load(&max_live);
	while (now > seen &&
	       !atomic_compare_exchange_weak(&max_live, &seen, now))
		;
	save();
	ret = s.fn(s.arg);
	counted = 0;
	atomic_fetch_sub(&live, 1);
	return ret;
}

/* The next definition of name: libc's. */
#define REAL(name) \
	static __typeof__(&name) real_##name; \
	if (!real_##name) \
		real_##name = (__typeof__(&name))dlsym(RTLD_NEXT, #name)

int pthread_create(pthread_t *t, const pthread_attr_t *attr,
		   void *(*fn)(void *), void *arg)
{
	REAL(pthread_create);
	struct start *s = malloc(sizeof *s);
	int rc;

	if (!s)
		return real_pthread_create(t, attr, fn, arg);
	s->fn = fn;
	s->arg = arg;
	rc = real_pthread_create(t, attr, trampoline, s);
	if (rc == 0) {
		atomic_fetch_add(&created, 1);
		save();
	} else {
		free(s);
	}
	return rc;
}

void pthread_exit(void *ret)
{
	REAL(pthread_exit);

	if (counted) {
		counted = 0;
		atomic_fetch_sub(&live, 1);
	}
	real_pthread_exit(ret);
	__builtin_unreachable();
}

pid_t fork(void)
{
	REAL(fork);
	pid_t pid = real_fork();

	if (pid > 0) {
		atomic_fetch_add(&forks, 1);
		save();
	}
	return pid;
}

static void slept(void)
{
	atomic_fetch_add(&sleeps, 1);
	save();
}

unsigned int sleep(unsigned int s)
{
	REAL(sleep);

	slept();
	return real_sleep(s);
}

int usleep(useconds_t us)
{
	REAL(usleep);

	slept();
	return real_usleep(us);
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	REAL(nanosleep);

	slept();
	return real_nanosleep(req, rem);
}

int clock_nanosleep(clockid_t clock, int flags, const struct timespec *req,
		    struct timespec *rem)
{
	REAL(clock_nanosleep);

	slept();
	return real_clock_nanosleep(clock, flags, req, rem);
}
