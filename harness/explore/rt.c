/* rt.c - racelab explore's scheduler, linked into the program under test.
 *
 * `racelab explore` compiles the program with clang's ThreadSanitizer
 * instrumentation but without TSan's runtime (-fsanitize=thread
 * -fno-sanitize-link-runtime), and links this file instead: every load,
 * store and atomic of the program's own code calls a __tsan_* entry point
 * defined here, and every pthread call the program (or libstdc++, for
 * std::thread and std::condition_variable) makes lands on a definition
 * here, exported from the executable so it interposes for every caller.
 *
 * With RL_EXPLORE unset every entry point is a plain pass-through: the
 * binary is the plain program. With it set, a constructor that runs
 * before main becomes a fork server: it forks once per schedule, and in
 * each child exactly one thread runs at a time; at each scheduling point
 * (every pthread call, every atomic, and every plain access at a
 * program counter found racy) the strategy (PCT, a random walk,
 * depth-first search with a preemption bound, or a replay of recorded
 * choices) picks who runs next. The scheduler keeps its own model of
 * every mutex, rwlock, spinlock, condition, semaphore, barrier, once and
 * thread: the real objects are never touched, so a state where no thread
 * can run is a deadlock, certain at that moment.
 *
 * Each child writes its steps into memory shared with the server; the
 * server judges the child's end and writes one JSON line per finding to
 * its stdout, which racelab reads (harness/explore/explore.c). Children
 * close that descriptor first thing. Everything here is static but the
 * entry points the compiler and the program call.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <link.h>
#include <malloc.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>
#include <linux/futex.h>

#pragma clang attribute push(__attribute__((disable_sanitizer_instrumentation)), apply_to = function)

#define MAXT 64			/* threads one schedule may create */
#define MAXOBJ 8192		/* modelled objects (locks, conditions, ...) */
#define NCHOICE (1u << 21)	/* steps one schedule may take, at most */
#define NEV (1u << 16)		/* the trace kept: the last NEV events */
#define NPC 4096		/* racy program counters, kept across schedules */
#define NRACE 64
#define NSHADOW (1u << 16)
#define NDIGEST (NCHOICE / 256)
#define STACK_PCS 12
#define NOTE_LEN 512
#define MAX_STDERR 4096

/* ---- the real functions */

#define REAL(name) static __typeof__(name) *real_##name
REAL(pthread_create);
REAL(pthread_join);
REAL(pthread_detach);
REAL(pthread_exit);
REAL(pthread_mutex_lock);
REAL(pthread_mutex_trylock);
REAL(pthread_mutex_timedlock);
REAL(pthread_mutex_unlock);
REAL(pthread_cond_wait);
REAL(pthread_cond_timedwait);
REAL(pthread_cond_signal);
REAL(pthread_cond_broadcast);
REAL(pthread_rwlock_rdlock);
REAL(pthread_rwlock_wrlock);
REAL(pthread_rwlock_tryrdlock);
REAL(pthread_rwlock_trywrlock);
REAL(pthread_rwlock_timedrdlock);
REAL(pthread_rwlock_timedwrlock);
REAL(pthread_rwlock_unlock);
REAL(pthread_spin_lock);
REAL(pthread_spin_trylock);
REAL(pthread_spin_unlock);
REAL(pthread_once);
REAL(pthread_barrier_wait);
REAL(pthread_timedjoin_np);
REAL(pthread_tryjoin_np);
REAL(sem_wait);
REAL(sem_trywait);
REAL(sem_timedwait);
REAL(sem_post);
REAL(sched_yield);
REAL(usleep);
REAL(nanosleep);
REAL(clock_nanosleep);
REAL(sleep);
REAL(fork);
REAL(sigaction);
REAL(signal);
REAL(read);
REAL(write);
REAL(poll);
REAL(select);
REAL(accept);
REAL(recv);
REAL(waitpid);
REAL(wait);
REAL(pause);
REAL(sigwait);
REAL(epoll_wait);
REAL(pthread_cond_clockwait);
REAL(pthread_mutex_clocklock);
REAL(sem_clockwait);
REAL(pthread_cancel);
REAL(pthread_kill);
REAL(alarm);
REAL(setitimer);
REAL(timer_create);
REAL(pthread_testcancel);
REAL(pthread_setcancelstate);
REAL(pthread_setcanceltype);
REAL(clock_gettime);
REAL(gettimeofday);
REAL(time);

static void *find_real(const char *name, const char *version)
{
	void *p = version ? dlvsym(RTLD_NEXT, name, version) : NULL;

	return p ? p : dlsym(RTLD_NEXT, name);
}

#define FIND(name) real_##name = find_real(#name, NULL)
#define FINDV(name, v) real_##name = find_real(#name, v)

static void find_reals(void)
{
	FIND(pthread_create); FIND(pthread_join); FIND(pthread_detach);
	FIND(pthread_exit); FIND(pthread_mutex_lock);
	FIND(pthread_mutex_trylock); FIND(pthread_mutex_timedlock);
	FIND(pthread_mutex_unlock);
	FINDV(pthread_cond_wait, "GLIBC_2.3.2");
	FINDV(pthread_cond_timedwait, "GLIBC_2.3.2");
	FINDV(pthread_cond_signal, "GLIBC_2.3.2");
	FINDV(pthread_cond_broadcast, "GLIBC_2.3.2");
	FIND(pthread_rwlock_rdlock); FIND(pthread_rwlock_wrlock);
	FIND(pthread_rwlock_tryrdlock); FIND(pthread_rwlock_trywrlock);
	FIND(pthread_rwlock_timedrdlock); FIND(pthread_rwlock_timedwrlock);
	FIND(pthread_rwlock_unlock); FIND(pthread_spin_lock);
	FIND(pthread_spin_trylock); FIND(pthread_spin_unlock);
	FIND(pthread_once); FIND(pthread_barrier_wait);
	FIND(pthread_timedjoin_np); FIND(pthread_tryjoin_np);
	FIND(sem_wait); FIND(sem_trywait); FIND(sem_timedwait);
	FIND(sem_post); FIND(sched_yield); FIND(usleep); FIND(nanosleep);
	FIND(clock_nanosleep); FIND(sleep); FIND(fork); FIND(sigaction);
	FIND(signal); FIND(read); FIND(write); FIND(poll); FIND(select);
	FIND(accept); FIND(recv); FIND(waitpid); FIND(wait); FIND(pause);
	FIND(sigwait); FIND(epoll_wait); FIND(pthread_cond_clockwait);
	FIND(pthread_mutex_clocklock); FIND(sem_clockwait);
	FIND(pthread_cancel); FIND(pthread_kill); FIND(clock_gettime);
	FIND(alarm); FIND(setitimer); FIND(timer_create);
	FIND(pthread_testcancel); FIND(pthread_setcancelstate);
	FIND(pthread_setcanceltype);
	FIND(gettimeofday); FIND(time);
}

/* ---- what the server and its children share */

enum ev_kind {
	EV_READ = 1, EV_WRITE, EV_ALOAD, EV_ASTORE, EV_ARMW, EV_ACAS,
	EV_LOCK, EV_TRYLOCK_FAIL, EV_UNLOCK, EV_RDLOCK, EV_WRLOCK,
	EV_RWUNLOCK, EV_WAIT, EV_WOKEN, EV_TIMEDOUT, EV_SIGNAL,
	EV_BROADCAST, EV_SEM_WAIT, EV_SEM_POST, EV_BARRIER, EV_CREATE,
	EV_JOIN, EV_EXIT, EV_SLEEP, EV_YIELD, EV_OUTSIDE, EV_ONCE,
	EV_START, EV_BLOCK, EV_FENCE, EV_DETACH, EV_KILL, EV_HANDLER,
	EV_HANDLER_END,
};

static const char *const EV_NAME[] = {
	"", "read", "write", "atomic-load", "atomic-store", "atomic-rmw",
	"atomic-cas", "lock", "trylock-busy", "unlock", "rdlock", "wrlock",
	"rwunlock", "wait", "woken", "timed-out", "signal", "broadcast",
	"sem-wait", "sem-post", "barrier", "create", "join", "exit", "sleep",
	"yield", "outside", "once", "start", "block", "fence", "detach",
	"kill", "handler", "handler-end",
};

struct ev {
	uint32_t step;
	uint8_t tid, kind, size, preempt;
	uint64_t pc, addr, value, other;
};

struct race {
	uint64_t pc[2], addr;
	uint8_t tid[2], write[2], size;
	uint32_t schedule, step;
};

enum outcome {
	OUT_NONE, OUT_DEADLOCK, OUT_BUDGET, OUT_DIVERGED, OUT_LIMIT,
	OUT_REPLAY_END, OUT_LIVELOCK,
};

/* A thread's place in a deadlock, as the model saw it. */
struct stuck {
	uint8_t tid, wait;
	int16_t holder;
	uint64_t obj, pc;
};

struct shared {
	/* set by the server before each child */
	uint32_t schedule;
	uint64_t seed;
	uint32_t nprefix;	/* dfs and replay: follow these choices */
	uint32_t ndigests;	/* replay: the recorded digests */
	/* written by the child */
	uint32_t steps, nev, nthreads, outcome, preemptions;
	uint32_t forks;		/* steps where more than one thread could run */
	int32_t crash_tid;
	uint32_t ncrash;
	uint64_t crash_pcs[STACK_PCS];
	uint32_t diverged_step;
	uint32_t marks, last_mark;	/* progress marks (racelab.h), and the
					 * step of the last; marked: declared */
	uint32_t marked;
	uint32_t nstuck;
	struct stuck stuck[MAXT];
	uint8_t thread_parent[MAXT];
	uint64_t thread_pc[MAXT];	/* where it was created */
	char note[NOTE_LEN];		/* a limit, a divergence: one sentence */
	/* kept across schedules */
	uint32_t npc, nspc;
	uint64_t pcs[NPC];		/* racy program counters: points */
	uint64_t newpcs[NPC];		/* found in this schedule: points from
					 * the next on (a schedule runs, and is
					 * replayed, with one set) */
	uint32_t nnew;
	uint64_t spcs[NPC];		/* program counters that touched
					 * memory another thread touches: told */
	uint32_t nrace;
	struct race races[NRACE];
	uint32_t uses_fork, uses_signals, outside_calls;
	char unmodelled[256];
	/* dfs: the enabled set and the running thread at each step */
	uint64_t enabled[NCHOICE / 16];	/* first NCHOICE/16 steps */
	uint8_t prev[NCHOICE / 16];
	uint8_t choice[NCHOICE];
	uint64_t digest[NDIGEST];
	uint64_t want_digest[NDIGEST];
	struct ev ev[NEV];
};

#define DFS_STEPS (NCHOICE / 16)

static struct shared *sh;

/* ---- configuration, read once */

/* S_LOCKSTEP: every step to the next thread that can run, in turn (one
 * schedule of pct's mix): threads that back off and retry in step, as a
 * fair scheduler may keep them, do so here. */
enum strategy { S_PCT, S_RANDOM, S_DFS, S_REPLAY, S_LOCKSTEP };

static struct {
	int active;		/* this process is a controlled child */
	enum strategy strategy;
	unsigned schedules, first, stride, depth, bound, all;
	unsigned long max_steps;
	double timeout_s;
	double budget_s;	/* the search's own time; 0: none */
	uint64_t seed;
	int baseline;		/* the plain program's exit status, -1 unknown,
				 * -2 not known yet: in baseline_path once it
				 * has ended (explore.c runs it beside us) */
	char *baseline_path;
	int mix;		/* pct: each 4th schedule a random walk */
	int out_fd;
	char *stop_path;
	uintptr_t base, text_lo, text_hi, data_lo, data_hi;
} cfg;

/* ---- the model */

enum tstate { T_FREE, T_RUN, T_BLOCKED, T_DONE };
enum wait { W_NONE, W_MUTEX, W_JOIN, W_COND, W_SEM, W_BARRIER, W_RD,
	    W_WR, W_ONCE, W_SLEEP, W_OUTSIDE };

static const char *const WAIT_NAME[] = {
	"", "mutex", "join", "condition", "semaphore", "barrier",
	"rwlock-read", "rwlock-write", "once", "sleep", "outside",
};

struct thr {
	int state, wait, timed, timed_out, signaled;
	void *obj;
	int target;		/* join */
	uint64_t wait_seq, gen, pc;
	int yields;		/* its sleep is a yield: others' time first */
	int cancel_pending, cancel_off;	/* deferred cancellation */
	void *exit_ret;		/* pthread_exit's value, for the end */
	uint64_t deadline;	/* a timed wait's or a sleep's end, on a
				 * monotonic clock: time passes only when no
				 * thread can run, to the earliest of these */
	pthread_t pt;
	void *(*fn)(void *);
	void *arg;
	void *ret;
	int detached;
	uint32_t go;		/* futex: your turn */
	uint32_t returned;	/* back from a call outside the model */
	uint64_t out_since;	/* when it went out, on the real clock */
	int prio;
	unsigned long run_len;
	uint32_t vc[MAXT];
	uint64_t pending_addr;	/* a write whose value is read at the next step */
	uint32_t pending_ev;
	uint8_t pending_size;
	int sigwake;		/* blocked, and sent a signal: runs its handler */
};

enum okind { O_MUTEX = 1, O_RW, O_SPIN, O_COND, O_SEM, O_BARRIER, O_ONCE,
	     O_ATOMIC };

struct obj {
	uintptr_t addr;
	int kind, owner, count, type, readers;
	unsigned barrier_n, arrived;
	uint64_t gen, pc;
	uint32_t vc[MAXT];
};

static void cancel_point(void);
static struct thr T[MAXT];
static pid_t my_pid;
static struct obj *objs;	/* MAXOBJ, in the child */
static int nthreads, running = -1;
static uint32_t cur;		/* futex word: who holds the baton (+1) */
static uint32_t nreturned;
static unsigned long step;
static uint64_t wait_seq, rng_state, digest_acc;
static __thread int self = -1;
static __thread int busy;	/* inside racelab's own use of libc */
/* Signals, under the schedule. Once the program has set a handler, a
 * thread that waits for its turn holds every signal a program may send
 * (the faults stay), so none runs a handler where the model cannot see
 * it; one that came meanwhile, and that the program's own mask lets
 * through, is delivered when the thread has the baton again, before its
 * next step: the handler's steps are that thread's, scheduled. */
static int sig_handlers;		/* the program has set a handler */
static __thread int sig_held;		/* racelab holds this thread's signals */
static __thread int sig_ready;		/* ... one is ready: its number */
static __thread sigset_t sig_mask;	/* the program's own mask meanwhile */
static __thread int in_handler;		/* handlers running on this thread */
static int change_points[16], nchange, low_prio;
static int stall;	/* lockstep: the choice where one thread runs on */
static unsigned long k_est = 200;

/* ---- small helpers */

static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* How far time has been made to pass without waiting: a timed wait's
 * timeout taken as a choice moves every clock the program reads on by
 * what it would have slept. */
static uint64_t skew;

int clock_gettime(clockid_t c, struct timespec *t)
{
	int rc = real_clock_gettime(c, t);

	if (!rc && skew && cfg.active && c != CLOCK_PROCESS_CPUTIME_ID &&
	    c != CLOCK_THREAD_CPUTIME_ID) {
		uint64_t ns = (uint64_t)t->tv_nsec + skew % 1000000000ull;

		t->tv_sec += (time_t)(skew / 1000000000ull + ns / 1000000000ull);
		t->tv_nsec = (long)(ns % 1000000000ull);
	}
	return rc;
}

