/* racelab.h - what every case program includes.
 *
 * - RL_CHECK(call): a pthread (or other 0-on-success) call whose failure
 *   ends the program with a sentence; unlike assert() it survives NDEBUG.
 *   RL_CHECK_ERRNO(call) for the -1-and-errno kind (semaphores).
 * - rl_symptom(): the program's own check reporting what went wrong
 *   (lost updates, a broken invariant), to the file the harness names in
 *   RACELAB_SYMPTOM_FILE, or to stderr when run by hand.
 * - Forcing an interleaving without telling a detector: rl_window() and
 *   rl_event. They use relaxed atomics only, which give ThreadSanitizer no
 *   happens-before edge, and hide their own words from Helgrind and DRD
 *   with client requests (no-ops natively). So the bad interleaving
 *   happens every run, and the tools still judge the program's own
 *   synchronisation alone - like LLVM's invisible barrier in tsan/test.h.
 * - With -DRL_NO_FORCING (racelab explore's build of a case) rl_window(),
 *   rl_event_wait() and the announcing around the textbook calls are
 *   plain calls: nothing forces the interleaving, the scheduler looks
 *   for it. rl_symptom() and rl_progress() stay.
 * - rl_progress(), and the wait times rl_lock() records: what racelab's
 *   watchdog reads to tell livelock and starvation (see
 *   racelab_shm.h). Outside racelab they go to a private page. Under
 *   explore's scheduler the marks are told to it too (rl_explore_mark_),
 *   which calls a schedule that spends its step budget with no mark a
 *   livelock.
 */
#ifndef RACELAB_CASE_H
#define RACELAB_CASE_H

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <valgrind/drd.h>
#include <valgrind/helgrind.h>

#include "racelab_shm.h"

