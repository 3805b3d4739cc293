/* racelab case: fork_with_loader_lock
 * bug: main forks a child to run a helper while the inventory thread is
 *   inside dl_iterate_phdr(), which holds the dynamic loader's lock on its
 *   list of libraries while it calls back. Before exec the child converts
 *   the job's title to Latin-1 for the helper, and iconv_open() loads its
 *   conversion module through the loader, which needs that lock: fork()
 *   copied it held, and its holder does not exist in the child. The
 *   program takes no lock itself; both calls lock inside the C library
 *   (glibc 2.36 resets malloc's, stdio's and dlopen()'s own lock in a
 *   forked child, not this one).
 * class: deadlock
 * concepts: fork vs threads, posix_spawn, async-signal-safety, locks inside the C library, dynamic loading
 * expect native: blind - the child hangs and the parent waits for it forever, so the parent's check never runs
 * expect tsan: blind - TSan never sees the loader's lock: the C library takes it by internal calls that no interceptor catches; and in a child forked from a threaded process TSan ignores everything "in the hope that we will exec soon"
 * expect tsan-gcc: blind - TSan never sees the loader's lock: the C library takes it by internal calls that no interceptor catches; and in a child forked from a threaded process TSan ignores everything "in the hope that we will exec soon"
 * expect helgrind: blind - Helgrind does see the loader's lock (the C library's own calls reach its pthread_mutex_lock wrapper), but to it the child's lock call is an ordinary wait for a lock another thread holds; that the holder did not survive fork() is nothing it checks
 * expect drd: blind - DRD does see the loader's lock (the C library's own calls reach its pthread_mutex_lock wrapper), but to it the child's lock call is an ordinary wait for a lock another thread holds; that the holder did not survive fork() is nothing it checks
 * expect watchdog: deadlock
 * expect thread-safety: blind - clang's analysis checks annotations (GUARDED_BY, REQUIRES, ACQUIRE: harness/case/thread_safety.h), and this program has none; nor could it annotate a lock inside the C library
 * expect explore: blind - the bug is in the child that fork() makes, which runs outside the scheduler: the child's wait for the C library's copied lock is a real wait no schedule can end, so the search stops, partial
 * symptom: the child hangs in iconv_open() before it can exec, and its parent with it, every run; the watchdog finds the child asleep on a lock whose owner is a thread of the parent.
 * fix: posix_spawn(): the title is converted before the threads start, and the child runs none of the program's code before exec (fixed/fork_with_loader_lock.async_safe.c: fork() with only execve() and _exit() in the child, async-signal-safe calls that take no lock).
 * hint: the program takes no lock. Which locks does the C library take for it, inside dl_iterate_phdr() and inside iconv_open()?
 * hint: pthread_atfork() fixed fork_with_held_lock. Can it here, where the lock is not the program's?
 * hint: what must the child do itself before exec? Could the parent do the rest, before it starts any thread?
 */
#define _GNU_SOURCE	/* dl_iterate_phdr */
#include <iconv.h>
#include <link.h>
#include <stdio.h>
#include <sys/wait.h>

#include "racelab.h"

/* The helper stands for an old tool that reads its arguments in Latin-1. */
static const char helper[] = "/bin/true";
static const char job_title[] = "Caf\xc3\xa9 cr\xc3\xa8me";	/* UTF-8 */

static int nlibraries;		/* the inventory's count */
static pthread_barrier_t closing;	/* the inventory and main, at the end */
static rl_event listing = RL_EVENT_INIT;	/* inside dl_iterate_phdr() */
static rl_event started = RL_EVENT_INIT;	/* main has started the helper */

/* Converts a UTF-8 title to Latin-1; returns 0 or an errno value. */
static int to_latin1(const char *title, char *out, size_t outlen)
{
	iconv_t cd = iconv_open("ISO-8859-1", "UTF-8");	/* racelab:mark loader */
	char *in = (char *)title, *o = out;
	size_t inleft = strlen(title), outleft = outlen - 1;
	int rc = 0;

	if (cd == (iconv_t)-1)
		return errno;
	if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1)
		rc = errno;
	*o = '\0';
	iconv_close(cd);
	return rc;
}

/* dl_iterate_phdr() calls this for each loaded object, holding the
 * loader's lock so that the list cannot change under the walk. */
static int list_library(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	(void)data;
	rl_event_post(&listing);
	rl_event_wait(&started);	/* main starts the helper meanwhile */
	if (info->dlpi_name[0])
		printf("inventory: %s\n", info->dlpi_name);
	nlibraries++;
	return 0;
}

/* Lists the loaded libraries, then stays up until main shuts down. */
static void *inventory(void *arg)
{
	(void)arg;
	dl_iterate_phdr(list_library, NULL);	/* racelab:mark held */
	fflush(stdout);
	rl_barrier_wait(&closing);
	return NULL;
}

int main(void)
{
	char title[64];
	char *argv[] = { (char *)helper, title, NULL };
	pthread_t t;
	pid_t pid;
	int status;

	RL_CHECK(pthread_barrier_init(&closing, NULL, 2));
	RL_CHECK(pthread_create(&t, NULL, inventory, NULL));
	rl_event_wait(&listing);	/* the inventory holds the loader's lock */
	pid = fork();	/* racelab:mark fork */
	if (pid < 0)
		rl_check_(errno, "fork", __FILE__, __LINE__);
	if (pid == 0) {
		if (to_latin1(job_title, title, sizeof title) != 0)	/* racelab:mark convert */
			_exit(71);
		execv(helper, argv);
		_exit(127);
	}
	rl_event_post(&started);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			rl_check_(errno, "waitpid", __FILE__, __LINE__);
	rl_barrier_wait(&closing);
	RL_CHECK(pthread_join(t, NULL));
	printf("%d libraries listed; the helper's status 0x%x\n", nlibraries,
	       status);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		rl_symptom("wrong-result", "the helper did not run and exit cleanly (status 0x%x)",
			   status);
	return 0;
}