int gettimeofday(struct timeval *tv, void *tz)
{
	struct timespec t;

	if (!cfg.active || !skew)
		return real_gettimeofday(tv, tz);
	clock_gettime(CLOCK_REALTIME, &t);
	tv->tv_sec = t.tv_sec;
	tv->tv_usec = t.tv_nsec / 1000;
	return 0;
}

time_t time(time_t *out)
{
	struct timespec t;

	if (!cfg.active || !skew)
		return real_time(out);
	clock_gettime(CLOCK_REALTIME, &t);
	if (out)
		*out = t.tv_sec;
	return t.tv_sec;
}

static uint64_t clock_ns(clockid_t c)
{
	struct timespec t;

	clock_gettime(c, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

/* An absolute time on clock c, as a deadline on the monotonic clock. */
static uint64_t deadline_at(const struct timespec *ts, clockid_t c)
{
	uint64_t now, mono, at;

	if (!ts || ts->tv_sec < 0)
		return clock_ns(CLOCK_MONOTONIC);
	at = (uint64_t)ts->tv_sec * 1000000000ull + (uint64_t)ts->tv_nsec;
	if (c == CLOCK_MONOTONIC)
		return at;
	/* read in this order, the deadline is never early: a wait that
	 * ends before its time is a bug a program may rightly check for */
	now = clock_ns(c);
	mono = clock_ns(CLOCK_MONOTONIC);
	return at > now ? mono + (at - now) : mono;
}

static uint64_t deadline_in(uint64_t ns)
{
	return clock_ns(CLOCK_MONOTONIC) + ns;
}

static void futex_wait(uint32_t *w, uint32_t v)
{
	syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, v, NULL, NULL, 0);
}

/* Waits while *w is v, until at the latest `ns` from now. */
static void futex_wait_for(uint32_t *w, uint32_t v, uint64_t ns)
{
	struct timespec t = { (time_t)(ns / 1000000000ull),
			      (long)(ns % 1000000000ull) };

	syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, v, &t, NULL, 0);
}

static void futex_wake(uint32_t *w)
{
	syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void note(const char *fmt, ...)
{
	va_list ap;

	if (sh->note[0])
		return;
	va_start(ap, fmt);
	vsnprintf(sh->note, sizeof sh->note, fmt, ap);
	va_end(ap);
}

static void unmodelled(const char *name)
{
	if (!sh || strstr(sh->unmodelled, name) ||
	    strlen(sh->unmodelled) + strlen(name) + 2 >= sizeof sh->unmodelled)
		return;
	if (sh->unmodelled[0])
		strcat(sh->unmodelled, " ");
	strcat(sh->unmodelled, name);
}

static int in_text(uintptr_t pc)
{
	return pc >= cfg.text_lo && pc < cfg.text_hi;
}

/* The program's own call site: the return address, or when a library
 * called us (std::condition_variable in libstdc++), the first frame of
 * the program's own code. */
static uint64_t site(void *ret)
{
	void *frames[16];
	int n;

	if (in_text((uintptr_t)ret))
		return (uintptr_t)ret - cfg.base;
	busy++;
	n = backtrace(frames, 16);
	busy--;
	for (int i = 1; i < n; i++)
		if (in_text((uintptr_t)frames[i]))
			return (uintptr_t)frames[i] - cfg.base;
	return 0;
}

#define SITE() site(__builtin_return_address(0))

static int text_range(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	(void)data;
	cfg.base = info->dlpi_addr;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *p = &info->dlpi_phdr[i];

		if (p->p_type == PT_LOAD && (p->p_flags & PF_X)) {
			cfg.text_lo = info->dlpi_addr + p->p_vaddr;
			cfg.text_hi = cfg.text_lo + p->p_memsz;
		}
		if (p->p_type == PT_LOAD && (p->p_flags & PF_W)) {
			cfg.data_lo = info->dlpi_addr + p->p_vaddr;
			cfg.data_hi = cfg.data_lo + p->p_memsz;
		}
	}
	return 1;		/* the first object is the program */
}

/* ---- objects */

static struct obj *obj_get(const void *addr, int kind)
{
	uintptr_t a = (uintptr_t)addr;
	size_t h = (a >> 3) * 0x9e3779b97f4a7c15ull % MAXOBJ;

	for (size_t i = 0; i < MAXOBJ; i++) {
		struct obj *o = &objs[(h + i) % MAXOBJ];

		if (o->addr == a) {
			if (kind && o->kind != kind && o->kind != O_ATOMIC) {
				/* the memory was reused for something else */
				memset(o, 0, sizeof *o);
				o->addr = a;
				o->owner = -1;
				o->kind = kind;
			}
			return o;
		}
		if (!o->addr) {
			o->addr = a;
			o->kind = kind;
			o->owner = -1;
			return o;
		}
	}
	note("the program used more than %d locks, conditions and atomics; explore stopped this schedule",
	     MAXOBJ);
	sh->outcome = OUT_LIMIT;
	_exit(0);
}

/* ---- happens-before */

static void vc_join(uint32_t *to, const uint32_t *from)
{
	for (int i = 0; i < nthreads; i++)
		if (from[i] > to[i])
			to[i] = from[i];
}

static void acquire(int t, struct obj *o)
{
	vc_join(T[t].vc, o->vc);
}

static void release(int t, struct obj *o)
{
	vc_join(o->vc, T[t].vc);
	T[t].vc[t]++;
}

/* ---- the trace */

static uint32_t record(int t, int kind, uint64_t pc, const void *addr,
		       unsigned size, uint64_t value, uint64_t other)
{
	uint32_t i = sh->nev++;
	struct ev *e = &sh->ev[i % NEV];

	e->step = (uint32_t)step;
	e->tid = (uint8_t)t;
	e->kind = (uint8_t)kind;
	e->size = (uint8_t)size;
	e->preempt = 0;
	e->pc = pc;
	e->addr = (uintptr_t)addr;
	e->value = value;
	e->other = other;
	return i;
}

/* The value at addr (1 to 8 bytes), for the story: a global directly,
 * other memory through process_vm_readv, which fails (0) where a read
 * would fault, memory freed meanwhile included. */
static uint64_t peek(const void *addr, unsigned size)
{
	uint64_t v = 0;
	struct iovec l = { &v, size }, r = { (void *)addr, size };

	if (!size || size > 8)
		return 0;
	if ((uintptr_t)addr >= cfg.data_lo && (uintptr_t)addr + size <= cfg.data_hi)
		memcpy(&v, addr, size);
	else if (process_vm_readv(my_pid, &l, 1, &r, 1, 0) != (ssize_t)size)
		v = 0;
	return v;
}

/* The value a write stored, read once the thread is back in racelab. */
static void settle_write(int t)
{
	struct thr *th = &T[t];

	if (th->pending_addr && sh->nev - th->pending_ev < NEV)
		sh->ev[th->pending_ev % NEV].value =
			peek((const void *)th->pending_addr, th->pending_size);
	th->pending_addr = 0;
}

/* A plain access in the trace: a read with the value it is about to
 * read (whole scalars only), a write with the value it stores once
 * done (settle_write). */
static void record_access(int me, int write, uint64_t pc, const void *addr,
			  unsigned size)
{
	int scalar = size == 1 || size == 2 || size == 4 || size == 8;
	uint32_t i = record(me, write ? EV_WRITE : EV_READ, pc, addr, size,
			    !write && scalar ? peek(addr, size) : 0, 0);

	if (write) {
		T[me].pending_addr = (uintptr_t)addr;
		T[me].pending_size = (uint8_t)(size > 8 ? 8 : size);
		T[me].pending_ev = i;
	}
}

/* ---- choosing who runs */

static int can_run(int t)
{
	struct thr *th = &T[t];
	struct obj *o = th->obj;

	if (th->state == T_RUN)
		return 1;
	if (th->state != T_BLOCKED)
		return 0;
	if (th->sigwake)
		return 1;
	if (th->cancel_pending && !th->cancel_off &&
	    (th->wait == W_COND || th->wait == W_JOIN || th->wait == W_SEM ||
	     th->wait == W_SLEEP))
		return 1;	/* a cancellation point: the cancel ends it */
	switch (th->wait) {
	case W_MUTEX:
		return o->owner < 0 || (o->type == PTHREAD_MUTEX_RECURSIVE &&
					o->owner == t);
	case W_JOIN:
		return T[th->target].state == T_DONE;
	case W_COND:
		return th->signaled;
	case W_SEM:
		return o->count > 0;
	case W_BARRIER:
		return o->gen != th->gen;
	case W_RD:
		return o->owner < 0;
	case W_WR:
		return o->owner < 0 && o->readers == 0;
	case W_ONCE:
		return o->count == 2;
	default:
		return 0;
	}
}

static int can_time_out(int t)
{
	return T[t].state == T_BLOCKED && T[t].timed && !can_run(t);
}

/* The timed waiter whose time comes first; time passes to it. */
static int earliest(void)
{
	int best = -1;

	/* a thread that only yields (sched_yield, a sleep under 1 ms: a
	 * polling loop) waits for something else to happen: the others'
	 * timeouts come first, and time jumps to them */
	for (int pass = 0; pass < 2 && best < 0; pass++)
		for (int t = 0; t < nthreads; t++)
			if (can_time_out(t) && T[t].yields == pass &&
			    (best < 0 || T[t].deadline < T[best].deadline))
				best = t;
	if (best >= 0) {
		uint64_t now = clock_ns(CLOCK_MONOTONIC);

		if (T[best].deadline > now)
			skew += T[best].deadline - now;
	}
	return best;
}

