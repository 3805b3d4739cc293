/* racelab fix: pshared_owner_died
 * expect helgrind: clean, false-positive mutex-misuse - Helgrind 3.19 does not know robust mutexes: the EOWNERDEAD the parent handles is to it a failed pthread_mutex_lock ("error code 130", a code it cannot name), so the unlock of the lock that call did take is "a not-locked lock"; and the child still exits holding the lock ("Exiting thread still holds 1 lock"): that death stands for a crash, the fault the fix tolerates, not a bug in the fix
 * expect drd: clean, false-positive mutex-misuse - DRD 3.19 does not know robust mutexes: the pthread_mutex_lock that returns EOWNERDEAD to the parent (and does take the lock) is to DRD a lock that failed, so the unlock after pthread_mutex_consistent() is "Mutex not locked"; the child's exit holding the lock, which Helgrind reports, DRD does not
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
	int status, rc;

	l = mmap(NULL, sizeof *l, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (l == MAP_FAILED)
		rl_check_(errno, "mmap", __FILE__, __LINE__);
	RL_CHECK(pthread_mutexattr_init(&attr));
	RL_CHECK(pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED));
	RL_CHECK(pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST));
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

	rc = pthread_mutex_lock(&l->lock);	/* racelab:mark parent-locks */
	if (rc == EOWNERDEAD) {
		/* The lock is ours, but its owner died in the middle of a
		 * transfer: undo it, then say the ledger is whole again. */
		l->alice += l->in_flight;
		l->in_flight = 0;
		RL_CHECK(pthread_mutex_consistent(&l->lock));
	} else {
		RL_CHECK(rc);
	}
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
