/* runner.c - one program, its own process group, nothing left behind. */
#define _GNU_SOURCE
#include "runner.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"
#include "output.h"

/* How often a run is looked at: every 5 ms, and every 50 ms while the
 * observer says the program is busy (its CPU time grows: no hang to
 * time, and the watchdog's reads of /proc cost the program's CPU). The end
 * of the leader wakes the runner at once (a pidfd), whatever the tick. */
#define TICK_NS (5 * 1000 * 1000)
#define BUSY_TICK_NS (50 * 1000 * 1000)

extern char **environ;

/* The leaders (and groups) of the runs under way: a run started while
 * another is watched (the watchdog's debugger) must not take the other for
 * an orphan, and a fatal signal kills them all. */
static volatile pid_t active[8];

/* A private folder of racelab's (a tool's reports) that a fatal signal
 * must not leave behind. */
static char doomed_dir[512];
static volatile sig_atomic_t doomed_set;

void rl_runner_private_dir(const char *dir)
{
	doomed_set = 0;
	if (dir && *dir && strlen(dir) < sizeof doomed_dir) {
		memcpy(doomed_dir, dir, strlen(dir) + 1);
		doomed_set = 1;
	}
}

/* Empties and removes doomed_dir with async-signal-safe calls only. */
static void remove_doomed_dir(void)
{
	char buf[4096];
	long n;
	int fd;

	if (!doomed_set)
		return;
	fd = open(doomed_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	while (fd >= 0 && (n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
		for (long at = 0; at < n;) {
			struct dirent64 *e = (struct dirent64 *)(buf + at);

			if (e->d_name[0] != '.' ||
			    (e->d_name[1] && (e->d_name[1] != '.' || e->d_name[2])))
				unlinkat(fd, e->d_name, 0);
			at += e->d_reclen;
		}
	if (fd >= 0)
		close(fd);
	rmdir(doomed_dir);
}

/* The children we had at start-up: whoever started racelab may have given
 * it some (`bazel run` starts the `tee` that copies a test's output, then
 * execs the test). They are not the runs': never killed, never reaped. */
static pid_t first_children[64];
static int nfirst_children;

/* Worker processes (jobs.c), each with runs of its own. */
static volatile pid_t workers[64];

/* The guard's private folder (rl_runner_guard), and the racelab process
 * it was made for: a copy of racelab that fork() made (the check's Helgrind
 * and DRD beside the rest) must not remove it when it is stopped. */
static char tmp_root[512];
static pid_t tmp_owner;

static void sleep_ms(long ms)
{
	struct timespec ts = { 0, ms * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

static int is_first_child(pid_t pid)
{
	for (int i = 0; i < nfirst_children; i++)
		if (first_children[i] == pid)
			return 1;
	return 0;
}

/* Calls each(pid) for every child of this (single-threaded) process
 * (/proc/thread-self/children), the first ones left out when skip_first;
 * async-signal-safe. Returns how many it called it for. */
static int each_child(void (*each)(pid_t), int skip_first)
{
	char buf[4096];
	long pid = -1;
	ssize_t n;
	int count = 0, fd = open("/proc/thread-self/children",
				 O_RDONLY | O_CLOEXEC);

	while (fd >= 0 && (n = read(fd, buf, sizeof buf)) > 0)
		for (ssize_t i = 0; i < n; i++) {	/* a number may go on
							 * in the next read */
			if (buf[i] >= '0' && buf[i] <= '9') {
				pid = (pid < 0 ? 0 : pid * 10) + buf[i] - '0';
				continue;
			}
			if (pid > 0 && !(skip_first && is_first_child((pid_t)pid))) {
				each((pid_t)pid);
				count++;
			}
			pid = -1;
		}
	if (pid > 0 && !(skip_first && is_first_child((pid_t)pid))) {
		each((pid_t)pid);
		count++;
	}
	if (fd >= 0)
		close(fd);
	return count;
}

/* SIGKILL to a child, to its group if it leads one, and reaped if dead. */
static void kill_child(pid_t pid)
{
	if (getpgid(pid) == pid)
		kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, WNOHANG | __WALL);
}

/* Kills every child but the first ones, and what each leaves behind
 * (orphans come back to us, a subreaper), until none is left or `seconds`
 * have passed; async-signal-safe. */
static void kill_children(double seconds)
{
	double until = rl_now_s() + seconds;

	while (each_child(kill_child, 1) > 0 && rl_now_s() < until)
		sleep_ms(1);
}

/* Asks each worker to end (SIGTERM: it ends its runs and removes its
 * folders) and waits for them, `seconds` at most; async-signal-safe. */
static void end_workers(double seconds)
{
	double until = rl_now_s() + seconds;
	int left = 1;

	for (size_t i = 0; i < sizeof workers / sizeof workers[0]; i++)
		if (workers[i] > 0)
			kill(workers[i], SIGTERM);
	while (left && rl_now_s() < until) {
		left = 0;
		for (size_t i = 0; i < sizeof workers / sizeof workers[0]; i++)
			if (workers[i] > 0 &&
			    waitpid(workers[i], NULL, WNOHANG) == 0)
				left = 1;
		if (left)
			sleep_ms(1);
	}
}

/* Ctrl-C, a hang-up or a kill: the programs under way die first, then
 * what they left behind, then racelab, of the same signal (what the
 * shell expects to see). */
static void on_fatal_signal(int sig)
{
	int saved = errno;

	for (size_t i = 0; i < sizeof active / sizeof active[0]; i++)
		if (active[i] > 0)
			kill(-active[i], SIGKILL);
	end_workers(5);
	kill_children(5);
	remove_doomed_dir();
	/* the guard's folder, once empty: the guard may be gone already;
	 * a forked copy of racelab leaves it to the racelab it came from */
	if (tmp_root[0] && getpid() == tmp_owner)
		rmdir(tmp_root);
	signal(sig, SIG_DFL);
	errno = saved;
	raise(sig);
}

static void note_first_child(pid_t pid)
{
	if (nfirst_children < (int)(sizeof first_children / sizeof first_children[0]))
		first_children[nfirst_children++] = pid;
}

static void note_first_children(void)
{
	nfirst_children = 0;
	each_child(note_first_child, 0);
}

void rl_runner_init(void)
{
	static const int fatal[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa;

	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	note_first_children();
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fatal_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
		struct sigaction old;

		/* a signal the caller ignores (nohup, a background job's
		 * SIGINT) stays ignored */
		if (sigaction(fatal[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(fatal[i], &sa, NULL);
	}
}

void rl_runner_worker(pid_t pid, int on)
{
	for (size_t i = 0; i < sizeof workers / sizeof workers[0]; i++)
		if (on ? workers[i] == 0 : workers[i] == pid) {
			workers[i] = on ? pid : 0;
			return;
		}
}

const char *rl_runner_tmp_root(void)
{
	return tmp_root[0] ? tmp_root : NULL;
}

static int remove_one(const char *path, const struct stat *st, int type,
		      struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void rl_remove_tree(const char *path)
{
	nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The guard's life, once racelab (pid) runs: pass on the fatal signals,
 * wait for racelab's end, then end what is left and die as it did. */
static void guard(pid_t racelab, const sigset_t *watched)
{
	int status = 0, sig;
	siginfo_t si;

	for (;;) {
		sig = sigwaitinfo(watched, &si);
		if (sig == SIGCHLD) {
			pid_t got = waitpid(racelab, &status, WNOHANG);

			if (got == racelab)
				break;
			if (got < 0 && errno == ECHILD)
				break;
			continue;
		}
		if (sig > 0)
			kill(racelab, sig);
	}
	kill_children(10);
	if (tmp_root[0])
		rl_remove_tree(tmp_root);
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
		/* the one end racelab cannot tell of itself (a SIGPIPE, a
		 * crash, a signal passed on: the shell or racelab says them) */
		fprintf(stderr,
			"racelab: racelab (pid %d) was killed by SIGKILL before it finished (a program it ran may have done it); its guard ended every process the runs had left.\n",
			(int)racelab);
	if (WIFSIGNALED(status)) {
		sigset_t one;

		signal(WTERMSIG(status), SIG_DFL);
		sigemptyset(&one);
		sigaddset(&one, WTERMSIG(status));
		sigprocmask(SIG_UNBLOCK, &one, NULL);
		raise(WTERMSIG(status));
	}
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}

void rl_runner_guard(void)
{
	static const int passed_on[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	const char *tmp = getenv("TMPDIR");
	sigset_t watched, old;
	pid_t self = getpid(), racelab;

	signal(SIGCHLD, SIG_DFL);	/* an ignored one would reap for us */
	note_first_children();
	snprintf(tmp_root, sizeof tmp_root, "%s/racelab-tool.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (strlen(tmp_root) >= sizeof tmp_root - 1 || !mkdtemp(tmp_root))
		tmp_root[0] = '\0';
	sigemptyset(&watched);
	sigaddset(&watched, SIGCHLD);
	for (size_t i = 0; i < sizeof passed_on / sizeof passed_on[0]; i++) {
		struct sigaction now;

		/* one the caller ignores stays ignored (nohup) */
		if (sigaction(passed_on[i], NULL, &now) == 0 &&
		    now.sa_handler != SIG_IGN)
			sigaddset(&watched, passed_on[i]);
	}
	fflush(NULL);
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	sigprocmask(SIG_BLOCK, &watched, &old);
	racelab = fork();
	if (racelab < 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
		if (tmp_root[0])
			rmdir(tmp_root);
		tmp_root[0] = '\0';
		return;	/* racelab goes on unguarded */
	}
	if (racelab > 0)
		guard(racelab, &watched);	/* never returns */
	/* Should the guard die, racelab ends its runs as on a kill. */
	prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
	tmp_owner = getpid();
	nfirst_children = 0;	/* the guard's, not ours */
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (getppid() != self)
		raise(SIGTERM);
}

static void (*tick_hook)(double elapsed_s);

void rl_runner_on_tick(void (*fn)(double elapsed_s))
{
	tick_hook = fn;
}

double rl_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void add_string(char **v, int max, char *s)
{
	int i = 0;

	while (i < max - 1 && v[i])
		i++;
	if (i == max - 1) {
		fprintf(stderr, "racelab: too many arguments for one run\n");
		abort();
	}
	v[i] = s;
}

static void add_formatted(char **v, int max, const char *fmt, va_list ap)
{
	char *str;

	if (vasprintf(&str, fmt, ap) < 0)
		abort();
	add_string(v, max, str);
}

void rl_spawn_setenv(struct rl_spawn *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_formatted(s->env, RL_MAX_ENV, fmt, ap);
	va_end(ap);
}

void rl_spawn_arg(struct rl_spawn *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_formatted(s->argv, RL_MAX_ARGS, fmt, ap);
	va_end(ap);
}

void rl_spawn_free(struct rl_spawn *s)
{
	for (int i = 0; s->argv[i]; i++)
		free(s->argv[i]);
	for (int i = 0; s->env[i]; i++)
		free(s->env[i]);
	memset(s->argv, 0, sizeof s->argv);
	memset(s->env, 0, sizeof s->env);
}

const char *rl_how_name(enum rl_how how)
{
	static const char *const names[] = {
		[RL_EXITED] = "exited",	       [RL_SIGNALED] = "signaled",
		[RL_TIMED_OUT] = "timed-out",  [RL_STOPPED] = "stopped",
		[RL_SPAWN_FAILED] = "not-started",
	};
	return names[how];
}

/* CPU seconds past the soft limit before the hard one: at the soft limit
 * the kernel sends SIGXCPU, which a program's end can be said by; at a
 * hard limit equal to it, SIGKILL alone. */
#define CPU_GRACE_S 5

static void set_limit(int resource, unsigned long value)
{
	struct rlimit r = { value, resource == RLIMIT_CPU && value ?
				   value + CPU_GRACE_S : value };

	if (value)
		setrlimit(resource, &r);
}

/* A run's output goes to a fresh file (output.h), never through a link
 * found at its place. */
static int redirect(int fd, const char *path)
{
	int f = rl_output_fd(path);

	if (f < 0)
		return -1;
	if (dup2(f, fd) < 0)
		return -1;
	close(f);
	return 0;
}

/* In the child: never returns. Reports a failed exec through errpipe. */
static void child(const struct rl_spawn *s, int errpipe, pid_t parent)
{
	int err;

	setpgid(0, 0);
	/* Should racelab itself die (a crash, a kill -9), take the program
	 * with it rather than leave it running. */
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (getppid() != parent)
		_exit(127);
	for (int i = 0; s->env[i]; i++)
		putenv(s->env[i]);
	set_limit(RLIMIT_FSIZE, s->max_file_bytes);
	set_limit(RLIMIT_AS, s->max_address_space);
	set_limit(RLIMIT_CPU, s->max_cpu_s);
	{
		struct rlimit nocore = { 0, 0 };	/* no core files */
		setrlimit(RLIMIT_CORE, &nocore);
	}
	signal(SIGPIPE, SIG_DFL);
	if (redirect(1, s->stdout_path) ||
	    (strcmp(s->stdout_path, s->stderr_path) ?
		     redirect(2, s->stderr_path) : dup2(1, 2) < 0))
		goto fail;
	/* Nothing of ours but 0, 1 and 2 (and the error pipe, closed by the
	 * exec): every pipe the program holds is then its own, which is how
	 * the watchdog knows that no one outside can write to it. */
	if (errpipe > 3)
		close_range(3, (unsigned)errpipe - 1, 0);
	close_range((unsigned)errpipe + 1, ~0u, 0);
	{
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0) {
			dup2(devnull, 0);
			close(devnull);
		}
	}
	if (s->cwd && chdir(s->cwd) != 0)
		goto fail;
	execvp(s->argv[0], s->argv);
fail:
	err = errno;
	if (write(errpipe, &err, sizeof err) < 0)
		_exit(127);
	_exit(127);
}


static int is_other_run(pid_t pid)
{
	pid_t pgid = getpgid(pid);

	for (size_t i = 0; i < sizeof active / sizeof active[0]; i++)
		if (active[i] && (active[i] == pid || active[i] == pgid))
			return 1;
	return 0;
}

static void set_active(pid_t pid, int on)
{
	for (size_t i = 0; i < sizeof active / sizeof active[0]; i++)
		if (on ? active[i] == 0 : active[i] == pid) {
			active[i] = on ? pid : 0;
			return;
		}
}

static void sleep_tick(void)
{
	struct timespec ts = { 0, TICK_NS };

	nanosleep(&ts, NULL);
}

/* Sleeps ns, or until the process pidfd refers to ends. */
static void wait_tick(int pidfd, long ns)
{
	struct timespec ts = { 0, ns };
	struct pollfd p = { pidfd, POLLIN, 0 };

	if (pidfd < 0 || ppoll(&p, 1, &ts, NULL) < 0)
		nanosleep(&ts, NULL);
}

/* Has the leader ended? Leaves it unreaped, so its pid (= the group id)
 * cannot be reused while the group is killed. */
static int leader_ended(pid_t pid)
{
	siginfo_t si;

	memset(&si, 0, sizeof si);
	if (waitid(P_PID, pid, &si, WEXITED | WNOHANG | WNOWAIT) != 0)
		return 1;
	return si.si_pid == pid;
}

/* The pids in a /proc/.../children file, up to max; how many. */
static int read_pids(const char *path, pid_t *out, int max)
{
	char buf[4096];
	long pid = -1;
	ssize_t got;
	int n = 0, fd = open(path, O_RDONLY | O_CLOEXEC);

	while (fd >= 0 && (got = read(fd, buf, sizeof buf)) > 0)
		for (ssize_t i = 0; i < got; i++) {	/* a number may go on
							 * in the next read */
			if (buf[i] >= '0' && buf[i] <= '9') {
				pid = (pid < 0 ? 0 : pid * 10) + buf[i] - '0';
				continue;
			}
			if (pid > 0 && n < max)
				out[n++] = (pid_t)pid;
			pid = -1;
		}
	if (pid > 0 && n < max)
		out[n++] = (pid_t)pid;
	if (fd >= 0)
		close(fd);
	return n;
}

/* The children we had before a run started: whoever started racelab may
 * have given it some (`bazel run` starts the `tee` that copies a test's
 * output, then execs the test), and the caller may have its own. None is
 * the program's: the sweep neither kills nor reaps them, and as it never
 * reaps one, no process of the run can be given its pid. Read from our
 * own children file, not from a walk over /proc: a run's cost must not
 * grow with the machine's processes (2.5 ms a walk with 80 of them). */
struct elders {
	pid_t pid[256];
	int n;
};

static void note_elders(struct elders *el)
{
	el->n = read_pids("/proc/thread-self/children", el->pid, 256);
}

static int is_elder(const struct elders *el, pid_t pid)
{
	for (int i = 0; i < el->n; i++)
		if (el->pid[i] == pid)
			return 1;
	return 0;
}

/* Adds pid's descendants to tree[] (depth first, up to max), reading
 * each thread's children file; how many there are now. */
static int descendants(pid_t pid, pid_t *tree, int n, int max, int depth)
{
	char path[64];
	pid_t kids[256];
	struct dirent *e;
	DIR *d;

	if (depth > 32)
		return n;
	snprintf(path, sizeof path, "/proc/%d/task", pid);
	if (!(d = opendir(path)))
		return n;
	while ((e = readdir(d)) && n < max) {
		pid_t tid = atoi(e->d_name);
		int k;

		if (tid <= 0)
			continue;
		snprintf(path, sizeof path, "/proc/%d/task/%d/children", pid, tid);
		k = read_pids(path, kids, 256);
		for (int i = 0; i < k && n < max; i++) {
			tree[n++] = kids[i];
			n = descendants(kids[i], tree, n, max, depth + 1);
		}
	}
	closedir(d);
	return n;
}

/* One look: kills every child of ours that the run started (neither an
 * elder nor another run's) and everything below it, and reaps the
 * children. Once the leader is dead, every process of the run is one of
 * those: the group's members and whatever left the group (setsid) come
 * back to us, a subreaper, as their parents die. Adds newly seen pids to
 * seen[], and sets *killed when it killed any. Returns how many of those
 * were not its children: their parents die too, then they are ours. */
static int sweep(pid_t pgid, const struct elders *el, pid_t *seen,
		 int *nseen, int max, int *killed)
{
	pid_t kids[256], tree[1024];
	int nkids = read_pids("/proc/thread-self/children", kids, 256);
	int left = 0;

	for (int i = 0; i < nkids; i++) {
		pid_t pid = kids[i];
		int n;

		if (pid == pgid || is_elder(el, pid) || is_other_run(pid))
			continue;
		tree[0] = pid;
		n = descendants(pid, tree, 1, 1024, 0);
		for (int j = 0; j < n; j++) {
			int known = 0;

			for (int k = 0; k < *nseen; k++)
				known |= seen[k] == tree[j];
			if (!known && *nseen < max)
				seen[(*nseen)++] = tree[j];
			kill(tree[j], SIGKILL);
		}
		waitpid(pid, NULL, __WALL);	/* ours: reap it */
		left += n - 1;
		*killed = 1;
	}
	return left;
}

/* Kills what is left of the group, then anything that escaped it and came
 * back to us as an orphan, and reaps them all; the leader is left for the
 * caller to reap. Returns how many processes besides the leader were
 * still there. */
static int kill_everything(pid_t pgid, const struct elders *el)
{
	pid_t seen[256];
	int nseen = 0;
	double until = rl_now_s() + 2;
	siginfo_t si;

	kill(-pgid, SIGKILL);
	/* once the leader is dead its children are reparented to us */
	waitid(P_PID, pgid, &si, WEXITED | WNOWAIT);
	/* until a look finds nothing: a child forked just before its
	 * parent's death is seen by the next one */
	for (;;) {
		int killed = 0;
		int others = sweep(pgid, el, seen, &nseen, 256, &killed);

		if (!killed || rl_now_s() >= until)
			break;
		if (others)
			sleep_tick();
	}
	return nseen;
}

/* How often the memory of a run is looked at, and how many of its
 * processes at most (a fork bomb's are not all counted: the time limit
 * and RLIMIT_NPROC's absence are its own matter). */
#define MEMORY_LOOK_S 0.05
#define MEMORY_MAX_PROCESSES 4096

/* The resident memory (kB) of pid and of its descendants, found through
 * /proc/PID/task/TID/children; *budget bounds the processes read. */
static long resident_kb(pid_t pid, int depth, int *budget)
{
	static long page_kb;
	char path[64], buf[4096], *p, *end;
	long kb = 0, pages;
	struct dirent *e;
	DIR *d;

	if (depth > 32 || --*budget < 0)
		return 0;
	if (!page_kb)
		page_kb = sysconf(_SC_PAGESIZE) / 1024;
	snprintf(path, sizeof path, "/proc/%d/statm", pid);
	if (rl_read_small(path, buf, sizeof buf) == 0 &&
	    sscanf(buf, "%*lu %ld", &pages) == 1 && pages > 0)
		kb = pages * page_kb;
	snprintf(path, sizeof path, "/proc/%d/task", pid);
	if (!(d = opendir(path)))
		return kb;
	while ((e = readdir(d)) && *budget > 0) {
		pid_t tid = atoi(e->d_name);

		if (tid <= 0)
			continue;
		snprintf(path, sizeof path, "/proc/%d/task/%d/children", pid, tid);
		if (rl_read_small(path, buf, sizeof buf) != 0)
			continue;
		for (p = buf;; p = end) {
			long child = strtol(p, &end, 10);

			if (end == p || child <= 0)
				break;
			kb += resident_kb((pid_t)child, depth + 1, budget);
		}
	}
	closedir(d);
	return kb;
}

/* What one run's processes hold in memory together: the leader's tree,
 * and the orphans it left to us (but another run's processes or the
 * elders). Shared pages count once per process: an upper bound. */
static const struct elders *orphans_of;
static pid_t orphans_leader;
static long orphans_kb;
static int orphans_budget;

static void add_orphan(pid_t pid)
{
	if (pid != orphans_leader && !is_elder(orphans_of, pid) &&
	    !is_other_run(pid))
		orphans_kb += resident_kb(pid, 0, &orphans_budget);
}

static long run_resident_kb(pid_t leader, const struct elders *el)
{
	orphans_of = el;
	orphans_leader = leader;
	orphans_budget = MEMORY_MAX_PROCESSES;
	orphans_kb = resident_kb(leader, 0, &orphans_budget);
	each_child(add_orphan, 1);
	return orphans_kb;
}

static long file_size(const char *path)
{
	struct stat st;

	return path && stat(path, &st) == 0 ? (long)st.st_size : 0;
}

/* Has the program written more than the cap to stdout or stderr? */
static int over_cap(const struct rl_spawn *s)
{
	return s->max_output_bytes &&
	       (file_size(s->stdout_path) > (long)s->max_output_bytes ||
		file_size(s->stderr_path) > (long)s->max_output_bytes);
}

/* What is kept of a flood: the first max_output_bytes of each file. */
static void cut_back(const struct rl_spawn *s)
{
	const char *paths[] = { s->stdout_path, s->stderr_path };

	for (int i = 0; i < 2; i++)
		if (paths[i] && file_size(paths[i]) > (long)s->max_output_bytes)
			if (truncate(paths[i], (off_t)s->max_output_bytes) != 0)
				continue;
}

static void terminate(pid_t pid, double grace_s)
{
	double until = rl_now_s() + grace_s;

	kill(-pid, SIGTERM);
	while (rl_now_s() < until && !leader_ended(pid))
		sleep_tick();
}

static void reap(pid_t pid, const struct elders *el, struct rl_outcome *o,
		 int ended_by_us)
{
	struct rusage ru;
	int status = 0;

	set_active(pid, 0);
	o->stragglers = kill_everything(pid, el);
	if (wait4(pid, &status, 0, &ru) == pid)
		o->max_rss_kb = ru.ru_maxrss;
	/* what it returned, also when racelab ended it (then how stays
	 * timed-out or stopped: a status it was given, not one it chose) */
	if (WIFEXITED(status)) {
		o->exit_code = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status)) {
		o->signal = WTERMSIG(status);
		o->file_capped = !ended_by_us && o->signal == SIGXFSZ;
	}
	if (ended_by_us)
		return;
	o->how = WIFSIGNALED(status) ? RL_SIGNALED : RL_EXITED;
}

int rl_run(const struct rl_spawn *s, struct rl_outcome *o)
{
	int errpipe[2], child_err = 0;
	double start = rl_now_s(), elapsed;
	pid_t pid;
	struct elders elders;
	int pidfd, seen;
	double next_memory_look = 0;

	pid_t parent = getpid();

	memset(o, 0, sizeof *o);
	note_elders(&elders);
	if (pipe2(errpipe, O_CLOEXEC) < 0) {
		snprintf(o->error, sizeof o->error, "pipe: %s", strerror(errno));
		o->how = RL_SPAWN_FAILED;
		return -1;
	}
	pid = fork();
	if (pid == 0)
		child(s, errpipe[1], parent);
	close(errpipe[1]);
	if (pid < 0 || read(errpipe[0], &child_err, sizeof child_err) > 0) {
		int e = pid < 0 ? errno : child_err;
		close(errpipe[0]);
		if (pid > 0)
			reap(pid, &elders, o, 1);
		o->how = RL_SPAWN_FAILED;
		snprintf(o->error, sizeof o->error, "cannot start %s: %s",
			 s->argv[0], strerror(e));
		return -1;
	}
	close(errpipe[0]);
	setpgid(pid, pid);	/* both sides set it: no window without it */
	set_active(pid, 1);
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	for (;;) {
		elapsed = rl_now_s() - start;
		if (leader_ended(pid)) {
			reap(pid, &elders, o, 0);
			break;
		}
		if (elapsed >= s->timeout_s) {
			o->how = RL_TIMED_OUT;
			terminate(pid, s->term_grace_s);
			reap(pid, &elders, o, 1);
			break;
		}
		if (over_cap(s)) {
			o->how = RL_STOPPED;
			o->output_capped = 1;
			reap(pid, &elders, o, 1);
			cut_back(s);
			break;
		}
		if (s->max_resident_bytes && elapsed >= next_memory_look) {
			long kb = run_resident_kb(pid, &elders);

			next_memory_look = elapsed + MEMORY_LOOK_S;
			if (kb > o->resident_kb)
				o->resident_kb = kb;
			if ((unsigned long)kb > s->max_resident_bytes / 1024) {
				o->how = RL_STOPPED;
				o->memory_capped = 1;
				o->resident_limit_kb =
					(long)(s->max_resident_bytes / 1024);
				reap(pid, &elders, o, 1);
				break;
			}
		}
		seen = s->observe ? s->observe(pid, elapsed, s->observe_arg) : 0;
		if (seen == RL_OBSERVE_STOP) {
			/* SIGKILL at once: a SIGTERM would make Valgrind report
			 * the locks still held at exit, an artefact of racelab
			 * ending the run, not something the tool saw. */
			o->how = RL_STOPPED;
			reap(pid, &elders, o, 1);
			break;
		}
		if (tick_hook)
			tick_hook(elapsed);
		wait_tick(pidfd, seen == RL_OBSERVE_BUSY ? BUSY_TICK_NS : TICK_NS);
	}
	if (pidfd >= 0)
		close(pidfd);
	o->duration_s = rl_now_s() - start;
	return 0;
}