/* The real monotonic clock, without the model's skew. */
static uint64_t real_ns(void)
{
	struct timespec t;

	real_clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

/* No thread in the model can run, and one is out in a call the model
 * does not see into (waitpid, read, poll): that call runs in real time.
 * Before time jumps to the earliest timeout, the call is given real time
 * to come back: as long again as it has been out (at least 1 ms), and
 * no longer than that timeout. A thread waiting in a loop of timed waits
 * or yields for what the call brings then meets the call's return after
 * a few timeouts, where the model's clock alone would spend the step
 * budget in a millisecond; a call that waits on the timeout itself costs
 * at most the time it has been out. The thread holding the baton waits,
 * as if it ran; outside_end() wakes it. */
static void wait_for_outside(void)
{
	uint64_t since = UINT64_MAX, left = UINT64_MAX, now, real, wait;
	int timers = 0;

	now = clock_ns(CLOCK_MONOTONIC);
	for (int t = 0; t < nthreads; t++) {
		if (T[t].state == T_BLOCKED && T[t].wait == W_OUTSIDE &&
		    T[t].out_since < since)
			since = T[t].out_since;
		if (can_time_out(t)) {
			/* a yield's time is the others' to take */
			uint64_t d = T[t].yields ? UINT64_MAX :
				     T[t].deadline > now ? T[t].deadline - now : 0;

			timers++;
			if (d < left)
				left = d;
		}
	}
	if (since == UINT64_MAX || !timers)
		return;	/* nobody out, or nobody's time to pass */
	real = real_ns();
	wait = real - since < 1000000 ? 1000000 : real - since;
	if (wait > left)
		wait = left;
	for (uint64_t end = real + wait;
	     !__atomic_load_n(&nreturned, __ATOMIC_SEQ_CST) &&
	     (real = real_ns()) < end;)
		futex_wait_for(&nreturned, 0, end - real);
}

static void take_returned(void)
{
	if (!__atomic_load_n(&nreturned, __ATOMIC_SEQ_CST))
		return;
	for (int t = 0; t < nthreads; t++)
		if (__atomic_exchange_n(&T[t].returned, 0, __ATOMIC_SEQ_CST)) {
			__atomic_fetch_sub(&nreturned, 1, __ATOMIC_SEQ_CST);
			T[t].state = T_RUN;
			T[t].wait = W_NONE;
		}
}

static void pct_new_thread(int t)
{
	/* a random place among the priorities given so far, all above the
	 * change points' */
	int above = (int)(rng() % (unsigned)(nthreads + 1));
	int p = (int)cfg.depth + above * 2 + 1;

	for (int i = 0; i < t; i++)
		if (T[i].prio >= p)
			T[i].prio += 2;
	T[t].prio = p;
}

static void pct_setup(void)
{
	nchange = cfg.depth > 1 ? (int)cfg.depth - 1 : 0;
	if (nchange > 16)
		nchange = 16;
	for (int i = 0; i < nchange; i++)
		change_points[i] = 1 + (int)(rng() % k_est);
	low_prio = 0;
}

/* Steps a thread may run with others able to, before it is made to
 * yield: without it a spinning thread of high priority would run
 * alone until the budget is spent. */
#define FAIR_RUN 1000

/* A random walk's thread runs on with chance 1 - 1/walk_m: walk_m = 2
 * (a coin) in a program of up to 2 x WALK_SWITCHES choices, longer runs
 * in a longer one, so a walk switches about WALK_SWITCHES times whatever
 * the program's length (a loop of 120000 steps switched 45000 times,
 * half a second a schedule). Set once a schedule, from k_est. */
#define WALK_SWITCHES 500
static unsigned long walk_m = 2;

static int choose(int me, int me_can)
{
	int en[MAXT], n = 0, best = -1;
	unsigned long s = step;

	for (int t = 0; t < nthreads; t++)
		if (can_run(t))
			en[n++] = t;
	if (!n)
		return -1;
	if (n > 1)
		sh->forks++;
	if (cfg.strategy == S_REPLAY || (cfg.strategy == S_DFS &&
					 s < sh->nprefix)) {
		if (s < sh->nprefix) {
			int want = sh->choice[s];

			for (int i = 0; i < n; i++)
				if (en[i] == want)
					return want;
			sh->diverged_step = (uint32_t)s;
			note("the replay diverged at step %lu: it chose thread %d, which could not run then",
			     s, want + 1);
			sh->outcome = OUT_DIVERGED;
			_exit(0);
		}
		if (cfg.strategy == S_REPLAY) {
			sh->outcome = OUT_REPLAY_END;
			note("the replay ran past its %u recorded steps", sh->nprefix);
			_exit(0);
		}
	}
	if (cfg.strategy == S_DFS)	/* past the prefix: no preemption */
		return me_can ? me : en[0];
	if (cfg.strategy == S_LOCKSTEP) {
		/* once, at the stall-th choice, the thread runs on: the
		 * threads' phase moves by a step */
		if (stall && sh->forks == (uint32_t)stall && me_can)
			return me;
		for (int k = 1; k <= nthreads; k++) {
			int t = ((me < 0 ? 0 : me) + k) % nthreads;

			if (can_run(t))
				return t;
		}
		return en[0];
	}
	if (cfg.strategy == S_RANDOM) {
		/* the thread runs on with chance 1 - 1/walk_m */
		if (me_can && T[me].run_len < FAIR_RUN && n > 1 &&
		    rng() % walk_m != walk_m - 1)
			return me;
		return en[rng() % (unsigned)n];
	}
	/* PCT, its steps counted where there is a choice: a change point
	 * where one thread alone can run would change nothing */
	s = sh->forks;
	for (int i = 0; i < nchange; i++)
		if ((unsigned long)change_points[i] == s && me >= 0 &&
		    T[me].state != T_DONE)
			T[me].prio = --low_prio + (int)cfg.depth - 1 - 1000;
	if (me_can && T[me].run_len >= FAIR_RUN && n > 1)
		T[me].prio = --low_prio - 2000;
	for (int i = 0; i < n; i++)
		if (best < 0 || T[en[i]].prio > T[best].prio)
			best = en[i];
	return best;
}

static void hold_signals(void)
{
	static const int faults[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL,
				      SIGTRAP, SIGSYS, SIGABRT };
	sigset_t all;

	if (!sig_handlers || sig_held)
		return;
	sigfillset(&all);
	for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
		sigdelset(&all, faults[i]);
	if (!pthread_sigmask(SIG_BLOCK, &all, &sig_mask))
		sig_held = 1;
}

/* After a wait: a signal that came meanwhile and that the program's
 * mask lets through is ready (deliver_signals runs its handler); none,
 * and the thread has the program's own mask again. */
static void after_wait(void)
{
	sigset_t p;

	if (!sig_held)
		return;
	if (!sigpending(&p))
		for (int s = 1; s < NSIG; s++)
			if (sigismember(&p, s) == 1 && !sigismember(&sig_mask, s)) {
				sig_ready = s;
				return;
			}
	sig_held = 0;
	pthread_sigmask(SIG_SETMASK, &sig_mask, NULL);
}

static void wait_turn(int me)
{
	hold_signals();
	while (!__atomic_exchange_n(&T[me].go, 0, __ATOMIC_SEQ_CST))
		futex_wait(&T[me].go, 0);
	__atomic_store_n(&cur, (uint32_t)me + 1, __ATOMIC_SEQ_CST);
	after_wait();
}

/* The thread holds the baton and runs: the handler of the signal that is
 * ready runs now, its steps scheduled as the thread's own (the kernel
 * delivers it as the program's mask comes back). */
static void deliver_signals(int me)
{
	if (!sig_ready || me < 0 || running != me || T[me].state != T_RUN)
		return;
	sig_ready = 0;
	sig_held = 0;
	pthread_sigmask(SIG_SETMASK, &sig_mask, NULL);	/* handlers run */
}

static void hand_to(int next)
{
	running = next;
	__atomic_store_n(&cur, (uint32_t)next + 1, __ATOMIC_SEQ_CST);
	__atomic_store_n(&T[next].go, 1, __ATOMIC_SEQ_CST);
	futex_wake(&T[next].go);
}

static void deadlock(void)
{
	struct shared *s = sh;

	for (int t = 0; t < nthreads; t++)
		settle_write(t);
	s->nstuck = 0;
	for (int t = 0; t < nthreads; t++) {
		struct thr *th = &T[t];
		struct stuck *k;

		if (th->state != T_BLOCKED)
			continue;
		k = &s->stuck[s->nstuck++];
		k->tid = (uint8_t)t;
		k->wait = (uint8_t)th->wait;
		k->obj = th->obj && th->wait != W_JOIN ?
				 ((struct obj *)th->obj)->addr : 0;
		k->pc = th->pc;
		k->holder = -1;
		if (th->wait == W_JOIN)
			k->holder = (int16_t)th->target;
		else if ((th->wait == W_MUTEX || th->wait == W_WR ||
			  th->wait == W_RD) && th->obj)
			k->holder = (int16_t)((struct obj *)th->obj)->owner;
	}
	s->outcome = OUT_DEADLOCK;
	s->steps = (uint32_t)step;
	_exit(0);
}

/* The step budget spent: a livelock when the program marks its progress
 * and made no mark in the budget's second half (its threads ran, none
 * got anywhere); else the schedule is cut, said in the summary. */
static void budget_check(void)
{
	if (step >= cfg.max_steps || step >= NCHOICE) {
		sh->steps = (uint32_t)step;
		if (sh->marked && step - sh->last_mark >= step / 2) {
			sh->outcome = OUT_LIVELOCK;
			_exit(0);
		}
		sh->outcome = OUT_BUDGET;
		note("a schedule took more than %lu steps", cfg.max_steps);
		_exit(0);
	}
}

/* racelab.h's rl_marks_progress() (declare) and rl_progress(): the
 * program's progress marks, which budget_check() reads. */
__attribute__((visibility("default"))) void rl_explore_mark_(int declare)
{
	if (!cfg.active || !sh)
		return;
	sh->marked = 1;
	if (!declare) {
		sh->marks++;
		sh->last_mark = (uint32_t)step;
	}
}

/* The scheduling point: me (the thread holding the baton) has just
 * recorded what it is about to do, or is blocked; choose who runs next
 * and, if not me, wait for the baton to come back. */
static void reschedule(int me)
{
	int me_can, next;

	/* the thread's last write is done by now: its value is read before
	 * another thread can store over it (read at the thread's next
	 * access, a lock between the two let another thread's store be
	 * taken for it) */
	if (me >= 0)
		settle_write(me);
	deliver_signals(me);
	take_returned();
	me_can = me >= 0 && can_run(me);
	next = choose(me, me_can);
	if (next < 0 && !__atomic_load_n(&nreturned, __ATOMIC_SEQ_CST)) {
		/* a thread outside the model may come back first */
		wait_for_outside();
		take_returned();
		next = choose(me, me_can);
	}
	if (next < 0) {
		/* nobody can run: time passes (a timed wait times out), or
		 * a thread outside the model comes back, or it is over */
		next = earliest();
		if (next >= 0) {
			T[next].timed_out = 1;
			T[next].state = T_RUN;
		} else {
			int outside = 0, blocked = 0;

			for (int t = 0; t < nthreads; t++) {
				outside += T[t].state == T_BLOCKED &&
					   T[t].wait == W_OUTSIDE;
				blocked += T[t].state == T_BLOCKED;
			}
			if (!blocked) {	/* every thread has ended */
				running = -1;
				return;
			}
			if (!outside)
				deadlock();
			/* the first to come back takes the baton */
			if (me >= 0 && T[me].state != T_DONE)
				hold_signals();
			running = -1;
			__atomic_store_n(&cur, 0, __ATOMIC_SEQ_CST);
			if (__atomic_load_n(&nreturned, __ATOMIC_SEQ_CST)) {
				uint32_t zero = 0;

				if (__atomic_compare_exchange_n(
					    &cur, &zero, (uint32_t)me + 1, 0,
					    __ATOMIC_SEQ_CST,
					    __ATOMIC_SEQ_CST)) {
					after_wait();
					running = me;
					reschedule(me);
					return;
				}
			}
			if (me < 0 || T[me].state == T_DONE)
				return;	/* an ended thread only leaves */
			wait_turn(me);
			running = me;
			deliver_signals(me);
			return;
		}
	}
	if (step < NCHOICE)
		sh->choice[step] = (uint8_t)next;
	if (step < DFS_STEPS) {
		uint64_t bits = 0;

		for (int t = 0; t < nthreads && t < 64; t++)
			if (can_run(t))
				bits |= 1ull << t;
		sh->enabled[step] = bits;
		sh->prev[step] = (uint8_t)(me >= 0 ? me : 0xff);
	}
	digest_acc = (digest_acc ^ (uint64_t)next) * 0x100000001b3ull;
	if ((step & 255) == 255) {
		uint32_t d = (uint32_t)(step >> 8);

		if (d < NDIGEST)
			sh->digest[d] = digest_acc;
		if (cfg.strategy == S_REPLAY && d < sh->ndigests &&
		    sh->want_digest[d] != digest_acc) {
			sh->diverged_step = (uint32_t)step;
			note("the replay diverged between steps %lu and %lu: the program did something else than when it was recorded (time, input, rand() or addresses)",
			     step > 255 ? step - 255 : 0, step);
			sh->outcome = OUT_DIVERGED;
			_exit(0);
		}
	}
	step++;
	sh->steps = (uint32_t)step;
	budget_check();
	if (next == me) {
		T[me].run_len++;
		return;
	}
	if (me_can) {
		sh->preemptions++;
		if (sh->nev)
			sh->ev[(sh->nev - 1) % NEV].preempt = 1;
	}
	T[next].run_len = 0;
	if (me >= 0 && T[me].state != T_DONE) {
		/* held before the baton goes: the next thread may send a
		 * signal at once */
		hold_signals();
		hand_to(next);
		wait_turn(me);
		running = me;
		deliver_signals(me);
	} else {
		hand_to(next);
	}
}

/* Blocks the running thread until can_run() says it may go on. */
static void block(int wait, void *obj, uint64_t pc, int timed)
{
	int me = self;

	if (wait != W_SLEEP)
		record(me, EV_BLOCK, pc, obj ? (void *)((struct obj *)obj)->addr : NULL,
		       0, (uint64_t)wait, 0);
	if (wait != W_SLEEP)
		T[me].yields = 0;
	T[me].state = T_BLOCKED;
	T[me].wait = wait;
	T[me].obj = obj;
	T[me].pc = pc;
	T[me].timed = timed;
	T[me].timed_out = 0;
	T[me].sigwake = 0;
	for (;;) {
		reschedule(me);
		if (!T[me].sigwake)
			break;
		/* woken by a signal: its handler runs, then the thread
		 * waits on unless the handler ended the wait (a sem_post) */
		T[me].sigwake = 0;
		if (sig_ready) {
			T[me].state = T_RUN;
			T[me].wait = W_NONE;
			deliver_signals(me);
			T[me].state = T_BLOCKED;
			T[me].wait = wait;
			T[me].obj = obj;
			T[me].pc = pc;
		}
		if (T[me].timed_out || can_run(me))
			break;
	}
	T[me].state = T_RUN;
	T[me].wait = W_NONE;
	deliver_signals(me);
}

static int controlled(void)
{
	return cfg.active && !busy && self >= 0 && T[self].state != T_DONE &&
	       running == self;
}

/* ---- the shadow: races between plain accesses */

struct shadow {
	uintptr_t key;
	uint64_t wpc, rpc[4];
	uint32_t wclk, rclk[4];
	int8_t wtid, rtid[4], first, shared;	/* first thread to touch it */
	uint8_t handled;	/* a signal handler touched it */
	uint8_t wmask, rmask[4];	/* which of the 8 bytes each touched */
	uint64_t fpc;
};

static struct shadow *shadow;

static int pc_in(const uint64_t *set, uint64_t pc)
{
	size_t h = pc * 0x9e3779b97f4a7c15ull % NPC;

	for (size_t i = 0; i < NPC; i++) {
		uint64_t v = set[(h + i) % NPC];

		if (v == pc)
			return 1;
		if (!v)
			return 0;
	}
	return 0;
}

static int pc_is_point(uint64_t pc)
{
	return pc_in(sh->pcs, pc);
}

static void pc_put(uint64_t *set, uint32_t *n, uint64_t pc)
{
	size_t h = pc * 0x9e3779b97f4a7c15ull % NPC;

	if (!pc || *n >= NPC / 2)
		return;
	for (size_t i = 0; i < NPC; i++) {
		uint64_t *v = &set[(h + i) % NPC];

		if (*v == pc)
			return;
		if (!*v) {
			*v = pc;
			++*n;
			return;
		}
	}
}

/* A racy program counter becomes a scheduling point for the schedules
 * that follow (a replay keeps the points it was recorded with). */
static void pc_add(uint64_t pc)
{
	if (cfg.strategy != S_REPLAY && !pc_in(sh->pcs, pc))
		pc_put(sh->newpcs, &sh->nnew, pc);
}

static void race_add(uint64_t pc0, int t0, int w0, uint64_t pc1, int t1,
		     int w1, const void *addr, unsigned size)
{
	pc_add(pc0);
	pc_add(pc1);
	for (uint32_t i = 0; i < sh->nrace && i < NRACE; i++) {
		struct race *r = &sh->races[i];

		if ((r->pc[0] == pc0 && r->pc[1] == pc1) ||
		    (r->pc[0] == pc1 && r->pc[1] == pc0))
			return;
	}
	if (sh->nrace >= NRACE)
		return;
	sh->races[sh->nrace] = (struct race){
		.pc = { pc0, pc1 }, .addr = (uintptr_t)addr,
		.tid = { (uint8_t)t0, (uint8_t)t1 },
		.write = { (uint8_t)w0, (uint8_t)w1 }, .size = (uint8_t)size,
		.schedule = sh->schedule, .step = (uint32_t)step,
	};
	sh->nrace++;
}

/* Where a granule's probe starts: the granules of one 256-byte block of
 * the program's memory start side by side, the block at a hashed place.
 * Each schedule's process touches the shadow afresh, a page fault for
 * every page it touches; a program's neighbouring variables share the
 * few pages their block spans (a hash of each granule alone spread them
 * over a page each). */
static size_t shadow_slot(uintptr_t key)
{
	return ((key >> 6) * 0x9e3779b97f4a7c15ull * 64 + (key & 63)) % NSHADOW;
}

static struct shadow *shadow_get(uintptr_t key)
{
	size_t h = shadow_slot(key);

	for (size_t i = 0; i < 64; i++) {
		struct shadow *s = &shadow[(h + i) % NSHADOW];

		if (s->key == key)
			return s;
		if (!s->key) {
			s->key = key;
			s->wtid = -1;
			s->first = (int8_t)self;
			s->fpc = 0;
			for (int r = 0; r < 4; r++)
				s->rtid[r] = -1;
			return s;
		}
	}
	return NULL;		/* full here: this access goes unchecked */
}

/* One 4-byte slot of shadow: a race when a conflicting access to the
 * same bytes (mask) by another thread is not ordered before this one. */
static void check_slot(struct shadow *s, uint8_t mask, int write, uint64_t pc,
		       int me, const void *addr, unsigned size)
{
	uint32_t *vc = T[me].vc;

	if (s->wtid >= 0 && s->wtid != me && s->wclk > vc[s->wtid] &&
	    (s->wmask & mask))
		race_add(s->wpc, s->wtid, 1, pc, me, write, addr, size);
	if (write) {
		for (int r = 0; r < 4; r++)
			if (s->rtid[r] >= 0 && s->rtid[r] != me &&
			    s->rclk[r] > vc[s->rtid[r]] && (s->rmask[r] & mask))
				race_add(s->rpc[r], s->rtid[r], 0, pc, me, 1,
					 addr, size);
		/* the bytes of the slot this write did not touch keep
		 * their last writer's claim only if it is this thread */
		if (s->wtid != me)
			s->wmask = 0;
		s->wtid = (int8_t)me;
		s->wclk = vc[me];
		s->wpc = pc;
		s->wmask |= mask;
		for (int r = 0; r < 4; r++)
			if (s->rmask[r] & mask)
				s->rtid[r] = -1;
	} else {
		int slot = -1;

		for (int r = 0; r < 4 && slot < 0; r++)
			if (s->rtid[r] == me || s->rtid[r] < 0)
				slot = r;
		if (slot < 0)
			slot = (int)(step % 4);
		s->rtid[slot] = (int8_t)me;
		s->rclk[slot] = vc[me];
		s->rpc[slot] = pc;
		s->rmask[slot] = mask;
	}
}

/* Memory given back: what was known of it is forgotten, so the next
 * object at that address starts with no history. */
static void shadow_forget(const void *p, size_t n)
{
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)3, e = (uintptr_t)p + n;

	if (!shadow || n > (1u << 20))
		return;
	for (; a < e; a += 4) {
		size_t h = shadow_slot(a >> 2);

		for (size_t i = 0; i < 64; i++) {
			struct shadow *s = &shadow[(h + i) % NSHADOW];

			if (!s->key)
				break;
			if (s->key == (a >> 2)) {
				/* a tombstone: the probe chain stays whole */
				s->wtid = -1;
				for (int r = 0; r < 4; r++)
					s->rtid[r] = -1;
				s->first = (int8_t)self;
				s->shared = 0;
				break;
			}
		}
	}
}