#define RL_CHECK(call) rl_check_((call), #call, __FILE__, __LINE__)
/* For calls that return -1 and set errno (sem_init, sem_post, ...). */
#define RL_CHECK_ERRNO(call) \
	rl_check_((call) == -1 ? errno : 0, #call, __FILE__, __LINE__)

static inline void rl_check_(int rc, const char *what, const char *file,
			     int line)
{
	if (rc != 0) {
		fprintf(stderr, "%s:%d: %s failed: %s\n", file, line, what,
			strerror(rc));
		exit(70);
	}
}

/* Reports a symptom: category is one of racelab's (lost-update,
 * wrong-result, ...), the rest a sentence. One line per call. */
static inline void rl_symptom(const char *category, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline void rl_symptom(const char *category, const char *fmt, ...)
{
	const char *path = getenv("RACELAB_SYMPTOM_FILE");
	FILE *f = path ? fopen(path, "a") : NULL;
	FILE *out = f ? f : stderr;
	va_list ap;

	fprintf(out, f ? "%s\t" : "racelab symptom: %s: ", category);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
	if (f)
		fclose(f);
}

/* Hides a synchronisation word of our own from Helgrind and DRD. */
static inline void rl_hide_(void *addr, size_t len)
{
	VALGRIND_HG_DISABLE_CHECKING(addr, len);
	VALGRIND_DO_CLIENT_REQUEST_STMT(VG_USERREQ__DRD_START_SUPPRESSION,
					addr, len, 0, 0, 0);
}

/* The forcing devices spin. ThreadSanitizer keeps a bounded history of
 * each thread's events; a spin that filled it with atomic loads and calls
 * would push out the racy access a report needs, and TSan then drops the
 * report. So the spinning code is not instrumented (RL_QUIET_), reads
 * with plain volatile loads (an aligned word read is atomic on x86-64),
 * and makes its system calls raw, past TSan's interceptors. */
#define RL_QUIET_ __attribute__((no_sanitize("thread")))
#define RL_QUIET_INLINE_ __attribute__((no_sanitize("thread"), always_inline))
#define RL_PEEK_(x) (*(volatile __typeof__(x) *)&(x))

static inline RL_QUIET_INLINE_ uint64_t rl_load_(uint64_t *w)
{
	return *(volatile uint64_t *)w;
}

/* Lets the other threads run: under Valgrind only one thread runs at a
 * time, and sched_yield() is where it switches. */
static inline RL_QUIET_INLINE_ void rl_pause_(void)
{
	syscall(SYS_sched_yield);
}

/* ---- rl_event: "this has happened", one way, no happens-before ---- */

typedef struct {
	uint64_t word;
	int hidden;
} rl_event;

#define RL_EVENT_INIT { 0, 0 }

static inline void rl_event_hide_(rl_event *e)
{
	if (!__atomic_load_n(&e->hidden, __ATOMIC_RELAXED)) {
		rl_hide_(e, sizeof *e);
		__atomic_store_n(&e->hidden, 1, __ATOMIC_RELAXED);
	}
}

static inline void rl_event_post(rl_event *e)
{
	rl_event_hide_(e);
	__atomic_store_n(&e->word, 1, __ATOMIC_RELAXED);
}

static inline RL_QUIET_ void rl_event_wait(rl_event *e)
{
#ifdef RL_NO_FORCING
	(void)e;	/* forcing off: nothing is waited for */
	return;
#endif
	rl_event_hide_(e);
	while (!rl_load_(&e->word))
		rl_pause_();
}

/* ---- progress and waits, for the watchdog ---- */

static struct rl_shm *rl_shm_;
static __thread int rl_slot_ = -1;
static __thread uint64_t rl_tid_;	/* this thread's, once asked */

/* A forked child is a new thread: its own slot, its own tid. */
static void rl_after_fork_(void)
{
	rl_slot_ = -1;
	rl_tid_ = 0;
}

static inline uint64_t rl_now_ns_(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Maps the page the harness names before main runs, so every thread
 * starts after it exists (pthread_create orders them after main's start
 * anyway: no edge the program did not already have). */
__attribute__((constructor)) static void rl_shm_init_(void)
{
	const char *path = getenv("RACELAB_SHM_FILE");
	int fd = path ? open(path, O_RDWR | O_CLOEXEC) : -1;
	void *p = mmap(NULL, RL_SHM_SIZE, PROT_READ | PROT_WRITE,
		       fd >= 0 ? MAP_SHARED : MAP_PRIVATE | MAP_ANONYMOUS, fd,
		       0);

	if (fd >= 0)
		close(fd);
	pthread_atfork(NULL, NULL, rl_after_fork_);
	if (p == MAP_FAILED)
		return;
	rl_hide_(p, RL_SHM_SIZE);
	rl_shm_ = p;
	rl_shm_->magic = RL_SHM_MAGIC;
}

static inline struct rl_shm *rl_shm_get_(void)
{
	return rl_shm_;
}

/* This thread's slot, claimed on first use; NULL when there is none. */
static inline struct rl_shm_slot *rl_slot_get_(void)
{
	struct rl_shm *shm = rl_shm_get_();

	if (!shm)
		return NULL;
	if (rl_slot_ < 0) {
		uint32_t i = __atomic_fetch_add(&shm->nslots, 1,
						__ATOMIC_RELAXED);
		if (i >= RL_SHM_SLOTS)
			return NULL;
		rl_slot_ = (int)i;
		__atomic_store_n(&shm->slot[i].tid, (uint64_t)syscall(SYS_gettid),
				 __ATOMIC_RELAXED);
	}
	return &shm->slot[rl_slot_];
}

/* Names this thread in the watchdog's reports ("writer", "reader 2"). */
static inline void rl_thread_name(const char *name)
{
	struct rl_shm_slot *s = rl_slot_get_();

	if (s)
		for (size_t i = 0; i < sizeof s->name - 1 && name[i]; i++)
			__atomic_store_n(&s->name[i], name[i], __ATOMIC_RELAXED);
}

/* explore's scheduler (harness/explore/rt.c) defines it; elsewhere the
 * weak reference is null. declare: 1 the program marks progress, 0 one
 * mark. */
extern void rl_explore_mark_(int declare) __attribute__((weak));

/* Declares, early in main, that this program marks its progress: from
 * then on, CPU spent with no rl_progress() is what the watchdog calls a
 * livelock. */
static inline void rl_marks_progress(void)
{
	struct rl_shm *shm = rl_shm_get_();

	if (rl_explore_mark_)
		rl_explore_mark_(1);
	if (shm)
		__atomic_store_n(&shm->uses_progress, 1, __ATOMIC_RELAXED);
}

/* One unit of useful work done: a livelocked program burns CPU and never
 * gets here. */
static inline void rl_progress(void)
{
	struct rl_shm_slot *s = rl_slot_get_();
	struct rl_shm *shm = rl_shm_get_();

	if (rl_explore_mark_)
		rl_explore_mark_(0);
	if (!s)
		return;
	__atomic_store_n(&shm->uses_progress, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&s->progress, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&shm->progress, 1, __ATOMIC_RELAXED);
}

static inline void rl_wait_begin(void)
{
	struct rl_shm_slot *s = rl_slot_get_();

	if (s)
		__atomic_store_n(&s->wait_start_ns, rl_now_ns_(),
				 __ATOMIC_RELAXED);
}

static inline void rl_wait_end(void)
{
	struct rl_shm_slot *s = rl_slot_get_();
	uint64_t start, waited;

	if (!s || !(start = __atomic_load_n(&s->wait_start_ns,
					     __ATOMIC_RELAXED)))
		return;
	waited = rl_now_ns_() - start;
	__atomic_store_n(&s->wait_start_ns, 0, __ATOMIC_RELAXED);
	__atomic_fetch_add(&s->waits, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&s->total_wait_ns, waited, __ATOMIC_RELAXED);
	if (waited > __atomic_load_n(&s->max_wait_ns, __ATOMIC_RELAXED))
		__atomic_store_n(&s->max_wait_ns, waited, __ATOMIC_RELAXED);
}

/* ---- rl_window: hold a race window open until every worker is in it ----
 *
 * A worker calling rl_window() waits until each of the other workers is
 * also waiting in rl_window(), or is waiting for a lock taken through
 * rl_lock(), or has called rl_worker_done(); then all waiting workers go
 * on together. So in a broken program every worker is inside the window
 * at once, every run; in its fixed twin, where the window sits inside a
 * critical section, the others are waiting for the lock and the holder
 * goes on at once. The three counts and a generation share one word so
 * that one compare-and-swap sees them together. "Waiting for a lock" is
 * checked with the kernel: a thread counts only once it sleeps in futex()
 * on that very lock, not while it is on its way to take a free one.
 */

#define RL_FIELD_(w, shift) (((w) >> (shift)) & 0xffff)
enum { RL_ARRIVED_ = 0, RL_BLOCKED_ = 16, RL_DONE_ = 32, RL_GEN_ = 48 };

static uint64_t rl_window_word_;
static int rl_workers_;
static uint64_t rl_init_tid_;		/* who called rl_window_init() */
static uint32_t rl_created_;		/* threads created since then */
static __thread int rl_windowed_;	/* this thread has been in a window */

/* Called once by main before it starts the workers. */
static inline void rl_window_init(int workers)
{
#ifdef RL_NO_FORCING
	(void)workers;
	return;		/* forcing off: no window to keep */
#endif
	rl_hide_(&rl_window_word_, sizeof rl_window_word_);
	rl_hide_(&rl_workers_, sizeof rl_workers_);
	rl_hide_(&rl_created_, sizeof rl_created_);
	__atomic_store_n(&rl_workers_, workers, __ATOMIC_RELAXED);
	__atomic_store_n(&rl_window_word_, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&rl_init_tid_, (uint64_t)syscall(SYS_gettid),
			 __ATOMIC_RELAXED);
	__atomic_store_n(&rl_created_, 0, __ATOMIC_RELAXED);
}

static inline void rl_window_add_(int shift, int delta)
{
	__atomic_fetch_add(&rl_window_word_, (uint64_t)(int64_t)delta << shift,
			   __ATOMIC_RELAXED);
}

/* Reads hex digits at c into *v; returns where they end. */
static inline RL_QUIET_INLINE_ const char *rl_hex_(const char *c,
						   unsigned long long *v)
{
	for (*v = 0;; c++) {
		int d = *c >= '0' && *c <= '9' ? *c - '0' :
			*c >= 'a' && *c <= 'f' ? *c - 'a' + 10 : -1;
		if (d < 0)
			return c;
		*v = *v * 16 + (unsigned)d;
	}
}

/* Does the thread tid sleep in futex() on an address in [lo, hi)? Reads
 * /proc/self/task/TID/syscall ("202 0xADDR ...") by hand, with raw
 * system calls: nothing here may reach TSan's interceptors. */
static inline RL_QUIET_INLINE_ int rl_sleeps_on_(uint64_t tid, uint64_t lo,
						 uint64_t hi)
{
	char path[64] = "/proc/self/task/", digits[24], buf[128];
	unsigned long long addr = 0, op = 0;
	long nr = 0, n;
	int fd, k = 0, p = 16;
	const char *c;

	do
		digits[k++] = (char)('0' + tid % 10);
	while ((tid /= 10) && k < 23);
	while (k)
		path[p++] = digits[--k];
	for (c = "/syscall"; *c; c++)
		path[p++] = *c;
	path[p] = '\0';
	fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = syscall(SYS_read, fd, buf, sizeof buf - 1);
	syscall(SYS_close, fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	for (c = buf; *c >= '0' && *c <= '9'; c++)
		nr = nr * 10 + (*c - '0');
	if (c == buf || c[0] != ' ' || c[1] != '0' || c[2] != 'x')
		return 0;
	c = rl_hex_(c + 3, &addr);
	/* the operation: a thread waking others on the same word is not
	 * asleep on it (FUTEX_WAIT 0, LOCK_PI 6, WAIT_BITSET 9,
	 * WAIT_REQUEUE_PI 11, LOCK_PI2 13; PRIVATE_FLAG 128 aside) */
	if (c[0] != ' ' || c[1] != '0' || c[2] != 'x')
		return 0;
	rl_hex_(c + 3, &op);
	op &= 127;
	return nr == SYS_futex && addr >= lo && addr < hi &&
	       (op == 0 || op == 6 || op == 9 || op == 11 || op == 13);
}

/* Is a mutex a thread sleeps on held by another thread? A waiter woken by
 * the unlock still shows asleep in futex() until it runs: the lock is then
 * free (its word 0) or already its own (the owner's tid, 8 bytes on).
 * Read through /proc/self/mem with raw system calls, so that neither TSan
 * nor Helgrind sees a read of the lock's memory. Anything but a mutex
 * (its size tells) is taken as held. */
static inline RL_QUIET_INLINE_ int rl_held_by_other_(uint64_t tid, uint64_t lo,
						     uint64_t hi)
{
	int word[3];
	int fd;
	long n;

	if (hi - lo != sizeof(pthread_mutex_t))
		return 1;
	fd = (int)syscall(SYS_openat, AT_FDCWD, "/proc/self/mem",
			  O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 1;
	n = syscall(SYS_pread64, fd, word, sizeof word, (long)lo);
	syscall(SYS_close, fd);
	if (n != (long)sizeof word)
		return 1;
	return word[0] != 0 && (uint64_t)word[2] != tid;
}

/* A spin lock's waiter announces this: it counts with no kernel check. */
#define RL_SPINNING_ ((const void *)1)

/* Is every thread that announced a lock wait really asleep on it, on a
 * lock someone else holds, and are there at least `blocked` of them (the
 * count read with the window's word)? The word and the slots are not read
 * at one instant: a waiter whose wait ended, and who announced its next
 * one before the word was read again, would otherwise be taken as still
 * waiting while it runs. */
static inline RL_QUIET_INLINE_ int rl_waits_are_real_(uint64_t blocked)
{
	struct rl_shm *shm = rl_shm_;
	uint64_t announced = 0;
	uint32_t n;

	if (!shm)
		return 1;
	n = RL_PEEK_(shm->nslots);
	for (uint32_t i = 0; i < n && i < RL_SHM_SLOTS; i++) {
		struct rl_shm_slot *s = &shm->slot[i];
		uint64_t lo = RL_PEEK_(s->wait_lo), hi = RL_PEEK_(s->wait_hi);
		uint64_t lo2 = RL_PEEK_(s->wait2_lo), hi2 = RL_PEEK_(s->wait2_hi);
		uint64_t tid = RL_PEEK_(s->tid);

		if (!lo)
			continue;
		announced++;
		if (lo == (uint64_t)(uintptr_t)RL_SPINNING_)
			continue;
		if (!(rl_sleeps_on_(tid, lo, hi) &&
		      rl_held_by_other_(tid, lo, hi)) &&
		    !(lo2 && rl_sleeps_on_(tid, lo2, hi2) &&
		      rl_held_by_other_(tid, lo2, hi2)))
			return 0;
	}
	return announced >= blocked;
}

/* If every worker is accounted for, opens the window for all waiters. */
static inline RL_QUIET_INLINE_ void rl_window_release_(void)
{
	uint64_t w = rl_load_(&rl_window_word_);
	uint64_t present = RL_FIELD_(w, RL_ARRIVED_) +
			   RL_FIELD_(w, RL_BLOCKED_) + RL_FIELD_(w, RL_DONE_);

	if (RL_FIELD_(w, RL_ARRIVED_) == 0 ||
	    present < (uint64_t)RL_PEEK_(rl_workers_))
		return;
	if (RL_FIELD_(w, RL_BLOCKED_) &&
	    !rl_waits_are_real_(RL_FIELD_(w, RL_BLOCKED_)))
		return;
	/* arrived back to 0, generation + 1 */
	__atomic_compare_exchange_n(
		&rl_window_word_, &w,
		(w & ~(0xffffull << RL_ARRIVED_)) + (1ull << RL_GEN_), 0,
		__ATOMIC_RELAXED, __ATOMIC_RELAXED);
}

static inline RL_QUIET_ void rl_window(void)
{
#ifdef RL_NO_FORCING
	return;		/* forcing off: the window is not held open */
#endif
	uint64_t gen = RL_FIELD_(rl_load_(&rl_window_word_), RL_GEN_);

	rl_windowed_ = 1;
	rl_window_add_(RL_ARRIVED_, 1);
	for (;;) {
		rl_window_release_();
		if (RL_FIELD_(rl_load_(&rl_window_word_), RL_GEN_) != gen)
			return;
		rl_pause_();
	}
}

/* ---- locks that the window and the watchdog know about ---- */

/* Announces that this thread is about to sleep on the object at p (and,
 * for a condition wait, on the mutex at p2 afterwards), or stops
 * announcing with p NULL: rl_window() and the watchdog read it. */
static inline void rl_waiting_on_(const void *p, size_t len, const void *p2,
				  size_t len2)
{
	struct rl_shm_slot *s = rl_slot_get_();

	if (!s)
		return;
	__atomic_store_n(&s->wait2_hi, p2 ? (uint64_t)(uintptr_t)p2 + len2 : 0,
			 __ATOMIC_RELAXED);
	__atomic_store_n(&s->wait2_lo, (uint64_t)(uintptr_t)p2,
			 __ATOMIC_RELAXED);
	__atomic_store_n(&s->wait_hi, p ? (uint64_t)(uintptr_t)p + len : 0,
			 __ATOMIC_RELAXED);
	__atomic_store_n(&s->wait_lo, (uint64_t)(uintptr_t)p, __ATOMIC_RELAXED);
}

static inline void rl_block_begin_(const void *p, size_t len, const void *p2,
				   size_t len2)
{
#ifdef RL_NO_FORCING
	(void)p; (void)len; (void)p2; (void)len2;
	return;		/* forcing off: nothing to announce */
#endif
	rl_waiting_on_(p, len, p2, len2);
	rl_window_add_(RL_BLOCKED_, 1);
	rl_wait_begin();
}

static inline void rl_block_end_(void)
{
#ifdef RL_NO_FORCING
	return;
#endif
	rl_wait_end();
	rl_window_add_(RL_BLOCKED_, -1);
	rl_waiting_on_(NULL, 0, NULL, 0);
}

/* The blocking calls a worker makes while other workers may sit in
 * rl_window(): each says what it sleeps on, and records how long it
 * waited (the watchdog's starvation measure). A worker that blocks in a
 * plain pthread call instead keeps the window shut. */

#ifdef RL_NO_FORCING
/* Forcing off: the textbook call itself, on the caller's line, so that
 * explore's story and its findings name the program's line, not this
 * header's. */
#define rl_lock(m) RL_CHECK(pthread_mutex_lock(m))
#define rl_unlock(m) RL_CHECK(pthread_mutex_unlock(m))
#define rl_rdlock(l) RL_CHECK(pthread_rwlock_rdlock(l))
#define rl_wrlock(l) RL_CHECK(pthread_rwlock_wrlock(l))
#define rl_rwunlock(l) RL_CHECK(pthread_rwlock_unlock(l))
#define rl_cond_wait(c, m) RL_CHECK(pthread_cond_wait(c, m))
#define rl_join(t, result) RL_CHECK(pthread_join(t, result))
#define rl_sem_wait(s)                                                      \
	do {                                                                \
		while (sem_wait(s) != 0)                                    \
			if (errno != EINTR)                                 \
				rl_check_(errno, "sem_wait", __FILE__, __LINE__); \
	} while (0)
#define rl_barrier_wait(b)                                                  \
	({                                                                  \
		int rl_rc_ = pthread_barrier_wait(b);                       \
		if (rl_rc_ != 0 && rl_rc_ != PTHREAD_BARRIER_SERIAL_THREAD) \
			rl_check_(rl_rc_, "pthread_barrier_wait", __FILE__, \
				  __LINE__);                                \
		rl_rc_;                                                     \
	})
#else
static inline void rl_lock(pthread_mutex_t *m)
{
	rl_block_begin_(m, sizeof *m, NULL, 0);
	RL_CHECK(pthread_mutex_lock(m));
	rl_block_end_();
}

static inline void rl_unlock(pthread_mutex_t *m)
{
	RL_CHECK(pthread_mutex_unlock(m));
}

static inline void rl_rdlock(pthread_rwlock_t *l)
{
	rl_block_begin_(l, sizeof *l, NULL, 0);
	RL_CHECK(pthread_rwlock_rdlock(l));
	rl_block_end_();
}

static inline void rl_wrlock(pthread_rwlock_t *l)
{
	rl_block_begin_(l, sizeof *l, NULL, 0);
	RL_CHECK(pthread_rwlock_wrlock(l));
	rl_block_end_();
}

static inline void rl_rwunlock(pthread_rwlock_t *l)
{
	RL_CHECK(pthread_rwlock_unlock(l));
}

static inline void rl_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	rl_block_begin_(c, sizeof *c, m, sizeof *m);
	RL_CHECK(pthread_cond_wait(c, m));
	rl_block_end_();
}

static inline void rl_sem_wait(sem_t *s)
{
	rl_block_begin_(s, sizeof *s, NULL, 0);
	while (sem_wait(s) != 0)
		if (errno != EINTR)
			rl_check_(errno, "sem_wait", __FILE__, __LINE__);
	rl_block_end_();
}

/* Returns pthread_barrier_wait's result (PTHREAD_BARRIER_SERIAL_THREAD
 * for one thread, 0 for the others). */
static inline int rl_barrier_wait(pthread_barrier_t *b)
{
	int rc;

	rl_block_begin_(b, sizeof *b, NULL, 0);
	rc = pthread_barrier_wait(b);
	rl_block_end_();
	if (rc != 0 && rc != PTHREAD_BARRIER_SERIAL_THREAD)
		rl_check_(rc, "pthread_barrier_wait", __FILE__, __LINE__);
	return rc;
}

/* pthread_join sleeps on the joined thread's tid word, inside the thread
 * descriptor that pthread_t points at. */
static inline void rl_join(pthread_t t, void **result)
{
	rl_block_begin_((const void *)t, 4096, NULL, 0);
	RL_CHECK(pthread_join(t, result));
	rl_block_end_();
}

#endif

/* A worker that will not reach rl_window() again says so. */
static inline void rl_worker_done(void)
{
	rl_window_add_(RL_DONE_, 1);
}

/* ---- the textbook calls ----
 *
 * A fix is written the way a textbook writes it: pthread_mutex_lock(),
 * pthread_cond_wait(), sem_wait(), pthread_join()... After this header
 * those names are racelab's: each calls the C library's own function and
 * returns its result unchanged, and around the call does what rl_lock()
 * does: it says what the thread sleeps on, so that rl_window() counts it
 * as waiting once the kernel shows it asleep there (a worker blocked on
 * the lock the window's holder has cannot arrive), and records how long
 * it waited. The thread that called rl_window_init(n) (main) is one of
 * the n workers when it has been in a window itself, or when it created
 * fewer than n threads since (then it must be one of them): main joining
 * the n workers it created is not one of them, and counting it would
 * open the window before the last worker arrives. Nothing here adds
 * synchronisation: the same call is made.
 */

static inline int rl_counts_(void)
{
	if (!rl_tid_)
		rl_tid_ = (uint64_t)syscall(SYS_gettid);
	return rl_windowed_ ||
	       rl_tid_ != __atomic_load_n(&rl_init_tid_, __ATOMIC_RELAXED) ||
	       __atomic_load_n(&rl_created_, __ATOMIC_RELAXED) <
		       (uint32_t)__atomic_load_n(&rl_workers_, __ATOMIC_RELAXED);
}

/* pthread_create, counted (see rl_counts_). */
static inline int rl_pthread_create_(pthread_t *t, const pthread_attr_t *a,
				     void *(*start)(void *), void *arg)
{
	int rc = pthread_create(t, a, start, arg);

	if (rc == 0)
		__atomic_fetch_add(&rl_created_, 1, __ATOMIC_RELAXED);
	return rc;
}

/* One wrapper: announce (when this thread counts), call, stop announcing. */
#define RL_TEXTBOOK_(type, call, p, len, p2, len2)                     \
	do {                                                           \
		int counts_ = rl_counts_();                            \
		type rc_;                                              \
		if (counts_)                                           \
			rl_block_begin_(p, len, p2, len2);             \
		rc_ = call;                                            \
		if (counts_) {                                         \
			int errno_ = errno;                            \
			rl_block_end_();                               \
			errno = errno_;                                \
		}                                                      \
		return rc_;                                            \
	} while (0)

static inline int rl_pthread_mutex_lock_(pthread_mutex_t *m)
{
	RL_TEXTBOOK_(int, pthread_mutex_lock(m), m, sizeof *m, NULL, 0);
}

static inline int rl_pthread_mutex_timedlock_(pthread_mutex_t *m,
					      const struct timespec *t)
{
	RL_TEXTBOOK_(int, pthread_mutex_timedlock(m, t), m, sizeof *m, NULL, 0);
}

static inline int rl_pthread_rwlock_rdlock_(pthread_rwlock_t *l)
{
	RL_TEXTBOOK_(int, pthread_rwlock_rdlock(l), l, sizeof *l, NULL, 0);
}

static inline int rl_pthread_rwlock_wrlock_(pthread_rwlock_t *l)
{
	RL_TEXTBOOK_(int, pthread_rwlock_wrlock(l), l, sizeof *l, NULL, 0);
}

static inline int rl_pthread_rwlock_timedrdlock_(pthread_rwlock_t *l,
						 const struct timespec *t)
{
	RL_TEXTBOOK_(int, pthread_rwlock_timedrdlock(l, t), l, sizeof *l, NULL,
		     0);
}

static inline int rl_pthread_rwlock_timedwrlock_(pthread_rwlock_t *l,
						 const struct timespec *t)
{
	RL_TEXTBOOK_(int, pthread_rwlock_timedwrlock(l, t), l, sizeof *l, NULL,
		     0);
}

static inline int rl_pthread_cond_wait_(pthread_cond_t *c, pthread_mutex_t *m)
{
	RL_TEXTBOOK_(int, pthread_cond_wait(c, m), c, sizeof *c, m, sizeof *m);
}

static inline int rl_pthread_cond_timedwait_(pthread_cond_t *c,
					     pthread_mutex_t *m,
					     const struct timespec *t)
{
	RL_TEXTBOOK_(int, pthread_cond_timedwait(c, m, t), c, sizeof *c, m,
		     sizeof *m);
}

static inline int rl_sem_wait_(sem_t *s)
{
	RL_TEXTBOOK_(int, sem_wait(s), s, sizeof *s, NULL, 0);
}

static inline int rl_sem_timedwait_(sem_t *s, const struct timespec *t)
{
	RL_TEXTBOOK_(int, sem_timedwait(s, t), s, sizeof *s, NULL, 0);
}

static inline int rl_pthread_barrier_wait_(pthread_barrier_t *b)
{
	RL_TEXTBOOK_(int, pthread_barrier_wait(b), b, sizeof *b, NULL, 0);
}

/* pthread_join sleeps on the joined thread's tid word, inside the thread
 * descriptor that pthread_t points at. */
static inline int rl_pthread_join_(pthread_t t, void **result)
{
	RL_TEXTBOOK_(int, pthread_join(t, result), (const void *)t, 4096, NULL,
		     0);
}

/* A trylock never sleeps: counted, for the watchdog to tell threads that
 * keep failing their trylocks and letting go (a livelock) from threads
 * that get on. */
static inline int rl_pthread_mutex_trylock_(pthread_mutex_t *m)
{
	struct rl_shm_slot *s = rl_slot_get_();
	int rc = pthread_mutex_trylock(m);

	if (s && rc == EBUSY)
		__atomic_fetch_add(&s->tries_failed, 1, __ATOMIC_RELAXED);
	else if (s && rc == 0)
		__atomic_fetch_add(&s->tries_won, 1, __ATOMIC_RELAXED);
	return rc;
}

/* A spin lock never sleeps in the kernel: a thread counts as waiting
 * from its first failed attempt, with no address for the kernel check. */
static inline int rl_pthread_spin_lock_(pthread_spinlock_t *l)
{
	int rc = pthread_spin_trylock(l), counts = rc == EBUSY && rl_counts_();

	if (counts)
		rl_block_begin_(RL_SPINNING_, 0, NULL, 0);
	while (rc == EBUSY) {
		rl_pause_();
		rc = pthread_spin_trylock(l);
	}
	if (counts)
		rl_block_end_();
	return rc;
}

/* Forcing off (-DRL_NO_FORCING, as racelab explore builds a case): the
 * textbook calls are the C library's own, unannounced. */
#ifndef RL_NO_FORCING
#define pthread_create(t, a, f, arg) rl_pthread_create_(t, a, f, arg)
#define pthread_mutex_lock(m) rl_pthread_mutex_lock_(m)
#define pthread_mutex_timedlock(m, t) rl_pthread_mutex_timedlock_(m, t)
#define pthread_mutex_trylock(m) rl_pthread_mutex_trylock_(m)
#define pthread_rwlock_rdlock(l) rl_pthread_rwlock_rdlock_(l)
#define pthread_rwlock_wrlock(l) rl_pthread_rwlock_wrlock_(l)
#define pthread_rwlock_timedrdlock(l, t) rl_pthread_rwlock_timedrdlock_(l, t)
#define pthread_rwlock_timedwrlock(l, t) rl_pthread_rwlock_timedwrlock_(l, t)
#define pthread_cond_wait(c, m) rl_pthread_cond_wait_(c, m)
#define pthread_cond_timedwait(c, m, t) rl_pthread_cond_timedwait_(c, m, t)
#define sem_wait(s) rl_sem_wait_(s)
#define sem_timedwait(s, t) rl_sem_timedwait_(s, t)
#define pthread_barrier_wait(b) rl_pthread_barrier_wait_(b)
#define pthread_join(t, r) rl_pthread_join_(t, r)
#define pthread_spin_lock(l) rl_pthread_spin_lock_(l)
#endif

#endif
