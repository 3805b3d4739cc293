/* racelab case: pshared_owner_died
 * bug: a parent and a forked child share a ledger, and the mutex that
 *   guards it, in a MAP_SHARED page (PTHREAD_PROCESS_SHARED). The child
 *   locks it, takes 10 from one account and dies before it adds them to
 *   the other, still holding the lock: no unlock, as after a crash. The
 *   parent reaps it, then locks the mutex - whose owner no longer exists.
 *   An ordinary mutex stays locked forever: the parent waits forever.
 * class: deadlock
 * concepts: processes, shared memory, process-shared mutex, robust mutex, fault tolerance
 * expect native: blind - the program hangs, so its own check never runs
 * expect tsan: blind - TSan sees one process at a time: it does not report a thread that exits holding a lock (the child), and in the parent the lock call that never returns is an ordinary wait for a lock; it reports no hangs
 * expect tsan-gcc: blind - TSan sees one process at a time: it does not report a thread that exits holding a lock (the child), and in the parent the lock call that never returns is an ordinary wait for a lock; it reports no hangs
 * expect helgrind: mutex-misuse - in the child: "Exiting thread still holds 1 lock", at its _exit(), the cause; Helgrind sees one process at a time, so the parent's lock call that never returns is an ordinary wait to it, and it reports no hangs
 * expect drd: blind - DRD says "Mutex still locked at thread exit" when a thread ends and is joined; the child ends its whole process with _exit() holding the lock, which DRD does not report (Helgrind does), and the parent's lock call that never returns is an ordinary wait to it
 * expect watchdog: deadlock
 * expect explore: blind - the child that dies holding the lock is another process, outside the scheduler: the parent's wait for a process-shared lock is a real wait, so the search stops, partial
 * symptom: the program hangs, every run: the parent sleeps on a mutex held by a process that has exited.
 * fix: the mutex is robust (pthread_mutexattr_setrobust PTHREAD_MUTEX_ROBUST): when its owner dies, the next pthread_mutex_lock() returns EOWNERDEAD with the lock held; the parent undoes the half-done transfer, marks the mutex consistent (pthread_mutex_consistent) and goes on.
 * hint: who could ever unlock the mutex once the child is gone?
 * hint: what does the kernel know about a mutex whose owner dies? Look up robust mutexes and the robust futex list.
 * hint: after EOWNERDEAD the lock is yours, but the data it guards may be half-changed: what must you do before pthread_mutex_consistent()?
 */
#include <stdio.h>
#include <sys/wait.h>

#include "racelab.h"

/* Two accounts and a transfer in progress, in a page both processes map. */
struct ledger {
	pthread_mutex_t lock;
	long alice, bob;
	long in_flight;		/* taken from alice, not yet given to bob */
};

int main(void)
{
	pthread_mutexattr_t attr;
	struct ledger *l;
	pid_t pid;
	int status;

	l = mmap(NULL, sizeof *l, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (l == MAP_FAILED)
		rl_check_(errno, "mmap", __FILE__, __LINE__);
	RL_CHECK(pthread_mutexattr_init(&attr));
	RL_CHECK(pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED));
	RL_CHECK(pthread_mutex_init(&l->lock, &attr));
	RL_CHECK(pthread_mutexattr_destroy(&attr));
	l->alice = 100;
	l->bob = 100;

	pid = fork();
	if (pid < 0)
		rl_check_(errno, "fork", __FILE__, __LINE__);
	if (pid == 0) {
		RL_CHECK(pthread_mutex_lock(&l->lock));	/* racelab:mark child-locks */
		l->alice -= 10;
		l->in_flight = 10;
		_exit(1);	/* racelab:mark dies-holding-it: as a crash would, no unlock */
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			rl_check_(errno, "waitpid", __FILE__, __LINE__);

	RL_CHECK(pthread_mutex_lock(&l->lock));	/* racelab:mark parent-locks */
	l->bob -= 20;
	l->alice += 20;
	RL_CHECK(pthread_mutex_unlock(&l->lock));

	printf("alice %ld, bob %ld, in flight %ld\n", l->alice, l->bob,
	       l->in_flight);
	if (l->alice + l->bob != 200 || l->in_flight != 0)
		rl_symptom("wrong-result", "the ledger is inconsistent: alice %ld + bob %ld = %ld, %ld in flight",
			   l->alice, l->bob, l->alice + l->bob, l->in_flight);
	return 0;
}