extern void __libc_free(void *);
extern void *__libc_realloc(void *, size_t);

void free(void *p)
{
	if (p && controlled())
		shadow_forget(p, malloc_usable_size(p));
	__libc_free(p);
}

void *realloc(void *p, size_t n)
{
	size_t old = p && controlled() ? malloc_usable_size(p) : 0;
	void *q = __libc_realloc(p, n);

	if (q && q != p && old)
		shadow_forget(p, old);
	return q;
}

/* ---- who does the work (RL_WORK_FILE)
 *
 * `racelab exercise check` runs a copy's explore build with RL_WORK_FILE
 * set, to see which threads do the exercise's work: every write the
 * program's own code makes to its globals, plain or atomic, is counted
 * per 8-byte granule, apart for the main thread and for the threads it
 * starts, with the set of started threads that wrote it, and how often
 * a started thread wrote it right after another started thread did (the
 * work changing hands): the sum over the search's schedules, kept in
 * memory they share. At the search's end the counts go to the file, one
 * line a granule written:
 * "OFFSET MAIN THREADS WRITERS SWITCHES" (OFFSET from the program's base,
 * in hex). A decoy (threads that spin while main does the work) shows as
 * writes by main alone; turn-taking, under a search that switches
 * threads at random, as writes that change hands only once a thread. A
 * search that does not reach its end leaves no file, which the check
 * says. */

struct work_granule {
	uint32_t main, threads;
	uint64_t writers;	/* started threads, a bit each (64 and on share
				 * the last) */
	int32_t last;		/* the last writer: -1 main, 0 none, else k */
	uint32_t switches;	/* writes by a started thread after another's */
};

static struct work_granule *work;
static size_t work_n;
static char *work_path;
static int work_next;		/* started threads seen writing so far */
static __thread int work_me;	/* 0: not yet; -1: main; else 1, 2, ... */

static void work_start(void)
{
	const char *path = getenv("RL_WORK_FILE");
	size_t n = (cfg.data_hi - cfg.data_lo) / 8 + 1;

	if (!path || !*path || cfg.data_hi <= cfg.data_lo || n > (1u << 25))
		return;
	work = mmap(NULL, n * sizeof *work, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (work == MAP_FAILED) {
		work = NULL;
		return;
	}
	work_n = n;
	work_path = strdup(path);
	work_me = -1;		/* the constructor runs on the main thread */
	unsetenv("RL_WORK_FILE");	/* a program it runs is not this one */
}

static void work_note(const volatile void *addr, unsigned size)
{
	uintptr_t a = (uintptr_t)addr;
	struct work_granule *g;
	int prev;

	if (a < cfg.data_lo || a >= cfg.data_hi)
		return;
	for (uintptr_t k = (a - cfg.data_lo) / 8,
		       e = (a + (size ? size : 1) - 1 - cfg.data_lo) / 8;
	     k <= e && k < work_n; k++) {
		g = &work[k];
		if (!work_me)
			work_me = __atomic_add_fetch(&work_next, 1, __ATOMIC_RELAXED);
		prev = __atomic_exchange_n(&g->last, work_me, __ATOMIC_RELAXED);
		if (work_me < 0) {
			__atomic_fetch_add(&g->main, 1, __ATOMIC_RELAXED);
			continue;
		}
		__atomic_fetch_add(&g->threads, 1, __ATOMIC_RELAXED);
		if (prev > 0 && prev != work_me)
			__atomic_fetch_add(&g->switches, 1, __ATOMIC_RELAXED);
		if (!(__atomic_load_n(&g->writers, __ATOMIC_RELAXED) &
		      (1ull << (work_me > 64 ? 63 : work_me - 1))))
			__atomic_fetch_or(&g->writers,
					  1ull << (work_me > 64 ? 63 : work_me - 1),
					  __ATOMIC_RELAXED);
	}
}

/* The search's server, at its end. */
static void work_dump(void)
{
	char tmp[PATH_MAX];
	FILE *f;

	if (!work)
		return;
	snprintf(tmp, sizeof tmp, "%s.part", work_path);
	if (!(f = fopen(tmp, "w")))
		return;
	for (size_t k = 0; k < work_n; k++) {
		struct work_granule g = work[k];

		if (g.main || g.threads)
			fprintf(f, "%zx %u %u %d %u\n",
				(size_t)(cfg.data_lo - cfg.base + k * 8), g.main,
				g.threads, __builtin_popcountll(g.writers),
				g.switches);
	}
	if (fclose(f) == 0)
		rename(tmp, work_path);
}

static void access_mem(const void *addr, unsigned size, int write,
		       void *ret)
{
	int me = self;
	uint64_t pc;
	struct shadow *s;

	if (work && write)
		work_note(addr, size);
	if (!controlled())
		return;
	pc = in_text((uintptr_t)ret) ? (uintptr_t)ret - cfg.base : 0;
	settle_write(me);
	if (pc && pc_is_point(pc)) {
		reschedule(me);
		record_access(me, write, pc, addr, size);
	}
	s = shadow_get((uintptr_t)addr >> 2);
	if (!s)
		return;
	if (!s->fpc)
		s->fpc = pc;
	if ((s->first != me || in_handler) && !s->shared) {
		s->shared = 1;
		pc_put(sh->spcs, &sh->nspc, s->fpc);
	}
	/* a handler's step on memory its thread's own code touches: the
	 * handler may come between any two of that code's steps, so they
	 * become points (the interrupted code and the handler do not race
	 * in the happens-before sense: one thread) */
	if (in_handler && pc) {
		s->handled = 1;
		pc_add(pc);
		if (s->wtid == me)
			pc_add(s->wpc);
		for (int r = 0; r < 4; r++)
			if (s->rtid[r] == me)
				pc_add(s->rpc[r]);
	} else if (s->handled && pc) {
		pc_add(pc);
	}
	if (s->shared)
		pc_put(sh->spcs, &sh->nspc, pc);
	/* a step the story may tell, though not a point: memory that
	 * more than one thread touches */
	if (pc && pc_in(sh->spcs, pc) && !pc_is_point(pc))
		record_access(me, write, pc, addr, size);
	/* the happens-before check, a 4-byte slot at a time */
	for (uintptr_t a = (uintptr_t)addr & ~(uintptr_t)3,
		       e = (uintptr_t)addr + (size > 16 ? 16 : size);
	     a < e; a += 4) {
		uintptr_t lo = a > (uintptr_t)addr ? a : (uintptr_t)addr;
		uintptr_t hi = a + 4 < e ? a + 4 : e;
		struct shadow *k = a == ((uintptr_t)addr & ~(uintptr_t)3) ?
				   s : shadow_get(a >> 2);

		if (k)
			check_slot(k, (uint8_t)(((1u << (hi - lo)) - 1) << (lo - a)),
				   write, pc, me, addr, size);
	}
}

/* ---- the compiler's entry points */

void __tsan_init(void) {}
void __tsan_func_entry(void *pc) { (void)pc; }
void __tsan_func_exit(void) {}

#define ACCESS(n)                                                        \
	void __tsan_read##n(void *a)                                     \
	{ access_mem(a, n, 0, __builtin_return_address(0)); }           \
	void __tsan_write##n(void *a)                                    \
	{ access_mem(a, n, 1, __builtin_return_address(0)); }           \
	void __tsan_unaligned_read##n(void *a)                           \
	{ access_mem(a, n, 0, __builtin_return_address(0)); }           \
	void __tsan_unaligned_write##n(void *a)                          \
	{ access_mem(a, n, 1, __builtin_return_address(0)); }
ACCESS(1)
ACCESS(2)
ACCESS(4)
ACCESS(8)
ACCESS(16)

void __tsan_read_range(void *a, unsigned long n)
{
	access_mem(a, (unsigned)(n > 255 ? 255 : n), 0,
		   __builtin_return_address(0));
}

void __tsan_write_range(void *a, unsigned long n)
{
	access_mem(a, (unsigned)(n > 255 ? 255 : n), 1,
		   __builtin_return_address(0));
}

void __tsan_vptr_read(void **p)
{
	access_mem(p, sizeof *p, 0, __builtin_return_address(0));
}

void __tsan_vptr_update(void **p, void *v)
{
	if (*p != v)
		access_mem(p, sizeof *p, 1, __builtin_return_address(0));
}

void *__tsan_memcpy(void *d, const void *s, unsigned long n)
{
	return memcpy(d, s, n);
}

void *__tsan_memmove(void *d, const void *s, unsigned long n)
{
	return memmove(d, s, n);
}

void *__tsan_memset(void *d, int c, unsigned long n)
{
	return memset(d, c, n);
}

/* An atomic: a scheduling point always; memory orders above relaxed
 * order threads through the location, as C11 says. */
static void atomic_point(const volatile void *a, int kind, int mo,
			 unsigned size, void *ret)
{
	int me = self;
	struct obj *o;

	if (work && kind != EV_ALOAD)
		work_note(a, size);
	if (!controlled())
		return;
	reschedule(me);		/* which settles the thread's last write */
	record(me, kind, site(ret), (const void *)a, size, 0, 0);
	if (kind != EV_ASTORE)
		T[me].pending_addr = 0;
	o = obj_get((const void *)a, O_ATOMIC);
	if (kind != EV_ASTORE && (mo == 2 || mo == 4 || mo == 5 || mo == 1))
		acquire(me, o);
	if (kind != EV_ALOAD && (mo >= 3))
		release(me, o);
}

static void atomic_value(uint64_t v)
{
	if (controlled() && sh->nev)
		sh->ev[(sh->nev - 1) % NEV].value = v;
}

#define ATOMICS(n, type)                                                      \
	type __tsan_atomic##n##_load(const volatile type *a, int mo)          \
	{                                                                     \
		atomic_point(a, EV_ALOAD, mo, n / 8,                          \
			     __builtin_return_address(0));                   \
		type v = __atomic_load_n(a, __ATOMIC_SEQ_CST);                \
		atomic_value((uint64_t)v);                                    \
		return v;                                                     \
	}                                                                     \
	void __tsan_atomic##n##_store(volatile type *a, type v, int mo)       \
	{                                                                     \
		atomic_point(a, EV_ASTORE, mo, n / 8,                         \
			     __builtin_return_address(0));                   \
		atomic_value((uint64_t)v);                                    \
		__atomic_store_n(a, v, __ATOMIC_SEQ_CST);                     \
	}                                                                     \
	RMW2(n, type, exchange, exchange_n)                                   \
	RMW(n, type, fetch_add)                                               \
	RMW(n, type, fetch_sub)                                               \
	RMW(n, type, fetch_and)                                               \
	RMW(n, type, fetch_or)                                                \
	RMW(n, type, fetch_xor)                                               \
	RMW(n, type, fetch_nand)                                              \
	CAS(n, type, strong)                                                  \
	CAS(n, type, weak)                                                    \
	type __tsan_atomic##n##_compare_exchange_val(volatile type *a,        \
						     type c, type v, int mo,  \
						     int fmo)                 \
	{                                                                     \
		(void)fmo;                                                    \
		atomic_point(a, EV_ACAS, mo, n / 8,                           \
			     __builtin_return_address(0));                   \
		__atomic_compare_exchange_n(a, &c, v, 0, __ATOMIC_SEQ_CST,    \
					    __ATOMIC_SEQ_CST);                \
		atomic_value((uint64_t)c);                                    \
		return c;                                                     \
	}

/* A weak compare-exchange never fails spuriously here: one thread runs. */
#define CAS(n, type, kind)                                                    \
	int __tsan_atomic##n##_compare_exchange_##kind(volatile type *a,      \
						       type *c, type v,       \
						       int mo, int fmo)       \
	{                                                                     \
		(void)fmo;                                                    \
		atomic_point(a, EV_ACAS, mo, n / 8,                           \
			     __builtin_return_address(0));                   \
		int ok = __atomic_compare_exchange_n(a, c, v, 0,              \
						     __ATOMIC_SEQ_CST,        \
						     __ATOMIC_SEQ_CST);       \
		atomic_value(ok ? (uint64_t)v : (uint64_t)*c);                \
		return ok;                                                    \
	}

#define RMW(n, type, op) RMW2(n, type, op, op)
#define RMW2(n, type, op, builtin)                                            \
	type __tsan_atomic##n##_##op(volatile type *a, type v, int mo)        \
	{                                                                     \
		atomic_point(a, EV_ARMW, mo, n / 8,                           \
			     __builtin_return_address(0));                   \
		type old = __atomic_##builtin(a, v, __ATOMIC_SEQ_CST);        \
		atomic_value((uint64_t)old);                                  \
		return old;                                                   \
	}

ATOMICS(8, int8_t)
ATOMICS(16, int16_t)
ATOMICS(32, int32_t)
ATOMICS(64, int64_t)

void __tsan_atomic_thread_fence(int mo)
{
	(void)mo;
	if (controlled())
		reschedule(self);
}

void __tsan_atomic_signal_fence(int mo) { (void)mo; }

/* ---- threads */

struct start {
	int id;
};

static void finish_thread(int me, void *ret)
{
	reschedule(me);		/* which settles the thread's last write */
	record(me, EV_EXIT, 0, NULL, 0, 0, 0);
	T[me].ret = ret;
	T[me].state = T_DONE;
	T[me].vc[me]++;
	reschedule(me);		/* hands the baton on, does not wait */
}

static pthread_key_t end_key;
static void thread_end(void *v);

static void *trampoline(void *p)
{
	int me = (int)(intptr_t)p;
	void *ret;

	self = me;
	wait_turn(me);
	running = me;
	pthread_setspecific(end_key, (void *)1);
	record(me, EV_START, T[me].pc, NULL, 0, 0, 0);
	deliver_signals(me);
	ret = T[me].fn(T[me].arg);
	pthread_setspecific(end_key, NULL);
	finish_thread(me, ret);
	return ret;
}

int pthread_create(pthread_t *pt, const pthread_attr_t *attr,
		   void *(*fn)(void *), void *arg)
{
	int me = self, id, rc;
	uint64_t pc;

	if (!controlled())
		return real_pthread_create(pt, attr, fn, arg);
	pc = SITE();
	reschedule(me);
	if (nthreads >= MAXT) {
		note("the program started more than %d threads besides main; explore models %d threads at most, and stopped each such schedule",
		     MAXT - 1, MAXT);
		sh->outcome = OUT_LIMIT;
		_exit(0);
	}
	id = nthreads++;
	memset(&T[id], 0, sizeof T[id]);
	T[id].fn = fn;
	T[id].arg = arg;
	T[id].pc = pc;
	T[id].state = T_RUN;
	memcpy(T[id].vc, T[me].vc, sizeof T[id].vc);
	T[id].vc[id] = 1;
	T[me].vc[me]++;
	sh->thread_parent[id] = (uint8_t)me;
	sh->thread_pc[id] = pc;
	sh->nthreads = (uint32_t)nthreads;
	if (cfg.strategy == S_PCT)
		pct_new_thread(id);
	record(me, EV_CREATE, pc, NULL, 0, (uint64_t)id, 0);
	rc = real_pthread_create(&T[id].pt, attr, trampoline,
				 (void *)(intptr_t)id);
	if (rc) {
		T[id].state = T_DONE;
		return rc;
	}
	*pt = T[id].pt;
	return 0;
}

