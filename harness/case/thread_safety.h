/* thread_safety.h - clang's thread-safety annotations, for a C program
 * that wants the thread-safety detector (clang -Wthread-safety) to check
 * its locking. Without annotations the analysis has nothing to check:
 * unannotated code is blind to it, whatever its bugs.
 *
 * In C a plain pthread_mutex_t is not a capability (glibc's headers carry
 * no annotations), so annotate a mutex by declaring it ts_mutex_t (the same
 * type, marked as a capability) and lock it with the annotated wrappers
 * below, which make the same pthread calls (ts_rwlock_t likewise, with a
 * shared read lock and an exclusive write lock):
 *
 *	static ts_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
 *	static long balance GUARDED_BY(lock);
 *	static ts_mutex_t other ACQUIRED_AFTER(lock) = PTHREAD_MUTEX_INITIALIZER;
 *
 *	static void deposit(long n) REQUIRES(lock) { balance += n; }
 *	...
 *	ts_mutex_lock(&lock);
 *	deposit(1);
 *	ts_mutex_unlock(&lock);
 *
 * The analysis is static and per function: it checks that every access to
 * a GUARDED_BY variable happens with its mutex held, that locks are taken
 * in their declared order (ACQUIRED_BEFORE/AFTER: -Wthread-safety-beta),
 * and that a function releases what it acquires (no double lock, no
 * release of what is not held, nothing still held at its end unless it
 * says ACQUIRE). It knows nothing of threads, so a variable only one
 * thread touches still needs its lock, and a race on a variable nobody
 * annotated is invisible. With gcc (the tsan-gcc build) the annotations
 * are empty. After #include "racelab.h", the wrappers' pthread calls are
 * racelab's, so rl_window() counts their waits like any other.
 */
#ifndef RACELAB_THREAD_SAFETY_H
#define RACELAB_THREAD_SAFETY_H

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__clang__)
#define TS_ATTR(x) __attribute__((x))
#else
#define TS_ATTR(x)	/* gcc has no thread-safety analysis */
#endif

#define CAPABILITY(x) TS_ATTR(capability(x))
#define GUARDED_BY(x) TS_ATTR(guarded_by(x))
#define PT_GUARDED_BY(x) TS_ATTR(pt_guarded_by(x))
#define ACQUIRED_BEFORE(...) TS_ATTR(acquired_before(__VA_ARGS__))
#define ACQUIRED_AFTER(...) TS_ATTR(acquired_after(__VA_ARGS__))
#define REQUIRES(...) TS_ATTR(requires_capability(__VA_ARGS__))
#define REQUIRES_SHARED(...) TS_ATTR(requires_shared_capability(__VA_ARGS__))
#define ACQUIRE(...) TS_ATTR(acquire_capability(__VA_ARGS__))
#define ACQUIRE_SHARED(...) TS_ATTR(acquire_shared_capability(__VA_ARGS__))
#define RELEASE(...) TS_ATTR(release_capability(__VA_ARGS__))
#define RELEASE_SHARED(...) TS_ATTR(release_shared_capability(__VA_ARGS__))
#define TRY_ACQUIRE(...) TS_ATTR(try_acquire_capability(__VA_ARGS__))
#define EXCLUDES(...) TS_ATTR(locks_excluded(__VA_ARGS__))
#define ASSERT_CAPABILITY(x) TS_ATTR(assert_capability(x))
#define RETURN_CAPABILITY(x) TS_ATTR(lock_returned(x))
#define NO_THREAD_SAFETY_ANALYSIS TS_ATTR(no_thread_safety_analysis)

/* A pthread mutex the analysis knows as a capability. */
typedef pthread_mutex_t ts_mutex_t CAPABILITY("mutex");

/* The wrappers are where the analysis is told what the pthread calls do,
 * so their own bodies are not analysed. A failed call ends the program,
 * as RL_CHECK does. */
static inline void ts_check(int err, const char *call)
{
	if (err) {
		fprintf(stderr, "%s failed: %s\n", call, strerror(err));
		exit(2);
	}
}

