/* watchdog.h - racelab's own watchdog.
 *
 * TSan and Helgrind say nothing when a program really hangs, spins without
 * progress or starves a thread. The watchdog watches the running process
 * tree from /proc, beside any detector:
 *
 * - every thread of the program stuck, no CPU spent, for `still_s`: a
 *   hang. Stuck means asleep with no timeout on something only another
 *   thread or process of the program can release, read from each thread's
 *   system call and its arguments: an untimed futex wait (mutex, join,
 *   condition, semaphore, barrier), wait4 on a child, read or write on a
 *   pipe whose other end only the program holds, poll/select/epoll with no
 *   timeout on such pipes. A thread in a timed wait, a sleep, disk I/O, a
 *   signal wait, or waiting on anything outside the program (a terminal, a
 *   file, a socket, a pipe from outside) is waiting, not stuck: no verdict.
 *   Tool helpers (TSan's background thread and symbolizer) are not the
 *   program. The wait-for graph (futex words, glibc mutex owners, pipe
 *   ends) says which hang: a cycle is a deadlock; a lock whose owner is
 *   gone is a deadlock on a dead owner (fork, or an owner that exited
 *   holding it); anything else is a lost wakeup.
 * - CPU spent with no rl_progress() for `spin_s`, in a program that said it
 *   marks progress: a livelock.
 * - after the run, per-thread waits and progress against the case's
 *   `fairness:` thresholds: starvation (max wait, Jain's index).
 *
 * Only once a hang is certain does it ask gdb (or vgdb, under Valgrind)
 * for the stacks of the stuck threads, so a finding points at source
 * lines; attaching freezes the program, which must not happen to one that
 * would have gone on. Then the run is stopped: the verdict comes within
 * about a second of the onset.
 */
#ifndef RACELAB_WATCHDOG_H
#define RACELAB_WATCHDOG_H

#include <sys/types.h>

#include "finding.h"

enum rl_attach {
	RL_ATTACH_GDB,		/* gdb -p PID */
	RL_ATTACH_VGDB,		/* gdb through vgdb: the guest's stacks */
};

#define RL_WATCHDOG_HELPERS 8
#define RL_WATCHDOG_SEEN 1024

struct rl_fairness {
	double max_wait_ms;	/* 0: not checked */
	double min_jain;	/* 0: not checked */
};

struct rl_watchdog {
	/* settings */
	double still_s;		/* all blocked this long: a hang */
	double spin_s;		/* busy without progress this long: livelock */
	enum rl_attach attach;
	char vgdb_prefix[600];	/* --vgdb-prefix the tool runs with
				 * (RL_ATTACH_VGDB), set by the caller */
	char dir[600];		/* where the debugger's output goes */
	/* The executable the run starts (a real path; "" when unknown, as
	 * for a detector that runs a compiler): a waiting process running
	 * another one has exec'd it, which the waiting sentence says.
	 * Valgrind's own tool executables count as the program's. */
	char program[1024];
	const char *tool;	/* the name findings carry: "watchdog" */
	const char *source_suffix;	/* the program's source, "cases/x.c":
					 * labels say where each thread waits */
	/* The page shared with the program (case/racelab_shm.h). racelab
	 * never maps it: the program may shrink, grow or scribble over the
	 * file at any time, so each look is a private copy read with pread()
	 * from a descriptor made before the program starts, checked before
	 * any of it is used. page is NULL when there is no page (and then
	 * shm_fd means nothing). */
	int shm_fd;
	void *page;		/* the last copy (struct rl_shm) */
	int page_ok;		/* it passed every check */
	double shm_made_s;	/* when the page was made (rl_now_s) */
	char shm_damage[200];	/* how the program damaged it, as first seen;
				 * once damaged, the page is not read again */
	int tsan_runtime;	/* the program carries TSan's runtime: its
				 * background thread is not the program */

	/* what it has seen */
	double still_since;	/* -1: something moved at the last sample */
	double progress_since;	/* when progress last changed */
	unsigned long long cpu_at_progress;
	unsigned long long last_cpu;
	unsigned long long last_progress;
	int samples;
	int busy;		/* CPU was spent since the previous sample */
	pid_t helpers[RL_WATCHDOG_HELPERS];	/* tool threads, left out */
	int nhelpers;
	/* Every thread seen, by process: the words name a thread by its
	 * place in its process's creation order, as the other detectors
	 * do (main, thread 1, thread 2), not by the kernel's id. The
	 * kernel gives a process's threads rising ids, so a thread's place
	 * is the count of the older ones seen. */
	pid_t root;				/* the program's first process */
	pid_t seen_pid[RL_WATCHDOG_SEEN], seen_tid[RL_WATCHDOG_SEEN];
	int nseen;
	char waiting[400];	/* when nothing ran at the last look and not
				 * all was stuck: who waits, and in what */
	/* failed trylocks (racelab_shm.h: tries_failed) since try_since,
	 * when a trylock last succeeded or the counting began (-1: not yet);
	 * per slot, to count the threads that fail */
	double try_since;
	unsigned long long tries_at, won_at, cpu_at_try;
	unsigned long long slot_tries_at[64];	/* RL_SHM_SLOTS */

	/* what it concluded */
	int stopped;		/* it ended the run */
	double onset_s;		/* when the hang or spin began (run time) */
	double decided_s;	/* when the watchdog said so */
	struct rl_findings findings;
};

/* still_scale stretches the windows for slow tools (Valgrind). shm_path:
 * the file shared with the program, created here (NULL: none); racelab
 * keeps a descriptor of it until rl_watchdog_free. */
void rl_watchdog_init(struct rl_watchdog *o, const char *dir, double still_scale,
		    enum rl_attach attach, const char *shm_path);

/* The runner's observe callback (arg: the watchdog). Returns 1 to stop. */
int rl_watchdog_observe(pid_t pid, double elapsed_s, void *arg);

/* Does the program mark its progress (rl_marks_progress, rl_progress)? */
int rl_watchdog_marks_progress(const struct rl_watchdog *o);

/* After the run: reads the page a last time; a page the program damaged
 * is a finding of its own (category other, it says how), else starvation
 * against the thresholds (if any are set). */
void rl_watchdog_fairness(struct rl_watchdog *o, const struct rl_fairness *f);

void rl_watchdog_free(struct rl_watchdog *o);

#endif
