/* work.h - who does an exercise's work: the threads it starts, or main.
 *
 * A "fix" can keep the threads and take the work away from them: start
 * the workers as decoys that spin or return at once, and have main do
 * every update itself. The threads line (probe.c) counts threads, so it
 * cannot tell. Here the copy's explore build (clang's TSan
 * instrumentation, racelab's runtime harness/explore/rt.c in place of
 * TSan's) runs explore's search over RL_WORK_SCHEDULES schedules of its
 * random walk, with a fixed seed and RL_WORK_FILE set: the threads
 * switch at every synchronisation and atomic, whatever the machine's
 * load, and the runtime counts every write of the program's own code to
 * its globals, plain or atomic, for main and for the started threads
 * apart. The granules are named with llvm-symbolizer and summed per
 * variable; the counts are given as a run's (the sum over the
 * schedules, divided).
 *
 * The exercise's work is what the reference fix's started threads do:
 * each global that two or more of them write, and of whose writes they
 * make at least half (racelab.h's own rl_ variables aside). A copy in
 * which main makes nearly all the writes to every one of those that it
 * still has is a decoy. The counts are of writes, not of time, so a
 * loaded machine that runs the threads one after another changes
 * nothing; a fix that keeps a local sum and adds it once at the end
 * still has its threads write the total.
 *
 * Turn-taking: the threads do write, but each one's writes all come
 * before the next one's, in every schedule, where the reference fix's
 * change hands between threads. Threads that write once each (a local
 * sum added at the end) cannot interleave, and are not called so.
 */
#ifndef RACELAB_WORKSHOP_WORK_H
#define RACELAB_WORKSHOP_WORK_H

#include <stddef.h>

#define RL_WORK_VARS 64
#define RL_WORK_SCHEDULES 3

struct rl_work_var {
	char name[96];
	unsigned long long main;	/* writes by the main thread */
	unsigned long long threads;	/* writes by the threads it started */
	int writers;			/* started threads that wrote it */
	unsigned long long switches;	/* writes by a started thread right
					 * after another one's */
};

struct rl_work {
	int ok;			/* the run left its counts */
	int n;
	struct rl_work_var v[RL_WORK_VARS];
};

/* Runs bin (an explore build) once in dir with RL_WORK_FILE, names the
 * granules it wrote with llvm-symbolizer and sums them per variable
 * into w. 0, or -1 with a sentence in err (the run did not end, left no
 * counts: a program that ends with _exit() leaves none). */
int rl_work_measure(const char *bin, const char *dir, double timeout_s,
		    struct rl_work *w, char *err, size_t errlen);

/* Adds the counts of a granule named `name` ("counter", "items+16": the
 * part after '+' is dropped) to w. Exposed for tests. */
void rl_work_add(struct rl_work *w, const char *name, unsigned long long main,
		 unsigned long long threads, int writers,
		 unsigned long long switches);

/* w as lines "NAME MAIN THREADS WRITERS SWITCHES", and back (the reference fix's,
 * kept beside the copy). Read returns -1 when the file is not one. */
int rl_work_save(const struct rl_work *w, const char *path);
int rl_work_load(struct rl_work *w, const char *path);

enum rl_work_verdict {
	RL_WORK_OK,		/* the started threads do the work */
	RL_WORK_DECOY,		/* main does it */
	RL_WORK_TURNS,		/* the threads take turns at it */
	RL_WORK_UNKNOWN,	/* nothing to compare: said why */
};

/* Judges the copy's counts against the reference fix's, with one
 * sentence in why (and a second, the reference's figures, in ref_why),
 * written for the participant: "the 4 threads you start never write
 * `counter`: main makes all 40000 writes". started: the threads the copy
 * started (the probe's count), for the sentence; 0 when not known. */
enum rl_work_verdict rl_work_judge(const struct rl_work *copy,
				   const struct rl_work *ref, int started,
				   char *why, size_t len, char *ref_why,
				   size_t ref_len);

#endif
