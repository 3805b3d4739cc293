/* runner.h - runs one program and leaves nothing behind.
 *
 * The program runs in a process group of its own, with resource limits,
 * its output going to files (no pipe to fill; their size watched every
 * tick against a cap, while RLIMIT_FSIZE only bounds any file it writes
 * so the disk cannot fill) and a timeout. However it ends, the whole group is killed
 * and reaped, and so is any process that left the group (racelab makes
 * itself a child subreaper, so orphans come back to it). The runner knows
 * nothing about detectors.
 */
#ifndef RACELAB_RUNNER_H
#define RACELAB_RUNNER_H

#include <sys/types.h>

#define RL_MAX_ARGS 48
#define RL_MAX_ENV 16

struct rl_spawn {
	char *argv[RL_MAX_ARGS];	/* NULL-terminated */
	char *env[RL_MAX_ENV];		/* NAME=VALUE added to ours */
	const char *stdout_path, *stderr_path;
	double timeout_s;
	double term_grace_s;		/* after SIGTERM, before SIGKILL */
	unsigned long max_output_bytes;	/* stdout and stderr, each: beyond
					 * it the run is stopped and the file
					 * cut back to it */
	unsigned long max_file_bytes;	/* any file the program writes
					 * (RLIMIT_FSIZE), 0: no limit */
	unsigned long max_address_space;	/* 0: no limit (TSan, Valgrind) */
	unsigned long max_cpu_s;
	unsigned long max_resident_bytes;	/* the resident memory of all
					 * the program's processes together,
					 * looked at every 50 ms:
					 * beyond it the run is stopped;
					 * 0: no limit */
	/* Called about every tick while the program runs (the watchdog
	 * watches from here). RL_OBSERVE_STOP ends the run now, with SIGKILL
	 * to the group, as RL_STOPPED; RL_OBSERVE_BUSY goes on and asks for
	 * the next call later (the program is working: nothing to time);
	 * 0 goes on. */
	int (*observe)(pid_t pid, double elapsed_s, void *arg);
	void *observe_arg;
	const char *cwd;		/* the folder it runs in (an absolute
					 * path), NULL: racelab's own */
};

enum { RL_OBSERVE_STOP = 1, RL_OBSERVE_BUSY = 2 };

enum rl_how {
	RL_EXITED,
	RL_SIGNALED,
	RL_TIMED_OUT,
	RL_STOPPED,		/* the observer ended it */
	RL_SPAWN_FAILED,
};

struct rl_outcome {
	enum rl_how how;
	int exit_code;
	int signal;
	double duration_s;
	long max_rss_kb;
	int output_capped;	/* stopped: stdout or stderr passed the cap */
	int file_capped;	/* died of SIGXFSZ: a file passed max_file_bytes */
	int memory_capped;	/* stopped: its processes passed max_resident_bytes */
	long resident_kb;	/* the most its processes held together, as
				 * looked at (with max_resident_bytes only) */
	long resident_limit_kb;	/* max_resident_bytes, in kB */
	int stragglers;		/* processes still alive when it ended, killed */
	char error[256];
};

/* Makes this process a child subreaper that kills every process of the
 * runs under way, and what they left behind, on SIGINT, SIGTERM, SIGHUP
 * or SIGQUIT before it dies of the same signal; call once at start-up. */
void rl_runner_init(void);

/* Splits racelab in two; call first thing, before rl_runner_init(). The
 * process that was started stays behind as a guard and returns only in
 * the other, which goes on as racelab. The guard passes on the fatal
 * signals it is sent and, once racelab has ended however it ended (a
 * SIGKILL included, which no handler sees), kills whatever is left of
 * the runs (orphans come back to it: it is a subreaper too), removes its
 * private folder (rl_runner_tmp_root) and ends as racelab ended. Should
 * the guard itself be killed, racelab is sent SIGTERM and does the same.
 * When no guard can be made, racelab goes on without one. */
void rl_runner_guard(void);

/* The guard's private folder in $TMPDIR (mode 0700), where each run's
 * private folder is made so that nothing of it outlives racelab; NULL
 * without a guard. */
const char *rl_runner_tmp_root(void);

/* Notes a worker process (jobs.c) that a fatal signal first asks to end
 * (SIGTERM: it ends its own runs and removes its folders), on = 0 when
 * it has been reaped. */
void rl_runner_worker(pid_t pid, int on);

/* Names a private folder of racelab's (dir: one run's tool reports; NULL
 * or "": none) that a fatal signal to racelab removes, with what is in
 * it, before racelab dies of it. */
void rl_runner_private_dir(const char *dir);
/* Runs s; fills o. Returns 0 when the program ran (whatever its end),
 * -1 when it could not be started (o->error says why). */
int rl_run(const struct rl_spawn *s, struct rl_outcome *o);

/* Adds "NAME=VALUE" to s->env; formats like printf. */
void rl_spawn_setenv(struct rl_spawn *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends argv words. */
void rl_spawn_arg(struct rl_spawn *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void rl_spawn_free(struct rl_spawn *s);

const char *rl_how_name(enum rl_how how);

/* Seconds on the monotonic clock. */
double rl_now_s(void);

/* fn(elapsed) at every look of every run's wait in this process (about
 * every 5 ms): a command's progress line on a terminal. NULL: none. */
void rl_runner_on_tick(void (*fn)(double elapsed_s));

/* Removes path and everything below it, following no link. */
void rl_remove_tree(const char *path);

#endif