/* The thread a handle names. The C library reuses a joined (or ended,
 * detached) thread's descriptor, and so its pthread_t, for a thread
 * made later: the newest thread of that handle that may still be joined
 * is the one meant. */
static int thread_of(pthread_t pt)
{
	for (int t = nthreads - 1; t >= 0; t--)
		if (pthread_equal(T[t].pt, pt) &&
		    !(T[t].state == T_DONE && T[t].detached))
			return t;
	return -1;
}

static int join_model(pthread_t pt, void **ret, int mode, uint64_t pc)
{
	int me = self, t = thread_of(pt);

	reschedule(me);
	cancel_point();
	if (t < 0)
		return ESRCH;
	if (t == me)
		return EDEADLK;
	if (T[t].state != T_DONE) {
		if (mode == 1)
			return EBUSY;
		T[me].target = t;
		block(W_JOIN, NULL, pc, mode == 2);
		cancel_point();
		if (T[t].state != T_DONE)
			return ETIMEDOUT;
	}
	vc_join(T[me].vc, T[t].vc);
	record(me, EV_JOIN, pc, NULL, 0, (uint64_t)t, 0);
	if (ret)
		*ret = T[t].ret;
	if (!T[t].detached)
		real_pthread_join(pt, NULL);
	T[t].detached = 1;
	return 0;
}

int pthread_join(pthread_t pt, void **ret)
{
	if (!controlled())
		return real_pthread_join(pt, ret);
	return join_model(pt, ret, 0, SITE());
}

int pthread_tryjoin_np(pthread_t pt, void **ret)
{
	if (!controlled())
		return real_pthread_tryjoin_np(pt, ret);
	return join_model(pt, ret, 1, SITE());
}

int pthread_timedjoin_np(pthread_t pt, void **ret, const struct timespec *ts)
{
	if (!controlled())
		return real_pthread_timedjoin_np(pt, ret, ts);
	T[self].deadline = deadline_at(ts, CLOCK_REALTIME);
	return join_model(pt, ret, 2, SITE());
}

int pthread_detach(pthread_t pt)
{
	int t;

	if (!controlled())
		return real_pthread_detach(pt);
	t = thread_of(pt);
	if (t >= 0)
		T[t].detached = 1;
	return real_pthread_detach(pt);
}

/* pthread_exit (and a cancellation) end the thread in the model only
 * once its cleanup handlers have run, under the scheduler: from the
 * destructor of a thread-specific key, which runs after them. */
void pthread_exit(void *ret)
{
	if (controlled())
		T[self].exit_ret = ret;
	real_pthread_exit(ret);
	__builtin_unreachable();
}

static void thread_end(void *v)
{
	(void)v;
	if (controlled())
		finish_thread(self, T[self].exit_ret);
}

/* At a cancellation point: a pending cancel ends the thread here. */
static void cancel_point(void)
{
	int me = self;

	if (me < 0 || !T[me].cancel_pending || T[me].cancel_off)
		return;
	T[me].cancel_pending = 0;
	record(me, EV_EXIT, 0, NULL, 0, 0, 0);
	pthread_exit(PTHREAD_CANCELED);
}

/* ---- calls that may block on something outside the model: the baton
 * is handed on before, and taken back after */

static void outside_begin(uint64_t pc)
{
	int me = self;

	reschedule(me);
	record(me, EV_OUTSIDE, pc, NULL, 0, 0, 0);
	__atomic_fetch_add(&sh->outside_calls, 1, __ATOMIC_RELAXED);
	T[me].state = T_BLOCKED;
	T[me].wait = W_OUTSIDE;
	T[me].pc = pc;
	T[me].timed = 0;
	T[me].out_since = real_ns();
	{
		int next = choose(me, 0);

		if (next < 0) {
			next = earliest();
			if (next >= 0) {
				T[next].timed_out = 1;
				T[next].state = T_RUN;
			}
		}
		if (next >= 0) {
			if (step < NCHOICE)
				sh->choice[step] = (uint8_t)next;
			step++;
			sh->steps = (uint32_t)step;
			hand_to(next);
		} else {
			running = -1;
			__atomic_store_n(&cur, 0, __ATOMIC_SEQ_CST);
		}
	}
}

static void outside_end(void)
{
	int me = self;
	uint32_t zero = 0;

	__atomic_store_n(&T[me].returned, 1, __ATOMIC_SEQ_CST);
	__atomic_fetch_add(&nreturned, 1, __ATOMIC_SEQ_CST);
	futex_wake(&nreturned);	/* wait_for_outside() */
	if (__atomic_compare_exchange_n(&cur, &zero, (uint32_t)me + 1, 0,
					__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
		running = me;
		take_returned();
		return;
	}
	wait_turn(me);
	running = me;
	deliver_signals(me);
}

#define OUTSIDE(call)                                                    \
	do {                                                             \
		uint64_t pc_ = SITE();                                   \
		outside_begin(pc_);                                      \
		__typeof__(call) r_ = call;                              \
		int e_ = errno;                                          \
		outside_end();                                           \
		errno = e_;                                              \
		return r_;                                               \
	} while (0)

/* ---- mutexes */

static int mutex_type(pthread_mutex_t *m)
{
	/* glibc keeps the type in the low bits of __kind, also for the
	 * static initialisers */
	return m->__data.__kind & 3;
}

static int lock_model(void *m, int type, int mode, uint64_t pc)
{
	int me = self;
	struct obj *o;

	reschedule(me);
	o = obj_get(m, O_MUTEX);
	if (!o->count)
		o->type = type;
	if (o->owner == me && o->type == PTHREAD_MUTEX_RECURSIVE) {
		o->count++;
		record(me, EV_LOCK, pc, m, 0, 0, 0);
		return 0;
	}
	if (o->owner == me && o->type == PTHREAD_MUTEX_ERRORCHECK)
		return EDEADLK;
	if (o->owner >= 0 && mode == 1) {
		record(me, EV_TRYLOCK_FAIL, pc, m, 0, (uint64_t)o->owner, 0);
		return EBUSY;
	}
	while (o->owner >= 0) {
		block(W_MUTEX, o, pc, mode == 2);
		if (T[me].timed_out && o->owner >= 0)
			return ETIMEDOUT;
	}
	o->owner = me;
	o->count = 1;
	o->pc = pc;
	acquire(me, o);
	record(me, EV_LOCK, pc, m, 0, 0, 0);
	return 0;
}

static int unlock_model(void *m, uint64_t pc)
{
	int me = self;
	struct obj *o;

	reschedule(me);
	o = obj_get(m, O_MUTEX);
	if (o->owner != me)
		return EPERM;
	if (--o->count > 0)
		return 0;
	o->owner = -1;
	release(me, o);
	record(me, EV_UNLOCK, pc, m, 0, 0, 0);
	return 0;
}

/* A process-shared or robust mutex is shared with other processes the
 * scheduler does not run: the real one is used, as a call outside the
 * model (glibc's __kind bits: 128 process-shared, 16 robust). */
static int shared_mutex(pthread_mutex_t *m)
{
	if (!(m->__data.__kind & (128 | 16)))
		return 0;
	unmodelled("process-shared-mutex");
	return 1;
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
	if (!controlled())
		return real_pthread_mutex_lock(m);
	if (shared_mutex(m))
		OUTSIDE(real_pthread_mutex_lock(m));
	return lock_model(m, mutex_type(m), 0, SITE());
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
	if (!controlled())
		return real_pthread_mutex_trylock(m);
	if (shared_mutex(m))
		return real_pthread_mutex_trylock(m);
	return lock_model(m, mutex_type(m), 1, SITE());
}

int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *ts)
{
	if (!controlled())
		return real_pthread_mutex_timedlock(m, ts);
	if (shared_mutex(m))
		OUTSIDE(real_pthread_mutex_timedlock(m, ts));
	T[self].deadline = deadline_at(ts, CLOCK_REALTIME);
	return lock_model(m, mutex_type(m), 2, SITE());
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
	if (!controlled() || shared_mutex(m))
		return real_pthread_mutex_unlock(m);
	return unlock_model(m, SITE());
}

int pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t c,
			    const struct timespec *ts)
{
	if (!controlled())
		return real_pthread_mutex_clocklock(m, c, ts);
	T[self].deadline = deadline_at(ts, c);
	return lock_model(m, mutex_type(m), 2, SITE());
}

/* ---- spinlocks: mutexes that never sleep, the same in the model */

int pthread_spin_lock(pthread_spinlock_t *l)
{
	if (!controlled())
		return real_pthread_spin_lock(l);
	return lock_model((void *)l, 0, 0, SITE());
}

int pthread_spin_trylock(pthread_spinlock_t *l)
{
	if (!controlled())
		return real_pthread_spin_trylock(l);
	return lock_model((void *)l, 0, 1, SITE());
}

int pthread_spin_unlock(pthread_spinlock_t *l)
{
	if (!controlled())
		return real_pthread_spin_unlock(l);
	return unlock_model((void *)l, SITE());
}

/* ---- condition variables */

static int cond_model(pthread_cond_t *c, pthread_mutex_t *m, int timed,
		      uint64_t pc)
{
	int me = self, rc;
	struct obj *om, *oc;

	reschedule(me);
	cancel_point();
	om = obj_get(m, O_MUTEX);
	oc = obj_get(c, O_COND);
	if (om->owner != me)
		return EPERM;
	record(me, EV_WAIT, pc, c, 0, (uint64_t)(uintptr_t)m, 0);
	om->owner = -1;
	om->count = 0;
	release(me, om);
	T[me].signaled = 0;
	T[me].wait_seq = ++wait_seq;
	block(W_COND, oc, pc, timed);
	rc = T[me].signaled || T[me].cancel_pending ? 0 : ETIMEDOUT;
	if (T[me].signaled)
		acquire(me, oc);
	T[me].signaled = 0;
	record(me, rc ? EV_TIMEDOUT : EV_WOKEN, pc, c, 0, 0, 0);
	while (om->owner >= 0)
		block(W_MUTEX, om, pc, 0);
	om->owner = me;
	om->count = 1;
	acquire(me, om);
	cancel_point();		/* with the mutex held again, as POSIX says */
	return rc;
}

static void cond_wake(pthread_cond_t *c, int all, uint64_t pc)
{
	int me = self, best = -1;
	struct obj *oc;

	reschedule(me);
	oc = obj_get(c, O_COND);
	release(me, oc);
	record(me, all ? EV_BROADCAST : EV_SIGNAL, pc, c, 0, 0, 0);
	for (int t = 0; t < nthreads; t++) {
		struct thr *th = &T[t];

		if (th->state != T_BLOCKED || th->wait != W_COND ||
		    th->obj != oc || th->signaled)
			continue;
		if (all)
			th->signaled = 1;
		else if (best < 0 || th->wait_seq < T[best].wait_seq)
			best = t;
	}
	if (best >= 0)
		T[best].signaled = 1;
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	if (!controlled())
		return real_pthread_cond_wait(c, m);
	return cond_model(c, m, 0, SITE());
}

int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
			   const struct timespec *ts)
{
	if (!controlled())
		return real_pthread_cond_timedwait(c, m, ts);
	/* glibc keeps the condition's clock in a bit of __wrefs */
	T[self].deadline = deadline_at(ts, c->__data.__wrefs & 2 ?
				       CLOCK_MONOTONIC : CLOCK_REALTIME);
	return cond_model(c, m, 1, SITE());
}

int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m,
			   clockid_t k, const struct timespec *ts)
{
	if (!controlled())
		return real_pthread_cond_clockwait(c, m, k, ts);
	T[self].deadline = deadline_at(ts, k);
	return cond_model(c, m, 1, SITE());
}

int pthread_cond_signal(pthread_cond_t *c)
{
	if (!controlled())
		return real_pthread_cond_signal(c);
	cond_wake(c, 0, SITE());
	return 0;
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
	if (!controlled())
		return real_pthread_cond_broadcast(c);
	cond_wake(c, 1, SITE());
	return 0;
}

/* ---- read-write locks (owner: the writer; readers: how many) */

static int rw_model(pthread_rwlock_t *l, int write, int mode, uint64_t pc)
{
	int me = self;
	struct obj *o;

	reschedule(me);
	o = obj_get(l, O_RW);
	if (o->owner == me)
		return EDEADLK;
	if ((o->owner >= 0 || (write && o->readers)) && mode == 1) {
		record(me, EV_TRYLOCK_FAIL, pc, l, 0, 0, 0);
		return EBUSY;
	}
	while (o->owner >= 0 || (write && o->readers)) {
		block(write ? W_WR : W_RD, o, pc, mode == 2);
		if (T[me].timed_out && (o->owner >= 0 || (write && o->readers)))
			return ETIMEDOUT;
	}
	if (write)
		o->owner = me;
	else
		o->readers++;
	acquire(me, o);
	record(me, write ? EV_WRLOCK : EV_RDLOCK, pc, l, 0, 0, 0);
	return 0;
}

int pthread_rwlock_rdlock(pthread_rwlock_t *l)
{
	if (!controlled())
		return real_pthread_rwlock_rdlock(l);
	return rw_model(l, 0, 0, SITE());
}

int pthread_rwlock_wrlock(pthread_rwlock_t *l)
{
	if (!controlled())
		return real_pthread_rwlock_wrlock(l);
	return rw_model(l, 1, 0, SITE());
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t *l)
{
	if (!controlled())
		return real_pthread_rwlock_tryrdlock(l);
	return rw_model(l, 0, 1, SITE());
}

int pthread_rwlock_trywrlock(pthread_rwlock_t *l)
{
	if (!controlled())
		return real_pthread_rwlock_trywrlock(l);
	return rw_model(l, 1, 1, SITE());
}

int pthread_rwlock_timedrdlock(pthread_rwlock_t *l, const struct timespec *ts)
{
	if (!controlled())
		return real_pthread_rwlock_timedrdlock(l, ts);
	T[self].deadline = deadline_at(ts, CLOCK_REALTIME);
	return rw_model(l, 0, 2, SITE());
}

int pthread_rwlock_timedwrlock(pthread_rwlock_t *l, const struct timespec *ts)
{
	if (!controlled())
		return real_pthread_rwlock_timedwrlock(l, ts);
	T[self].deadline = deadline_at(ts, CLOCK_REALTIME);
	return rw_model(l, 1, 2, SITE());
}

int pthread_rwlock_unlock(pthread_rwlock_t *l)
{
	int me = self;
	struct obj *o;

	if (!controlled())
		return real_pthread_rwlock_unlock(l);
	reschedule(me);
	o = obj_get(l, O_RW);
	if (o->owner == me)
		o->owner = -1;
	else if (o->readers > 0)
		o->readers--;
	else
		return EPERM;
	release(me, o);
	record(me, EV_RWUNLOCK, SITE(), l, 0, 0, 0);
	return 0;
}

/* ---- once */

