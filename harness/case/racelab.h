/* racelab.h - what every case program includes.
 *
 * - RL_CHECK(call): a pthread (or other 0-on-success) call whose failure
 *   ends the program with a sentence; unlike assert() it survives NDEBUG.
 * - rl_symptom(): the program's own check reporting what went wrong
 *   (lost updates, a broken invariant), to the file the harness names in
 *   RACELAB_SYMPTOM_FILE, or to stderr when run by hand.
 * - Forcing an interleaving without telling a detector: rl_window() and
 *   rl_event. They use relaxed atomics only, which give ThreadSanitizer no
 *   happens-before edge, and hide their own words from Helgrind and DRD
 *   with client requests (no-ops natively). So the bad interleaving
 *   happens every run, and the tools still judge the program's own
 *   synchronisation alone - like LLVM's invisible barrier in tsan/test.h.
 */
#ifndef RACELAB_CASE_H
#define RACELAB_CASE_H

#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <valgrind/drd.h>
#include <valgrind/helgrind.h>

#define RL_CHECK(call) rl_check_((call), #call, __FILE__, __LINE__)

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

static inline uint64_t rl_load_(uint64_t *w)
{
	return __atomic_load_n(w, __ATOMIC_RELAXED);
}

/* Lets the other threads run: under Valgrind only one thread runs at a
 * time, and sched_yield() is where it switches. */
static inline void rl_pause_(void)
{
	sched_yield();
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

static inline void rl_event_wait(rl_event *e)
{
	rl_event_hide_(e);
	while (!rl_load_(&e->word))
		rl_pause_();
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
 * that one compare-and-swap sees them together.
 */

#define RL_FIELD_(w, shift) (((w) >> (shift)) & 0xffff)
enum { RL_ARRIVED_ = 0, RL_BLOCKED_ = 16, RL_DONE_ = 32, RL_GEN_ = 48 };

static uint64_t rl_window_word_;
static int rl_workers_;

/* Called once by main before it starts the workers. */
static inline void rl_window_init(int workers)
{
	rl_hide_(&rl_window_word_, sizeof rl_window_word_);
	rl_hide_(&rl_workers_, sizeof rl_workers_);
	__atomic_store_n(&rl_workers_, workers, __ATOMIC_RELAXED);
	__atomic_store_n(&rl_window_word_, 0, __ATOMIC_RELAXED);
}

static inline void rl_window_add_(int shift, int delta)
{
	__atomic_fetch_add(&rl_window_word_, (uint64_t)(int64_t)delta << shift,
			   __ATOMIC_RELAXED);
}

/* If every worker is accounted for, opens the window for all waiters. */
static inline void rl_window_release_(void)
{
	uint64_t w = rl_load_(&rl_window_word_);
	uint64_t present = RL_FIELD_(w, RL_ARRIVED_) +
			   RL_FIELD_(w, RL_BLOCKED_) + RL_FIELD_(w, RL_DONE_);

	if (RL_FIELD_(w, RL_ARRIVED_) == 0 ||
	    present < (uint64_t)__atomic_load_n(&rl_workers_, __ATOMIC_RELAXED))
		return;
	/* arrived back to 0, generation + 1 */
	__atomic_compare_exchange_n(
		&rl_window_word_, &w,
		(w & ~(0xffffull << RL_ARRIVED_)) + (1ull << RL_GEN_), 0,
		__ATOMIC_RELAXED, __ATOMIC_RELAXED);
}

static inline void rl_window(void)
{
	uint64_t gen = RL_FIELD_(rl_load_(&rl_window_word_), RL_GEN_);

	rl_window_add_(RL_ARRIVED_, 1);
	for (;;) {
		rl_window_release_();
		if (RL_FIELD_(rl_load_(&rl_window_word_), RL_GEN_) != gen)
			return;
		rl_pause_();
	}
}

static inline void rl_lock(pthread_mutex_t *m)
{
	rl_window_add_(RL_BLOCKED_, 1);
	RL_CHECK(pthread_mutex_lock(m));
	rl_window_add_(RL_BLOCKED_, -1);
}

static inline void rl_unlock(pthread_mutex_t *m)
{
	RL_CHECK(pthread_mutex_unlock(m));
}

/* A worker that will not reach rl_window() again says so. */
static inline void rl_worker_done(void)
{
	rl_window_add_(RL_DONE_, 1);
}

#endif
