/* probe.c - what a workshop check counts in a participant's program:
 * threads started, how many of them were out at once, processes forked
 * and sleeps. Built by `racelab exercise check` into a shared object and
 * loaded with LD_PRELOAD into one plain run of the participant's program
 * and one of the reference fix, so that a "fix" that drops the threads,
 * joins each one right after creating it, forks fewer processes or
 * sleeps its way around the race can be told from a real one.
 *
 * "Out at once" is counted from the program's structure, not from the
 * scheduler: a thread is out from the moment it is created until it is
 * joined. A program that creates all its workers and then joins them has
 * them all out at once on every run, however fast each one finishes (a
 * worker of 10,000 locked increments often ends before the next is even
 * created, on a loaded machine); one that joins each right after
 * creating it never has two. Detached threads are never joined, so they
 * stay counted: the count can only be too generous, never too strict.
 *
 * It interposes the public entry points (pthread_create, pthread_join
 * and its try/timed forms, C11 thrd_create and thrd_join, fork, sleep,
 * usleep, nanosleep, clock_nanosleep) and writes its counts to the file
 * RACELAB_PROBE_FILE names after every change, so a run cut short still
 * leaves them. Only the process that loaded it first writes: a forked
 * child has counts of its own, which are not the program's.
 * Limits: threads started with clone() directly are not counted.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <time.h>
#include <unistd.h>

static atomic_int out, max_out, created, forks, sleeps;
static int out_fd = -1;
static pid_t owner;

static void save(void);
/* Counts only in the program named by RACELAB_PROBE_EXE: a tool that
 * inherits the environment (gdb, attached by racelab's watchdog) is not
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

/* One fixed-width line, rewritten in place: "created max forks sleeps".
 * One thread writes at a time, and writes again while a count changed
 * meanwhile: a worker's sleep, counted before main's second thread and
 * written after it, no longer leaves "1 thread started" in the file of
 * a program that started two (a check said so, once, of a deadlock).
 * No lock: a signal handler that sleeps while its thread writes only
 * marks the line stale. */
static atomic_int writing, stale;

static void save(void)
{
	char line[80];
	int n;

	if (out_fd < 0 || getpid() != owner)
		return;
	atomic_store(&stale, 1);
	while (atomic_load(&stale) && !atomic_exchange(&writing, 1)) {
		while (atomic_exchange(&stale, 0)) {
			n = snprintf(line, sizeof line, "%d %d %d %d",
				     atomic_load(&created), atomic_load(&max_out),
				     atomic_load(&forks), atomic_load(&sleeps));
			memset(line + n, ' ', sizeof line - 1 - n);
			line[sizeof line - 1] = '\n';
			(void)!pwrite(out_fd, line, sizeof line, 0);
		}
		atomic_store(&writing, 0);
	}
}

/* The next definition of name: libc's. */
#define REAL(name) \
	static __typeof__(&name) real_##name; \
	if (!real_##name) \
		real_##name = (__typeof__(&name))dlsym(RTLD_NEXT, #name)

/* Before the real create: another thread may join the new one before
 * the creator runs again. */
static void thread_out(void)
{
	int now = atomic_fetch_add(&out, 1) + 1, seen = atomic_load(&max_out);

	while (now > seen &&
	       !atomic_compare_exchange_weak(&max_out, &seen, now))
		;
}

static void thread_created(int ok)
{
	if (ok)
		atomic_fetch_add(&created, 1);
	else
		atomic_fetch_sub(&out, 1);
	save();
}

static void thread_joined(int ok)
{
	if (ok)
		atomic_fetch_sub(&out, 1);
}

int pthread_create(pthread_t *t, const pthread_attr_t *attr,
		   void *(*fn)(void *), void *arg)
{
	REAL(pthread_create);
	int rc;

	thread_out();
	rc = real_pthread_create(t, attr, fn, arg);
	thread_created(rc == 0);
	return rc;
}

int pthread_join(pthread_t t, void **ret)
{
	REAL(pthread_join);
	int rc = real_pthread_join(t, ret);

	thread_joined(rc == 0);
	return rc;
}

int pthread_tryjoin_np(pthread_t t, void **ret)
{
	REAL(pthread_tryjoin_np);
	int rc = real_pthread_tryjoin_np(t, ret);

	thread_joined(rc == 0);
	return rc;
}

int pthread_timedjoin_np(pthread_t t, void **ret, const struct timespec *at)
{
	REAL(pthread_timedjoin_np);
	int rc = real_pthread_timedjoin_np(t, ret, at);

	thread_joined(rc == 0);
	return rc;
}

int pthread_clockjoin_np(pthread_t t, void **ret, clockid_t clock,
			 const struct timespec *at)
{
	REAL(pthread_clockjoin_np);
	int rc = real_pthread_clockjoin_np(t, ret, clock, at);

	thread_joined(rc == 0);
	return rc;
}

/* glibc's thrd_create and thrd_join call its pthread functions
 * internally, past the interposed ones. */
int thrd_create(thrd_t *t, thrd_start_t fn, void *arg)
{
	REAL(thrd_create);
	int rc;

	thread_out();
	rc = real_thrd_create(t, fn, arg);
	thread_created(rc == thrd_success);
	return rc;
}

int thrd_join(thrd_t t, int *res)
{
	REAL(thrd_join);
	int rc = real_thrd_join(t, res);

	thread_joined(rc == thrd_success);
	return rc;
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
