/* racelab case: pshared_abba
 * bug: two processes, parent and forked child, take two process-shared
 *   robust mutexes (in memory mapped MAP_SHARED before the fork) in
 *   opposite orders; a process-shared barrier makes each hold its first
 *   before it asks for its second: the ABBA deadlock across processes,
 *   every run. The watchdog called it a lost wakeup ("none holds what
 *   another waits for"): a robust mutex keeps its owner's tid in the lock
 *   word itself, with the waiters bit set, not 1 or 2.
 * class: hostile
 * expect watchdog: clean
 */
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared {
	pthread_mutex_t a, b;
	pthread_barrier_t both_hold_one;
};

static void init_mutex(pthread_mutex_t *m)
{
	pthread_mutexattr_t attr;

	pthread_mutexattr_init(&attr);
	pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
	if (pthread_mutex_init(m, &attr) != 0)
		exit(2);
	pthread_mutexattr_destroy(&attr);
}

static void take_two(struct shared *sh, pthread_mutex_t *first,
		     pthread_mutex_t *second)
{
	pthread_mutex_lock(first);
	pthread_barrier_wait(&sh->both_hold_one);
	pthread_mutex_lock(second);	/* BUG: the other process holds it */
	pthread_mutex_unlock(second);
	pthread_mutex_unlock(first);
}

int main(void)
{
	pthread_barrierattr_t battr;
	struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t child;

	if (sh == MAP_FAILED)
		return 2;
	init_mutex(&sh->a);
	init_mutex(&sh->b);
	pthread_barrierattr_init(&battr);
	pthread_barrierattr_setpshared(&battr, PTHREAD_PROCESS_SHARED);
	pthread_barrier_init(&sh->both_hold_one, &battr, 2);
	if ((child = fork()) < 0)
		return 2;
	if (child == 0) {
		take_two(sh, &sh->b, &sh->a);
		_exit(0);
	}
	take_two(sh, &sh->a, &sh->b);
	waitpid(child, NULL, 0);
	return 0;
}
