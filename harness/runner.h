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
	/* Called about every tick while the program runs (the liveness oracle
	 * watches from here). RL_OBSERVE_STOP ends the run now, with SIGKILL
	 * to the group, as RL_STOPPED; RL_OBSERVE_BUSY goes on and asks for
	 * the next call later (the program is working: nothing to time);
	 * 0 goes on. */
	int (*observe)(pid_t pid, double elapsed_s, void *arg);
	void *observe_arg;
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
	int stragglers;		/* processes still alive when it ended, killed */
	char error[256];
};

/* Makes this process a child subreaper; call once at start-up. */
void rl_runner_init(void);

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

#endif