int pthread_once(pthread_once_t *once, void (*fn)(void))
{
	int me = self;
	struct obj *o;
	uint64_t pc;

	if (!controlled())
		return real_pthread_once(once, fn);
	pc = SITE();
	reschedule(me);
	o = obj_get(once, O_ONCE);
	if (o->count == 0 && *once == PTHREAD_ONCE_INIT) {
		o->count = 1;
		record(me, EV_ONCE, pc, once, 0, 0, 0);
		fn();
		o->count = 2;
		*once = 2;	/* glibc's "done" bit, for calls outside */
		release(me, o);
		return 0;
	}
	if (o->count == 1)
		block(W_ONCE, o, pc, 0);
	acquire(me, o);
	return 0;
}

/* ---- semaphores */

static struct obj *sem_obj(sem_t *s)
{
	struct obj *o = obj_get(s, O_SEM);

	if (!o->type) {		/* first seen: its value as it was made */
		int v = 0;

		sem_getvalue(s, &v);
		o->count = v;
		o->type = 1;
	}
	return o;
}

static int sem_model(sem_t *s, int mode, uint64_t pc)
{
	int me = self;
	struct obj *o;

	reschedule(me);
	o = sem_obj(s);
	if (!o->count && mode == 1) {
		errno = EAGAIN;
		return -1;
	}
	cancel_point();
	while (!o->count) {
		block(W_SEM, o, pc, mode == 2);
		cancel_point();
		if (T[me].timed_out && !o->count) {
			record(me, EV_TIMEDOUT, pc, s, 0, 0, 0);
			errno = ETIMEDOUT;
			return -1;
		}
	}
	o->count--;
	acquire(me, o);
	record(me, EV_SEM_WAIT, pc, s, 0, (uint64_t)o->count, 0);
	return 0;
}

int sem_wait(sem_t *s)
{
	if (!controlled())
		return real_sem_wait(s);
	return sem_model(s, 0, SITE());
}

int sem_trywait(sem_t *s)
{
	if (!controlled())
		return real_sem_trywait(s);
	return sem_model(s, 1, SITE());
}

int sem_timedwait(sem_t *s, const struct timespec *ts)
{
	if (!controlled())
		return real_sem_timedwait(s, ts);
	T[self].deadline = deadline_at(ts, CLOCK_REALTIME);
	return sem_model(s, 2, SITE());
}

int sem_clockwait(sem_t *s, clockid_t c, const struct timespec *ts)
{
	if (!controlled())
		return real_sem_clockwait(s, c, ts);
	T[self].deadline = deadline_at(ts, c);
	return sem_model(s, 2, SITE());
}

int sem_post(sem_t *s)
{
	int me = self;
	struct obj *o;
	uint64_t pc;

	if (!controlled())
		return real_sem_post(s);
	pc = SITE();
	reschedule(me);
	o = sem_obj(s);
	o->count++;
	release(me, o);
	record(me, EV_SEM_POST, pc, s, 0, (uint64_t)o->count, 0);
	return 0;
}

/* ---- barriers */

int pthread_barrier_wait(pthread_barrier_t *b)
{
	int me = self;
	struct obj *o;
	uint64_t pc;

	if (!controlled())
		return real_pthread_barrier_wait(b);
	pc = SITE();
	reschedule(me);
	o = obj_get(b, O_BARRIER);
	if (!o->barrier_n)	/* glibc's count, set by pthread_barrier_init */
		o->barrier_n = ((unsigned *)(void *)b)[2];
	if (!o->barrier_n)
		o->barrier_n = 1;
	record(me, EV_BARRIER, pc, b, 0, o->arrived + 1, o->barrier_n);
	release(me, o);
	if (++o->arrived >= o->barrier_n) {
		o->arrived = 0;
		o->gen++;
		acquire(me, o);
		return PTHREAD_BARRIER_SERIAL_THREAD;
	}
	T[me].gen = o->gen;
	block(W_BARRIER, o, pc, 0);
	acquire(me, o);
	return 0;
}

/* ---- time: sleeps and yields are choices, not waits */

static void yield_model(int kind, uint64_t pc, uint64_t deadline)
{
	int me = self;

	reschedule(me);
	T[me].deadline = deadline;
	T[me].yields = kind == EV_YIELD ||
		       deadline < clock_ns(CLOCK_MONOTONIC) + 1000000;
	record(me, kind, pc, NULL, 0, 0, 0);
	if (cfg.strategy == S_PCT)
		T[me].prio = --low_prio - 2000;
	/* blocked with nothing to wait for but time: the others run first */
	if (kind == EV_SLEEP)
		cancel_point();
	block(W_SLEEP, NULL, pc, 1);
	if (kind == EV_SLEEP)
		cancel_point();
}

int sched_yield(void)
{
	if (!controlled())
		return real_sched_yield();
	yield_model(EV_YIELD, SITE(), deadline_in(0));
	return 0;
}

int usleep(useconds_t us)
{
	if (!controlled())
		return real_usleep(us);
	yield_model(EV_SLEEP, SITE(), deadline_in((uint64_t)us * 1000));
	return 0;
}

unsigned sleep(unsigned s)
{
	if (!controlled())
		return real_sleep(s);
	yield_model(EV_SLEEP, SITE(), deadline_in((uint64_t)s * 1000000000ull));
	return 0;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (!controlled())
		return real_nanosleep(req, rem);
	yield_model(EV_SLEEP, SITE(),
		    deadline_in(req ? (uint64_t)req->tv_sec * 1000000000ull +
					      (uint64_t)req->tv_nsec : 0));
	return 0;
}

int clock_nanosleep(clockid_t c, int flags, const struct timespec *req,
		    struct timespec *rem)
{
	if (!controlled())
		return real_clock_nanosleep(c, flags, req, rem);
	yield_model(EV_SLEEP, SITE(),
		    flags & TIMER_ABSTIME ? deadline_at(req, c) :
		    deadline_in(req ? (uint64_t)req->tv_sec * 1000000000ull +
					      (uint64_t)req->tv_nsec : 0));
	return 0;
}

/* ---- calls that may block outside the model: see outside_begin() */

ssize_t read(int fd, void *buf, size_t n)
{
	if (!controlled() || fd <= 2)
		return real_read(fd, buf, n);
	OUTSIDE(real_read(fd, buf, n));
}

ssize_t recv(int fd, void *buf, size_t n, int flags)
{
	if (!controlled())
		return real_recv(fd, buf, n, flags);
	OUTSIDE(real_recv(fd, buf, n, flags));
}

int accept(int fd, struct sockaddr *a, socklen_t *l)
{
	if (!controlled())
		return real_accept(fd, a, l);
	OUTSIDE(real_accept(fd, a, l));
}

int poll(struct pollfd *f, nfds_t n, int ms)
{
	if (!controlled() || ms == 0)
		return real_poll(f, n, ms);
	OUTSIDE(real_poll(f, n, ms));
}

int select(int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *tv)
{
	if (!controlled())
		return real_select(n, r, w, e, tv);
	OUTSIDE(real_select(n, r, w, e, tv));
}

int epoll_wait(int fd, struct epoll_event *ev, int n, int ms)
{
	if (!controlled() || ms == 0)
		return real_epoll_wait(fd, ev, n, ms);
	OUTSIDE(real_epoll_wait(fd, ev, n, ms));
}

pid_t waitpid(pid_t p, int *st, int o)
{
	if (!controlled())
		return real_waitpid(p, st, o);
	OUTSIDE(real_waitpid(p, st, o));
}

pid_t wait(int *st)
{
	if (!controlled())
		return real_wait(st);
	OUTSIDE(real_wait(st));
}

int pause(void)
{
	if (!controlled())
		return real_pause();
	OUTSIDE(real_pause());
}

int sigwait(const sigset_t *set, int *sig)
{
	if (!controlled())
		return real_sigwait(set, sig);
	OUTSIDE(real_sigwait(set, sig));
}

/* ---- what explore does not control, said in the result */

pid_t fork(void)
{
	if (!controlled())
		return real_fork();
	__atomic_store_n(&sh->uses_fork, 1, __ATOMIC_RELAXED);
	reschedule(self);
	return real_fork();
}

/* In a child the program forked, before any atfork handler of its own
 * (ours was registered first, and child handlers run in that order): the
 * child runs free, with the real calls, so the real mutexes are made to
 * say what the model says: each one a thread holds is locked, as fork
 * would have left it (held by a thread the child does not have, it
 * stays held, the very bug of forking with a lock held). */
static void forked_child(void)
{
	if (!cfg.active || !objs)
		return;
	cfg.active = 0;
	for (size_t i = 0; i < MAXOBJ; i++)
		if (objs[i].addr && objs[i].kind == O_MUTEX && objs[i].owner >= 0)
			real_pthread_mutex_trylock((pthread_mutex_t *)objs[i].addr);
}

/* The program's handlers, each run through handler_entry, which marks
 * its steps as a handler's (a step of the story; memory a handler
 * touches is shared with the code it interrupts). */
static struct sigaction prog_act[NSIG];

/* A function to run, not SIG_DFL or SIG_IGN (sa_sigaction shares its
 * place with sa_handler). */
static int sets_handler(const struct sigaction *a)
{
	return a && a->sa_handler != SIG_DFL && a->sa_handler != SIG_IGN;
}

static void handler_entry(int sig, siginfo_t *si, void *uc)
{
	int me = self, seen = cfg.active && me >= 0 && running == me && !busy &&
			      T[me].state != T_DONE;
	struct sigaction *a = &prog_act[sig];

	if (seen) {
		settle_write(me);
		record(me, EV_HANDLER, 0, NULL, 0, 0, (uint64_t)sig);
	}
	in_handler++;
	if (a->sa_flags & SA_SIGINFO)
		a->sa_sigaction(sig, si, uc);
	else if (sets_handler(a))
		a->sa_handler(sig);
	in_handler--;
	if (seen && running == me) {
		settle_write(me);	/* the handler's last write, as it left it */
		record(me, EV_HANDLER_END, 0, NULL, 0, 0, (uint64_t)sig);
	}
}

/* A handler set: from now on a waiting thread holds its signals (see
 * hold_signals), and the handler runs through handler_entry. */
int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	struct sigaction mine, before;
	const struct sigaction *use = act;

	if (!cfg.active || sig <= 0 || sig >= NSIG)
		return real_sigaction(sig, act, old);
	if (sets_handler(act)) {
		mine = *act;
		mine.sa_sigaction = handler_entry;
		mine.sa_flags |= SA_SIGINFO;
		use = &mine;
	}
	if (real_sigaction(sig, use, &before))
		return -1;
	if (before.sa_sigaction == handler_entry)	/* the program's, not ours */
		before = prog_act[sig];
	if (sets_handler(act)) {
		prog_act[sig] = *act;
		sig_handlers = 1;
	}
	if (old)
		*old = before;
	return 0;
}

sighandler_t signal(int sig, sighandler_t h)
{
	struct sigaction a, old;

	if (!cfg.active)
		return real_signal(sig, h);
	memset(&a, 0, sizeof a);
	a.sa_handler = h;
	a.sa_flags = SA_RESTART;	/* glibc's signal(): BSD's meaning */
	if (sigaction(sig, &a, &old))
		return SIG_ERR;
	return old.sa_handler;
}

/* Signals a timer sends come when the kernel's clock says, not the
 * schedule's. */
unsigned alarm(unsigned s)
{
	if (cfg.active && s)
		__atomic_store_n(&sh->uses_signals, 1, __ATOMIC_RELAXED);
	return real_alarm(s);
}

int setitimer(__itimer_which_t which, const struct itimerval *v, struct itimerval *old)
{
	if (cfg.active && v && (v->it_value.tv_sec || v->it_value.tv_usec))
		__atomic_store_n(&sh->uses_signals, 1, __ATOMIC_RELAXED);
	return real_setitimer(which, v, old);
}

int timer_create(clockid_t c, struct sigevent *ev, timer_t *t)
{
	if (cfg.active && (!ev || ev->sigev_notify == SIGEV_SIGNAL))
		__atomic_store_n(&sh->uses_signals, 1, __ATOMIC_RELAXED);
	return real_timer_create(c, ev, t);
}

/* Deferred cancellation, modelled: the target ends at its next
 * cancellation point (a condition, join, semaphore wait or sleep, or
 * pthread_testcancel), its cleanup handlers run under the scheduler. */
int pthread_cancel(pthread_t pt)
{
	int t;

	if (!controlled() || (t = thread_of(pt)) < 0)
		return real_pthread_cancel(pt);
	reschedule(self);
	if (T[t].state == T_DONE)
		return 0;
	T[t].cancel_pending = 1;
	record(self, EV_SIGNAL, SITE(), NULL, 0, (uint64_t)t, 0);
	if (t == self)
		cancel_point();
	return 0;
}

void pthread_testcancel(void)
{
	if (!controlled()) {
		real_pthread_testcancel();
		return;
	}
	cancel_point();
}

int pthread_setcancelstate(int state, int *old)
{
	if (!controlled())
		return real_pthread_setcancelstate(state, old);
	if (old)
		*old = T[self].cancel_off ? PTHREAD_CANCEL_DISABLE :
					    PTHREAD_CANCEL_ENABLE;
	T[self].cancel_off = state == PTHREAD_CANCEL_DISABLE;
	return 0;
}

int pthread_setcanceltype(int type, int *old)
{
	if (controlled() && type == PTHREAD_CANCEL_ASYNCHRONOUS)
		unmodelled("asynchronous-cancellation");
	return real_pthread_setcanceltype(type, old);
}

/* A step: one thread sends another a signal. A target blocked in the
 * model (a lock, a join, a condition, a semaphore) wakes to run its
 * handler, as the kernel would interrupt its wait. */
int pthread_kill(pthread_t t, int sig)
{
	int me = self, u, rc;
	uint64_t pc;

	if (!controlled() || !sig)
		return real_pthread_kill(t, sig);
	pc = SITE();
	reschedule(me);
	u = thread_of(t);
	if (u < 0)	/* a thread outside the model: the kernel's timing */
		__atomic_store_n(&sh->uses_signals, 1, __ATOMIC_RELAXED);
	record(me, EV_KILL, pc, NULL, 0, (uint64_t)(u < 0 ? 0 : u + 1), (uint64_t)sig);
	rc = real_pthread_kill(t, sig);
	if (!rc && u >= 0 && u != me && T[u].state == T_BLOCKED &&
	    T[u].wait != W_OUTSIDE)
		T[u].sigwake = 1;
	return rc;
}

/* ---- a crash: where it happened, then the default action */

/* The program's frames from the faulting one up, by its frame pointers
 * (racelab builds it with -fno-omit-frame-pointer), each word read with
 * process_vm_readv, which fails rather than faults. An abort() starts in
 * libc: the assertion's own message says where. */
static void on_crash(int sig, siginfo_t *si, void *uc)
{
	ucontext_t *u = uc;
	uintptr_t ip = (uintptr_t)u->uc_mcontext.gregs[REG_RIP];
	uintptr_t fp = (uintptr_t)u->uc_mcontext.gregs[REG_RBP];
	int k = 0;

	(void)si;
	sh->crash_tid = self;
	sh->steps = (uint32_t)step;
	if (self >= 0)
		settle_write(self);	/* the write just before the crash */
	if (in_text(ip)) {
		sh->crash_pcs[k++] = ip - cfg.base + 1;
		while (k < STACK_PCS && fp) {
			uintptr_t frame[2];
			struct iovec l = { frame, sizeof frame };
			struct iovec r = { (void *)fp, sizeof frame };

			if (process_vm_readv(getpid(), &l, 1, &r, 1, 0) !=
				    (ssize_t)sizeof frame ||
			    !in_text(frame[1]) || frame[0] <= fp)
				break;
			sh->crash_pcs[k++] = frame[1] - cfg.base;
			fp = frame[0];
		}
	}
	sh->ncrash = (uint32_t)k;
	real_signal(sig, SIG_DFL);
	raise(sig);
}