static inline void ts_mutex_lock(ts_mutex_t *m) ACQUIRE(*m)
	NO_THREAD_SAFETY_ANALYSIS
{
	ts_check(pthread_mutex_lock(m), "pthread_mutex_lock");
}

static inline void ts_mutex_unlock(ts_mutex_t *m) RELEASE(*m)
	NO_THREAD_SAFETY_ANALYSIS
{
	ts_check(pthread_mutex_unlock(m), "pthread_mutex_unlock");
}

/* 1 when locked (as the analysis reads TRY_ACQUIRE(1, ...)), 0 when busy. */
static inline int ts_mutex_trylock(ts_mutex_t *m) TRY_ACQUIRE(1, *m)
	NO_THREAD_SAFETY_ANALYSIS
{
	int err = pthread_mutex_trylock(m);

	if (err && err != EBUSY)
		ts_check(err, "pthread_mutex_trylock");
	return err == 0;
}

/* pthread_cond_wait releases and retakes m: held before and after. */
static inline void ts_cond_wait(pthread_cond_t *cv, ts_mutex_t *m)
	REQUIRES(*m) NO_THREAD_SAFETY_ANALYSIS
{
	ts_check(pthread_cond_wait(cv, m), "pthread_cond_wait");
}

/* A pthread rwlock the analysis knows as a capability: read locks are
 * shared, the write lock exclusive. pthread has one unlock for both;
 * the analysis needs to be told which hold ends, as Abseil's
 * ReaderUnlock() and Unlock() do. */
typedef pthread_rwlock_t ts_rwlock_t CAPABILITY("rwlock");

static inline void ts_rwlock_rdlock(ts_rwlock_t *l) ACQUIRE_SHARED(*l)
	NO_THREAD_SAFETY_ANALYSIS
{
	ts_check(pthread_rwlock_rdlock(l), "pthread_rwlock_rdlock");
}

static inline void ts_rwlock_wrlock(ts_rwlock_t *l) ACQUIRE(*l)
	NO_THREAD_SAFETY_ANALYSIS
{
	ts_check(pthread_rwlock_wrlock(l), "pthread_rwlock_wrlock");
}

static inline void ts_rwlock_rdunlock(ts_rwlock_t *l) RELEASE_SHARED(*l)
	NO_THREAD_SAFETY_ANALYSIS
{
	ts_check(pthread_rwlock_unlock(l), "pthread_rwlock_unlock");
}

static inline void ts_rwlock_wrunlock(ts_rwlock_t *l) RELEASE(*l)
	NO_THREAD_SAFETY_ANALYSIS
{
	ts_check(pthread_rwlock_unlock(l), "pthread_rwlock_unlock");
}

#ifdef RL_NO_FORCING
/* racelab explore's build (never the analysis): the pthread call itself
 * on the caller's line, as racelab.h's rl_lock() is there, so that the
 * scheduler's one-frame findings (a deadlock, a lost wakeup) name the
 * program's line and not this header's. */
#define ts_mutex_lock(m) ts_check(pthread_mutex_lock(m), "pthread_mutex_lock")
#define ts_mutex_unlock(m) ts_check(pthread_mutex_unlock(m), "pthread_mutex_unlock")
#define ts_cond_wait(cv, m) ts_check(pthread_cond_wait(cv, m), "pthread_cond_wait")
#define ts_rwlock_rdlock(l) ts_check(pthread_rwlock_rdlock(l), "pthread_rwlock_rdlock")
#define ts_rwlock_wrlock(l) ts_check(pthread_rwlock_wrlock(l), "pthread_rwlock_wrlock")
#define ts_rwlock_rdunlock(l) ts_check(pthread_rwlock_unlock(l), "pthread_rwlock_unlock")
#define ts_rwlock_wrunlock(l) ts_check(pthread_rwlock_unlock(l), "pthread_rwlock_unlock")
#endif

#endif