static void crash_handlers(void)
{
	struct sigaction sa;
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL,
				    SIGABRT };

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_crash;
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		real_sigaction(sigs[i], &sa, NULL);
}

/* ---- the server */

static unsigned env_num(const char *name, unsigned def)
{
	const char *v = getenv(name);

	return v && *v ? (unsigned)strtoul(v, NULL, 10) : def;
}

/* One thread runs at a time: on one CPU the baton passes without the
 * wake-up of another CPU, which costs tens of microseconds in a virtual
 * machine. The CPU is the one the kernel started the schedule's process
 * on, chosen afresh for each schedule as the least busy: a CPU fixed per
 * job put two searches running side by side (two Bazel tests, each a
 * job 0) on one CPU while the other idled. */
static void one_cpu(void)
{
	cpu_set_t one;
	int c = sched_getcpu();

	if (c < 0 || c >= CPU_SETSIZE)
		return;
	CPU_ZERO(&one);
	CPU_SET(c, &one);
	sched_setaffinity(0, sizeof one, &one);
}

static void child_start(void)
{
	objs = mmap(NULL, sizeof(struct obj) * MAXOBJ, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	shadow = mmap(NULL, sizeof(struct shadow) * NSHADOW,
		      PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (objs == MAP_FAILED || shadow == MAP_FAILED)
		_exit(121);
	one_cpu();
	my_pid = getpid();
	rng_state = sh->seed;
	skew = 0;
	nthreads = 1;
	memset(&T[0], 0, sizeof T[0]);
	T[0].state = T_RUN;
	T[0].vc[0] = 1;
	T[0].pt = pthread_self();
	sh->nthreads = 1;
	self = 0;
	running = 0;
	cur = 1;
	step = 0;
	digest_acc = 0xcbf29ce484222325ull;
	/* pct's default mix: each 4th schedule is a random walk, which
	 * finds the lost wakeups PCT's few change points pass by (measured
	 * on the corpus: bench/explore.sh) */
	if (cfg.strategy == S_PCT && cfg.mix && sh->schedule % 4 == 3)
		cfg.strategy = S_RANDOM;
	walk_m = k_est / WALK_SWITCHES < 2 ? 2 : k_est / WALK_SWITCHES;
	/* and of the first 32, each 4th from the second goes in lock step,
	 * its threads' phase moved by a step at its stall-th choice (0:
	 * none): threads that back off and retry in step (a livelock) do so
	 * in one of them (measured: polite_trylock at stall 1 and 5,
	 * retry_collision at any) */
	if (cfg.strategy == S_PCT && cfg.mix && sh->schedule % 4 == 1 &&
	    sh->schedule < 32) {
		cfg.strategy = S_LOCKSTEP;
		stall = (int)(sh->schedule / 4);
	}
	if (cfg.strategy == S_PCT) {
		pct_setup();
		pct_new_thread(0);
	}
	crash_handlers();
	cfg.active = 1;
	pthread_setspecific(end_key, (void *)1);
	record(0, EV_START, 0, NULL, 0, 0, 0);
}

static json_t *hex(uint64_t v)
{
	char b[32];

	snprintf(b, sizeof b, "0x%llx", (unsigned long long)v);
	return json_string(b);
}

static void emit(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);

	if (s) {
		size_t n = strlen(s), off = 0;

		s[n] = '\n';
		while (off <= n) {
			ssize_t w = real_write(cfg.out_fd, s + off, n + 1 - off);

			if (w <= 0)
				break;
			off += (size_t)w;
		}
		free(s);
	}
	json_decref(j);
}

/* The recorded choices, run-length coded: "0*12 1*3 0". */
static json_t *choices_text(unsigned long n)
{
	size_t cap = 64 + n * 8, len = 0;
	char *b = malloc(cap);
	json_t *j;

	if (!b)
		return json_null();
	b[0] = '\0';
	for (unsigned long i = 0; i < n;) {
		unsigned long k = i;

		while (k < n && sh->choice[k] == sh->choice[i])
			k++;
		len += (size_t)snprintf(b + len, cap - len, k - i > 1 ? "%s%u*%lu" : "%s%u",
					len ? " " : "", sh->choice[i], k - i);
		i = k;
	}
	j = json_string(b);
	free(b);
	return j;
}

/* "SIGUSR1", "SIGRTMIN+1" */
static json_t *sig_name(int sig)
{
	char b[32];

	if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		snprintf(b, sizeof b, sig == SIGRTMIN ? "SIGRTMIN" : "SIGRTMIN+%d",
			 sig - SIGRTMIN);
	else if (sigabbrev_np(sig))
		snprintf(b, sizeof b, "SIG%s", sigabbrev_np(sig));
	else
		snprintf(b, sizeof b, "signal %d", sig);
	return json_string(b);
}

static json_t *trace_json(void)
{
	json_t *a = json_array();
	uint32_t n = sh->nev, from = n > NEV ? n - NEV : 0;

	for (uint32_t i = from; i < n; i++) {
		struct ev *e = &sh->ev[i % NEV];
		json_t *o = json_object();

		json_object_set_new(o, "step", json_integer(e->step));
		json_object_set_new(o, "thread", json_integer(e->tid + 1));
		json_object_set_new(o, "op",
				    json_string(e->kind < sizeof EV_NAME / sizeof EV_NAME[0] ?
						EV_NAME[e->kind] : "?"));
		if (e->pc)
			json_object_set_new(o, "pc", hex(e->pc));
		if (e->addr)
			json_object_set_new(o, "addr", hex(e->addr));
		if (e->size)
			json_object_set_new(o, "size", json_integer(e->size));
		if (e->kind == EV_READ || e->kind == EV_WRITE ||
		    (e->kind >= EV_ALOAD && e->kind <= EV_ACAS) ||
		    e->kind == EV_CREATE || e->kind == EV_JOIN ||
		    e->kind == EV_SEM_POST || e->kind == EV_SEM_WAIT) {
			json_int_t v = (json_int_t)e->value;

			/* as the program's int of that size would say it */
			if (e->size == 1)
				v = (int8_t)e->value;
			else if (e->size == 2)
				v = (int16_t)e->value;
			else if (e->size == 4)
				v = (int32_t)e->value;
			json_object_set_new(o, "value", json_integer(v));
		}
		if (e->kind == EV_CREATE || e->kind == EV_JOIN)
			json_object_set_new(o, "value",
					    json_integer((json_int_t)e->value + 1));
		if (e->kind == EV_KILL && e->value)	/* the target, T1 on */
			json_object_set_new(o, "value", json_integer((json_int_t)e->value));
		if (e->kind == EV_KILL || e->kind == EV_HANDLER ||
		    e->kind == EV_HANDLER_END)
			json_object_set_new(o, "signal", sig_name((int)e->other));
		if (e->preempt)
			json_object_set_new(o, "preempted", json_true());
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *schedule_json(void)
{
	json_t *j = json_object(), *d = json_array(), *p = json_array();
	unsigned long n = sh->steps;

	json_object_set_new(j, "steps", json_integer((json_int_t)n));
	json_object_set_new(j, "choices", choices_text(n));
	for (unsigned long i = 0; i < n / 256 && i < NDIGEST; i++)
		json_array_append_new(d, hex(sh->digest[i]));
	json_object_set_new(j, "digests", d);
	for (size_t i = 0; i < NPC; i++)
		if (sh->pcs[i])
			json_array_append_new(p, hex(sh->pcs[i]));
	json_object_set_new(j, "points", p);
	return j;
}

static json_t *threads_json(void)
{
	json_t *a = json_array();

	for (uint32_t t = 0; t < sh->nthreads && t < MAXT; t++) {
		json_t *o = json_object();

		json_object_set_new(o, "thread", json_integer(t + 1));
		if (t) {
			json_object_set_new(o, "parent",
					    json_integer(sh->thread_parent[t] + 1));
			json_object_set_new(o, "created_at", hex(sh->thread_pc[t]));
		}
		json_array_append_new(a, o);
	}
	return a;
}

static char *captured(int fd)
{
	off_t end = lseek(fd, 0, SEEK_END);
	off_t from = end > MAX_STDERR ? end - MAX_STDERR : 0;
	char *b = calloc(1, MAX_STDERR + 1);
	ssize_t n;

	if (!b)
		return NULL;
	n = pread(fd, b, MAX_STDERR, from);
	if (n < 0)
		n = 0;
	b[n] = '\0';
	for (ssize_t i = 0; i < n; i++)	/* text for JSON, whatever it was */
		if ((unsigned char)b[i] >= 0x80 || (b[i] < 0x20 && b[i] != '\n' && b[i] != '\t'))
			b[i] = '?';
	return b;
}

static const char *signame(int sig)
{
	switch (sig) {
	case SIGSEGV: return "SIGSEGV";
	case SIGABRT: return "SIGABRT";
	case SIGBUS: return "SIGBUS";
	case SIGFPE: return "SIGFPE";
	case SIGILL: return "SIGILL";
	case SIGKILL: return "SIGKILL";
	default: return "a signal";
	}
}

/* Judges one child's end; returns a bug object or NULL. */
/* The plain program's exit status, asked only when a schedule exits
 * with a status of its own: explore.c runs the plain program beside the
 * search (up to its 10 s) and writes the status to baseline_path when it
 * ends, so a program whose plain run hangs costs a search that never
 * asks nothing. -1: it never ended, or never said. */
static int baseline_status(void)
{
	for (int tries = 0; cfg.baseline == -2 && tries < 1500; tries++) {
		char buf[32] = "";
		int fd = open(cfg.baseline_path, O_RDONLY | O_CLOEXEC);
		ssize_t n = fd < 0 ? -1 : real_read(fd, buf, sizeof buf - 1);

		if (fd >= 0)
			close(fd);
		if (n > 0 && buf[n - 1] == '\n') {
			cfg.baseline = atoi(buf);
			break;
		}
		real_nanosleep(&(struct timespec){ .tv_nsec = 10000000 }, NULL);
	}
	if (cfg.baseline == -2)
		cfg.baseline = -1;
	return cfg.baseline;
}

static json_t *judge(int status, int timed_out, int outfd, char *symptom)
{
	json_t *b = json_object();
	const char *kind = NULL;
	char *err = captured(outfd);

	if (sh->outcome == OUT_DEADLOCK) {
		json_t *st = json_array();

		kind = "deadlock";
		for (uint32_t i = 0; i < sh->nstuck && i < MAXT; i++) {
			struct stuck *k = &sh->stuck[i];
			json_t *o = json_object();

			json_object_set_new(o, "thread", json_integer(k->tid + 1));
			json_object_set_new(o, "waits",
					    json_string(k->wait < sizeof WAIT_NAME / sizeof WAIT_NAME[0] ?
							WAIT_NAME[k->wait] : "?"));
			json_object_set_new(o, "pc", hex(k->pc));
			json_object_set_new(o, "object", hex(k->obj));
			if (k->holder >= 0)
				json_object_set_new(o, "holder",
						    json_integer(k->holder + 1));
			json_array_append_new(st, o);
		}
		json_object_set_new(b, "stuck", st);
	} else if (sh->outcome == OUT_LIVELOCK) {
		kind = "livelock";
		json_object_set_new(b, "marks", json_integer(sh->marks));
		json_object_set_new(b, "last_mark", json_integer(sh->last_mark));
	} else if (sh->outcome == OUT_BUDGET) {
		kind = NULL;	/* said in the summary, not a bug by itself */
	} else if (timed_out) {
		kind = NULL;
	} else if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);

		kind = sig == SIGABRT ? (strstr(err ? err : "", "Assertion") ?
					 "assertion" : "abort") : "crash";
		json_object_set_new(b, "signal", json_string(signame(sig)));
	} else if (WIFEXITED(status) && symptom && symptom[0]) {
		kind = "symptom";
		json_object_set_new(b, "symptom", json_string(symptom));
	} else if (WIFEXITED(status) && WEXITSTATUS(status) != 0 &&
		   sh->outcome == OUT_NONE && baseline_status() == 0) {
		kind = "exit";
		json_object_set_new(b, "status",
				    json_integer(WEXITSTATUS(status)));
	}
	if (!kind) {
		free(err);
		json_decref(b);
		return NULL;
	}
	json_object_set_new(b, "event", json_string("bug"));
	json_object_set_new(b, "kind", json_string(kind));
	json_object_set_new(b, "schedule", json_integer(sh->schedule));
	json_object_set_new(b, "seed", hex(sh->seed));
	json_object_set_new(b, "base", hex(cfg.base));
	json_object_set_new(b, "data_end", hex(cfg.data_hi - cfg.base));
	json_object_set_new(b, "steps", json_integer(sh->steps));
	json_object_set_new(b, "preemptions", json_integer(sh->preemptions));
	if (sh->crash_tid >= 0 && WIFSIGNALED(status)) {
		json_t *pcs = json_array();

		json_object_set_new(b, "thread", json_integer(sh->crash_tid + 1));
		for (uint32_t i = 0; i < sh->ncrash && i < STACK_PCS; i++)
			json_array_append_new(pcs, hex(sh->crash_pcs[i]));
		json_object_set_new(b, "stack", pcs);
	}
	json_object_set_new(b, "output", json_string(err ? err : ""));
	json_object_set_new(b, "schedule_file", schedule_json());
	json_object_set_new(b, "threads", threads_json());
	json_object_set_new(b, "trace", trace_json());
	free(err);
	return b;
}

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static int stop_flagged(void)
{
	int fd;
	char c = 0;

	if (stop_requested)
		return 1;
	if (!cfg.stop_path)
		return 0;
	fd = open(cfg.stop_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (real_read(fd, &c, 1) != 1)
		c = 0;
	close(fd);
	return c == '1';
}

static void flag_stop(void)
{
	int fd;

	if (!cfg.stop_path)
		return;
	fd = open(cfg.stop_path, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		ssize_t w = real_write(fd, "1", 1);

		(void)w;
		close(fd);
	}
}

/* Waits for the child up to limit_s; 1 when it had to be killed. */
static int wait_child(pid_t pid, int *status, double limit_s)
{
	int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
	int killed = 0;
	struct pollfd p = { pfd, POLLIN, 0 };

	if (pfd >= 0) {
		int left = (int)(limit_s * 1000);

		while (left > 0 && !stop_requested) {
			int r = real_poll(&p, 1, left > 200 ? 200 : left);

			if (r > 0)
				break;
			left -= 200;
		}
		if (real_poll(&p, 1, 0) <= 0) {
			kill(pid, SIGKILL);
			killed = !stop_requested;
		}
		close(pfd);
	}
	while (real_waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
	return killed;
}

/* Parses "0*12 1*3 0" into sh->choice; returns the count. */
static unsigned long parse_choices(const char *s)
{
	unsigned long n = 0;

	while (s && *s) {
		char *end;
		unsigned long t = strtoul(s, &end, 10), k = 1;

		if (end == s)
			break;
		s = end;
		if (*s == '*') {
			k = strtoul(s + 1, &end, 10);
			s = end;
		}
		while (k-- && n < NCHOICE)
			sh->choice[n++] = (uint8_t)(t < MAXT ? t : 0);
		while (*s == ' ')
			s++;
	}
	return n;
}

static void load_replay(const char *path)
{
	json_error_t e;
	json_t *j = json_load_file(path, 0, &e), *s, *d, *p;
	size_t i;
	json_t *v;

	if (!j) {
		fprintf(stderr, "racelab explore: cannot read the schedule %s: %s\n",
			path, e.text);
		_exit(3);
	}
	s = json_object_get(j, "schedule_file");
	if (!s)
		s = j;
	sh->nprefix = (uint32_t)parse_choices(json_string_value(json_object_get(s, "choices")));
	d = json_object_get(s, "digests");
	json_array_foreach(d, i, v) {
		if (i < NDIGEST)
			sh->want_digest[i] = strtoull(json_string_value(v) ? json_string_value(v) : "0", NULL, 16);
	}
	sh->ndigests = (uint32_t)(json_array_size(d) < NDIGEST ? json_array_size(d) : NDIGEST);
	p = json_object_get(s, "points");
	json_array_foreach(p, i, v) {
		uint64_t pc = strtoull(json_string_value(v) ? json_string_value(v) : "0", NULL, 16);
		size_t h = pc * 0x9e3779b97f4a7c15ull % NPC;

		for (size_t k = 0; pc && k < NPC; k++)
			if (!sh->pcs[(h + k) % NPC]) {
				sh->pcs[(h + k) % NPC] = pc;
				sh->npc++;
				break;
			}
	}
	cfg.seed = strtoull(json_string_value(json_object_get(j, "seed")) ? json_string_value(json_object_get(j, "seed")) : "0", NULL, 16);
	json_decref(j);
}

/* dfs state, in the server */
static uint64_t *dfs_tried;
static unsigned *dfs_pre;
static uint32_t dfs_len;

/* After a dfs run of `steps` steps: the next prefix into sh->choice, or
 * 0 when every schedule within the bound has been run. */
static int dfs_advance(unsigned long steps, int *cut)
{
	unsigned long n = steps < DFS_STEPS ? steps : DFS_STEPS;

	if (steps > DFS_STEPS)
		*cut = 1;
	for (unsigned long i = sh->nprefix; i < n; i++)
		dfs_tried[i] = 1ull << sh->choice[i];
	dfs_len = (uint32_t)n;
	/* pre[i]: the preemptions in the schedule before step i */
	dfs_pre[0] = 0;
	for (unsigned long s = 0; s < n; s++)
		dfs_pre[s + 1] = dfs_pre[s] + (sh->prev[s] != 0xff &&
					       sh->choice[s] != sh->prev[s] &&
					       (sh->enabled[s] >> sh->prev[s] & 1));
	while (dfs_len > 0) {
		unsigned long i = dfs_len - 1;
		uint64_t untried = sh->enabled[i] & ~dfs_tried[i];
		unsigned pre = dfs_pre[i];

		while (untried) {
			int t = __builtin_ctzll(untried);
			unsigned cost = sh->prev[i] != 0xff && t != sh->prev[i] &&
					(sh->enabled[i] >> sh->prev[i] & 1);

			untried &= untried - 1;
			if (pre + cost > cfg.bound) {
				dfs_tried[i] |= 1ull << t;
				continue;
			}
			dfs_tried[i] |= 1ull << t;
			sh->choice[i] = (uint8_t)t;
			sh->nprefix = (uint32_t)i + 1;
			return 1;
		}
		dfs_len--;
	}
	return 0;
}

/* The host's monotonic clock, past the program's view of time. */
static double mono_s(void)
{
	struct timespec ts;

	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void server(void)
{
	json_t *end;
	int outfd, symfd, complete = 0, dfs_cut = 0, found = 0, time_up = 0;
	double began = mono_s(), limit = cfg.timeout_s, slowest = 0, t0;
	unsigned ended = 0;
	unsigned run = 0, budget_cut = 0, timeouts = 0, limits = 0;
	unsigned long max_steps_seen = 0, max_forks = 0;
	char sympath[64], note_first[NOTE_LEN] = "";
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	real_sigaction(SIGTERM, &sa, NULL);
	real_sigaction(SIGINT, &sa, NULL);
	outfd = memfd_create("explore-output", MFD_CLOEXEC);
	symfd = memfd_create("explore-symptom", 0);
	snprintf(sympath, sizeof sympath, "/proc/self/fd/%d", symfd);
	if (cfg.strategy == S_DFS) {
		dfs_tried = calloc(DFS_STEPS, sizeof *dfs_tried);
		dfs_pre = calloc(DFS_STEPS + 1, sizeof *dfs_pre);
		sh->nprefix = 0;
	}
	for (unsigned i = 0; i < cfg.schedules; i++) {
		unsigned s = cfg.first + i * cfg.stride;
		int status = 0, killed;
		pid_t pid;
		json_t *bug;
		char *symptom;

		if (stop_flagged())
			break;
		/* once five schedules have ended, or one has and one has
		 * not, a schedule's time is fifty times the slowest that
		 * ended (2 s at least, never more than the first limit): a
		 * schedule that waits in the kernel for what no schedule
		 * brings (a forked child on a lock copied held) is given up
		 * in seconds, not the whole of the first limit */
		if (ended >= 5 || (ended && timeouts)) {
			limit = 50 * slowest < 2 ? 2 : 50 * slowest;
			limit = limit > cfg.timeout_s ? cfg.timeout_s : limit;
		}
		/* the search's time is up: the schedules run so far are the
		 * search, whole (a budget, like the number of schedules) */
		if (i > 0 && cfg.budget_s > 0 && mono_s() - began >= cfg.budget_s) {
			time_up = 1;
			break;
		}
		sh->schedule = s;
		sh->seed = cfg.seed ^ ((uint64_t)s * 0xd1b54a32d192ed03ull);
		if (cfg.strategy == S_REPLAY)
			sh->seed = cfg.seed;
		sh->steps = sh->nev = sh->outcome = sh->preemptions = 0;
		sh->forks = 0;
		sh->crash_tid = -1;
		sh->ncrash = sh->nstuck = sh->diverged_step = 0;
		sh->marks = sh->last_mark = sh->marked = 0;
		sh->note[0] = '\0';
		if (ftruncate(outfd, 0) || ftruncate(symfd, 0))
			break;
		lseek(outfd, 0, SEEK_SET);
		lseek(symfd, 0, SEEK_SET);
		pid = real_fork();
		if (pid < 0)
			break;
		if (pid == 0) {
			int nul = open("/dev/null", O_RDONLY);

			close(cfg.out_fd);
			if (nul >= 0) {
				dup2(nul, 0);
				close(nul);
			}
			dup2(outfd, 1);
			dup2(outfd, 2);
			setenv("RACELAB_SYMPTOM_FILE", sympath, 1);
			real_sigaction(SIGTERM, &(struct sigaction){ .sa_handler = SIG_DFL }, NULL);
			real_sigaction(SIGINT, &(struct sigaction){ .sa_handler = SIG_DFL }, NULL);
			child_start();
			return;	/* to main */
		}
		t0 = mono_s();
		killed = wait_child(pid, &status, limit);
		if (!killed) {
			double took = mono_s() - t0;

			slowest = took > slowest ? took : slowest;
			ended++;
		}
		if (stop_requested)
			break;
		run++;
		if (sh->steps > max_steps_seen)
			max_steps_seen = sh->steps;
		/* the choices a schedule makes: PCT's change points fall
		 * among them, and a walk's run length follows them */
		if ((cfg.strategy == S_PCT || cfg.strategy == S_RANDOM) &&
		    sh->forks > max_forks)
			max_forks = sh->forks;
		if (max_forks)
			k_est = max_forks;
		budget_cut += sh->outcome == OUT_BUDGET;
		timeouts += killed;
		/* a schedule past its time ran without reaching a point (a
		 * loop of its own, a call outside the model): the next ones
		 * would too. Two of them end the search, or the first
		 * schedule alone: a program that no schedule has seen end
		 * (a wait in the kernel that nothing in the model ends) */
		if (timeouts >= 2 || (killed && run == 1)) {
			snprintf(note_first, sizeof note_first,
				 "%s %.*f s: a thread ran without reaching a scheduling point (a loop that touches no shared memory, or a call outside the model); explore stopped",
				 run == 1 ? "the first schedule ran past its" :
					    "two schedules ran past their time, the last its",
				 limit < 10 ? 1 : 0, limit);
			break;
		}
		limits += sh->outcome == OUT_LIMIT;
		if ((limits >= 10 && limits == run) ||
		    (budget_cut >= 10 && budget_cut == run))
			break;	/* every schedule meets the limit: said once */
		if (sh->note[0] && !note_first[0])
			snprintf(note_first, sizeof note_first, "%s", sh->note);
		if (cfg.strategy == S_REPLAY && (sh->outcome == OUT_DIVERGED ||
						 sh->outcome == OUT_REPLAY_END)) {
			json_t *d = json_object();

			json_object_set_new(d, "event", json_string("diverged"));
			json_object_set_new(d, "step", json_integer(sh->diverged_step));
			json_object_set_new(d, "why", json_string(sh->note));
			emit(d);
		}
		symptom = captured(symfd);
		bug = judge(status, killed, outfd, symptom);
		free(symptom);
		for (size_t k = 0; k < NPC; k++)	/* the points found */
			if (sh->newpcs[k])
				pc_put(sh->pcs, &sh->npc, sh->newpcs[k]);
		memset(sh->newpcs, 0, sizeof sh->newpcs);
		sh->nnew = 0;
		if (bug) {
			found++;
			emit(bug);
			if (!cfg.all) {
				flag_stop();
				break;
			}
		}
		/* a schedule with no step where two threads could run is the
		 * only schedule there is (one thread, or threads one after
		 * another): the search is complete; what the scheduler does
		 * not control (a child process, input) is said apart */
		if (!sh->forks && !killed && sh->outcome != OUT_BUDGET) {
			complete = 1;
			break;
		}
		if (cfg.strategy == S_DFS) {
			if (!dfs_advance(sh->steps, &dfs_cut)) {
				complete = !dfs_cut;
				break;
			}
		}
	}
	for (uint32_t i = 0; i < sh->nrace && i < NRACE; i++) {
		struct race *r = &sh->races[i];
		json_t *o = json_object();

		json_object_set_new(o, "event", json_string("race"));
		for (int k = 0; k < 2; k++) {
			json_t *a = json_object();

			json_object_set_new(a, "thread", json_integer(r->tid[k] + 1));
			json_object_set_new(a, "op", json_string(r->write[k] ? "write" : "read"));
			json_object_set_new(a, "pc", hex(r->pc[k]));
			json_object_set_new(o, k ? "second" : "first", a);
		}
		json_object_set_new(o, "size", json_integer(r->size));
		json_object_set_new(o, "addr", hex(r->addr));
		json_object_set_new(o, "schedule", json_integer(r->schedule));
		emit(o);
	}
	end = json_object();
	json_object_set_new(end, "event", json_string("end"));
	json_object_set_new(end, "schedules", json_integer(run));
	json_object_set_new(end, "bugs", json_integer(found));
	json_object_set_new(end, "max_steps", json_integer((json_int_t)max_steps_seen));
	json_object_set_new(end, "points", json_integer(sh->npc));
	json_object_set_new(end, "budget_cut", json_integer(budget_cut));
	json_object_set_new(end, "timeouts", json_integer(timeouts));
	json_object_set_new(end, "limits", json_integer(limits));
	json_object_set_new(end, "complete", json_boolean(complete));
	json_object_set_new(end, "stopped", json_boolean(stop_requested || (run < cfg.schedules && !found && !complete && !time_up)));
	json_object_set_new(end, "time_up", json_boolean(time_up));
	json_object_set_new(end, "uses_fork", json_boolean(sh->uses_fork));
	json_object_set_new(end, "uses_signals", json_boolean(sh->uses_signals));
	json_object_set_new(end, "outside_calls", json_integer(sh->outside_calls));
	json_object_set_new(end, "unmodelled", json_string(sh->unmodelled));
	json_object_set_new(end, "note", json_string(note_first));
	json_object_set_new(end, "base", hex(cfg.base));
	emit(end);
	work_dump();
	_exit(0);
}

__attribute__((constructor(101))) static void explore_start(void)
{
	const char *on = getenv("RL_EXPLORE"), *st, *replay;

	void *warm[2];

	find_reals();
	dl_iterate_phdr(text_range, NULL);
	backtrace(warm, 2);	/* loads the unwinder now, not in a schedule */
	pthread_key_create(&end_key, thread_end);
	pthread_atfork(NULL, NULL, forked_child);
	if (!on || strcmp(on, "1") != 0)
		return;
	work_start();
	st = getenv("RL_EXPLORE_STRATEGY");
	cfg.strategy = !st || !strcmp(st, "pct") ? S_PCT :
		       !strcmp(st, "random") ? S_RANDOM :
		       !strcmp(st, "dfs") ? S_DFS : S_REPLAY;
	cfg.schedules = env_num("RL_EXPLORE_SCHEDULES", 1000);
	cfg.first = env_num("RL_EXPLORE_FIRST", 0);
	cfg.stride = env_num("RL_EXPLORE_STRIDE", 1);
	cfg.depth = env_num("RL_EXPLORE_DEPTH", 3);
	cfg.bound = env_num("RL_EXPLORE_BOUND", 2);
	cfg.all = env_num("RL_EXPLORE_ALL", 0);
	cfg.mix = env_num("RL_EXPLORE_MIX", 1);
	cfg.max_steps = env_num("RL_EXPLORE_STEPS", 200000);
	cfg.timeout_s = env_num("RL_EXPLORE_TIMEOUT_MS", 10000) / 1000.0;
	cfg.budget_s = env_num("RL_EXPLORE_BUDGET_MS", 0) / 1000.0;
	cfg.seed = strtoull(getenv("RL_EXPLORE_SEED") ? getenv("RL_EXPLORE_SEED") : "1", NULL, 0);
	cfg.stop_path = getenv("RL_EXPLORE_STOP") ? strdup(getenv("RL_EXPLORE_STOP")) : NULL;
	cfg.baseline_path = getenv("RL_EXPLORE_BASELINE_FILE") ?
			    strdup(getenv("RL_EXPLORE_BASELINE_FILE")) : NULL;
	/* not known until explore.c's plain run writes it; none asked: 0 */
	cfg.baseline = cfg.baseline_path ? -2 : 0;
	if (!cfg.stride)
		cfg.stride = 1;
	if (cfg.max_steps > NCHOICE)
		cfg.max_steps = NCHOICE;
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (sh == MAP_FAILED) {
		fputs("racelab explore: no memory for the schedule\n", stderr);
		_exit(3);
	}
	replay = getenv("RL_EXPLORE_REPLAY");
	if (cfg.strategy == S_REPLAY) {
		if (!replay) {
			fputs("racelab explore: RL_EXPLORE_STRATEGY names no strategy\n", stderr);
			_exit(3);
		}
		load_replay(replay);
		cfg.schedules = 1;
	}
	/* the report goes to a descriptor of the server's own; the program's
	 * output is captured per schedule */
	cfg.out_fd = fcntl(1, F_DUPFD_CLOEXEC, 10);
	unsetenv("RL_EXPLORE");
	unsetenv("RL_EXPLORE_STOP");
	unsetenv("RL_EXPLORE_REPLAY");
	server();
}

#pragma clang attribute pop
