/* runner_test.c - rl_run() against hostile programs (testdata/hostile/NAME.c,
 * built as //harness:hostile_NAME and found under harness/ in the runfiles
 * root, the working directory of a Bazel test).
 *
 * Each run is timed, and afterwards /proc must show nothing of it: no
 * process in its group and no child of this test, not even a zombie (the
 * runner promises the whole group "killed and reaped"). Time bounds are
 * loose enough for a loaded two-core machine.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runner.h"
#include "testutil.h"

#define HOSTILE "harness/hostile_"
#define SLOW_S 3.0	/* no run here may take longer, even on a busy machine */

static char dir[512];	/* where the runs' output goes */
static char out_path[1024], err_path[1024];	/* the current run's */

/* ---- helpers */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void make_dir(void)
{
	const char *tmp = getenv("TEST_TMPDIR");

	snprintf(dir, sizeof dir, "%s/runner_test.XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(2);
	}
}

/* The leader's pid, as the runner hands it to the observer. */
struct watch {
	pid_t pid;
	int calls, stop_after;	/* stop_after 0: never stop */
};

static int observe(pid_t pid, double elapsed_s, void *arg)
{
	struct watch *w = arg;

	(void)elapsed_s;
	w->pid = pid;
	w->calls++;
	return w->stop_after && w->calls >= w->stop_after;
}

/* A spawn of hostile program name, output to DIR/name.out and .err. */
static void setup(struct rl_spawn *s, struct watch *w, const char *name,
		  double timeout_s)
{
	memset(s, 0, sizeof *s);
	memset(w, 0, sizeof *w);
	rl_spawn_arg(s, HOSTILE "%s", name);
	snprintf(out_path, sizeof out_path, "%s/%s.out", dir, name);
	snprintf(err_path, sizeof err_path, "%s/%s.err", dir, name);
	s->stdout_path = out_path;
	s->stderr_path = err_path;
	s->timeout_s = timeout_s;
	s->term_grace_s = 0.2;
	s->max_output_bytes = 1 << 20;
	s->observe = observe;
	s->observe_arg = w;
}

/* rl_run, timed from outside. */
static int run(struct rl_spawn *s, struct rl_outcome *o, double *took)
{
	double start = now_s();
	int rc = rl_run(s, o);

	*took = now_s() - start;
	return rc;
}

/* One process from /proc/PID/stat: its state, parent and group. */
static int proc_stat(pid_t pid, char *state, pid_t *ppid, pid_t *pgrp)
{
	char path[64], buf[512], *p;
	FILE *f;
	int ok;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (!(f = fopen(path, "r")))
		return -1;
	p = fgets(buf, sizeof buf, f) ? strrchr(buf, ')') : NULL;
	fclose(f);
	ok = p && sscanf(p + 2, "%c %d %d", state, ppid, pgrp) == 3;
	return ok ? 0 : -1;
}

/* Processes still there (zombies too) that are in group pgid or children
 * of this test; lists them into desc. */
static int leftovers(pid_t pgid, char *desc, size_t len)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;
	size_t used = 0;

	desc[0] = '\0';
	while (d && (e = readdir(d))) {
		pid_t pid = atoi(e->d_name), ppid, pgrp;
		char state;

		if (pid <= 0 || pid == getpid() ||
		    proc_stat(pid, &state, &ppid, &pgrp) != 0)
			continue;
		if ((pgid > 0 && pgrp == pgid) || ppid == getpid()) {
			n++;
			if (used < len)
				used += snprintf(desc + used, len - used,
						 " pid %d state %c ppid %d pgrp %d;",
						 (int)pid, state, (int)ppid,
						 (int)pgrp);
		}
	}
	if (d)
		closedir(d);
	return n;
}

/* Nothing of the run may survive it. A SIGKILLed process can take a
 * moment to vanish, so this waits up to a second; a zombie never goes. */
static void check_nothing_left(pid_t pgid, const char *what)
{
	char desc[1024];
	double until = now_s() + 1.0;
	int n;
	struct timespec tick = { 0, 10 * 1000 * 1000 };

	while ((n = leftovers(pgid, desc, sizeof desc)) > 0 && now_s() < until)
		nanosleep(&tick, NULL);
	CHECK_INT(n, 0);
	if (n)
		fprintf(stderr, "  %s left behind:%s\n", what, desc);
}

static int gone(pid_t pid)
{
	char state;
	pid_t ppid, pgrp;

	return proc_stat(pid, &state, &ppid, &pgrp) != 0;
}

/* The pid a hostile program printed on its first line of stdout. */
static pid_t printed_pid(const struct rl_spawn *s)
{
	size_t len;
	char *text = rl_test_slurp(s->stdout_path, &len);
	pid_t pid = atoi(text);

	free(text);
	return pid;
}

static void finish(struct rl_spawn *s)
{
	rl_spawn_free(s);
}

/* ---- cases */

static void test_exit_code(void)
{
	struct rl_spawn s;
	struct rl_outcome o;
	struct watch w;
	double took;

	setup(&s, &w, "exit3", 5);
	CHECK_INT(run(&s, &o, &took), 0);
	CHECK_INT(o.how, RL_EXITED);
	CHECK_INT(o.exit_code, 3);
	CHECK_INT(o.signal, 0);
	CHECK_INT(o.output_capped, 0);
	CHECK_INT(o.stragglers, 0);
	CHECK(took < SLOW_S);
	CHECK_STR(rl_how_name(o.how), "exited");
	check_nothing_left(w.pid, "exit3");
	finish(&s);
}

static void test_signal(void)
{
	struct rl_spawn s;
	struct rl_outcome o;
	struct watch w;
	double took;

	setup(&s, &w, "segv", 5);
	CHECK_INT(run(&s, &o, &took), 0);
	CHECK_INT(o.how, RL_SIGNALED);
	CHECK_INT(o.signal, SIGSEGV);
	CHECK_INT(o.output_capped, 0);
	CHECK_INT(o.stragglers, 0);
	CHECK(took < SLOW_S);
	check_nothing_left(w.pid, "segv");
	finish(&s);
}

static void test_timeout(void)
{
	struct rl_spawn s;
	struct rl_outcome o;
	struct watch w;
	double took;

	setup(&s, &w, "hang", 0.5);
	CHECK_INT(run(&s, &o, &took), 0);
	CHECK_INT(o.how, RL_TIMED_OUT);
	CHECK_STR(rl_how_name(o.how), "timed-out");
	CHECK_INT(o.stragglers, 0);
	CHECK(o.duration_s >= 0.5);
	CHECK(took >= 0.5);
	CHECK(took < 2.0);
	CHECK(w.pid > 0);
	CHECK(gone(w.pid));
	check_nothing_left(w.pid, "hang");
	finish(&s);
}

/* SIGTERM ignored: SIGKILL after the grace period still ends it. */
static void test_ignores_sigterm(void)
{
	struct rl_spawn s;
	struct rl_outcome o;
	struct watch w;
	double took;

	setup(&s, &w, "ignore_term", 0.5);
	s.term_grace_s = 0.3;
	CHECK_INT(run(&s, &o, &took), 0);
	CHECK_INT(o.how, RL_TIMED_OUT);
	CHECK(took >= 0.5 + 0.3 - 0.05);	/* it did wait out the grace */
	CHECK(took < SLOW_S);
	CHECK(gone(w.pid));
	check_nothing_left(w.pid, "ignore_term");
	finish(&s);
}

/* A grandchild in a session of its own, orphaned when its parent exits:
 * the subreaper sweep must kill and reap it. */
static void test_setsid_grandchild(void)
{
	struct rl_spawn s;
	struct rl_outcome o;
	struct watch w;
	double took;
	pid_t grandchild;

	setup(&s, &w, "escape_setsid", 5);
	CHECK_INT(run(&s, &o, &took), 0);
	CHECK_INT(o.how, RL_EXITED);
	CHECK_INT(o.exit_code, 0);
	CHECK(o.stragglers > 0);
	CHECK(took < SLOW_S);
	grandchild = printed_pid(&s);
	CHECK(grandchild > 0);
	if (grandchild > 0) {
		CHECK(gone(grandchild));
		check_nothing_left(grandchild, "escape_setsid's grandchild");
	}
	check_nothing_left(w.pid, "escape_setsid");
	finish(&s);
}

/* A child that stays in the group while the leader hangs: the timeout
 * ends both, and the child, orphaned to this test, is reaped (once it
 * was left a zombie of the caller, for the next run to count). */
static void test_group_child_timeout(void)
{
	struct rl_spawn s;
	struct rl_outcome o;
	struct watch w;
	double took;
	pid_t child;

	setup(&s, &w, "group_child", 0.5);
	CHECK_INT(run(&s, &o, &took), 0);
	CHECK_INT(o.how, RL_TIMED_OUT);
	CHECK(took < SLOW_S);
	child = printed_pid(&s);
	CHECK(child > 0);
	CHECK(gone(w.pid));
	check_nothing_left(w.pid, "group_child (timed out)");
	if (child > 0)
		CHECK(gone(child));
	finish(&s);
}

/* The same child when the leader exits at once: still killed, reaped. */
static void test_group_child_exit(void)
{
	struct rl_spawn s;
	struct rl_outcome o;
	struct watch w;
	double took;
	pid_t child;

	setup(&s, &w, "group_child", 5);
	rl_spawn_arg(&s, "exit");
	CHECK_INT(run(&s, &o, &took), 0);
	CHECK_INT(o.how, RL_EXITED);
	CHECK_INT(o.exit_code, 0);
	CHECK(o.stragglers > 0);
	CHECK(took < SLOW_S);
	child = printed_pid(&s);
	CHECK(child > 0);
	check_nothing_left(w.pid, "group_child (leader exited)");
	if (child > 0)
		CHECK(gone(child));
	finish(&s);
}

static void test_output_cap(void)
{
	struct rl_spawn s;
	struct rl_outcome o;
	struct watch w;
	struct stat st;
	double took;
	unsigned long cap = 64 * 1024;

	setup(&s, &w, "flood", 5);
	s.max_output_bytes = cap;
	CHECK_INT(run(&s, &o, &took), 0);
	CHECK_INT(o.how, RL_STOPPED);
	CHECK_INT(o.signal, SIGKILL);
	CHECK_INT(o.output_capped, 1);
	CHECK_INT(o.file_capped, 0);
	/* nothing but the leader ran: no zombie of an earlier run counted */
	CHECK_INT(o.stragglers, 0);
	CHECK(took < SLOW_S);
	CHECK_INT(stat(s.stdout_path, &st), 0);
	CHECK(st.st_size > 0);
	CHECK((unsigned long)st.st_size <= cap);
	check_nothing_left(w.pid, "flood");
	finish(&s);
}

/* A file of the program's own is not output: a big one is written to its
 * end; only one past the file limit is stopped, and said to be. */
static void test_big_file(void)
{
	struct rl_spawn s;
	struct rl_outcome o;
	struct watch w;
	struct stat st;
	double took;
	char data[700];

	snprintf(data, sizeof data, "%s/big_file.data", dir);
	setup(&s, &w, "big_file", 5);
	rl_spawn_arg(&s, "%s", data);
	rl_spawn_arg(&s, "4");
	s.max_output_bytes = 64 * 1024;
	s.max_file_bytes = 8 << 20;
	CHECK_INT(run(&s, &o, &took), 0);
	CHECK_INT(o.how, RL_EXITED);
	CHECK_INT(o.exit_code, 0);
	CHECK_INT(o.output_capped, 0);
	CHECK_INT(o.file_capped, 0);
	CHECK(stat(data, &st) == 0 && st.st_size == 4 << 20);
	rl_spawn_free(&s);

	setup(&s, &w, "big_file", 5);
	rl_spawn_arg(&s, "%s", data);
	rl_spawn_arg(&s, "16");
	s.max_file_bytes = 8 << 20;
	CHECK_INT(run(&s, &o, &took), 0);
	CHECK_INT(o.how, RL_SIGNALED);
	CHECK_INT(o.signal, SIGXFSZ);
	CHECK_INT(o.file_capped, 1);
	CHECK_INT(o.output_capped, 0);
	unlink(data);
	finish(&s);
}

static void test_missing_program(void)
{
	struct rl_spawn s;
	struct rl_outcome o;
	struct watch w;
	double took;

	setup(&s, &w, "no_such_program", 5);
	CHECK_INT(run(&s, &o, &took), -1);
	CHECK_INT(o.how, RL_SPAWN_FAILED);
	CHECK(strstr(o.error, "hostile_no_such_program") != NULL);
	CHECK_INT(w.calls, 0);
	CHECK(took < SLOW_S);
	if (!strstr(o.error, "hostile_no_such_program"))
		fprintf(stderr, "  error: %s\n", o.error);
	check_nothing_left(0, "no_such_program");
	finish(&s);
}

/* The observer (the watchdog's seat) ends the run on its 3rd call. */
static void test_observer_stops(void)
{
	struct rl_spawn s;
	struct rl_outcome o;
	struct watch w;
	double took;

	setup(&s, &w, "hang", 5);
	w.stop_after = 3;
	CHECK_INT(run(&s, &o, &took), 0);
	CHECK_INT(o.how, RL_STOPPED);
	CHECK_STR(rl_how_name(o.how), "stopped");
	CHECK_INT(w.calls, 3);
	CHECK_INT(o.stragglers, 0);
	CHECK(took < 1.0);	/* three ticks, not the 5 s timeout */
	CHECK(gone(w.pid));
	check_nothing_left(w.pid, "hang (stopped)");
	finish(&s);
}

static void test_environment(void)
{
	struct rl_spawn s;
	struct rl_outcome o;
	struct watch w;
	double took;
	size_t len;
	char *out;

	setup(&s, &w, "echo_env", 5);
	rl_spawn_arg(&s, "first-arg");
	rl_spawn_setenv(&s, "RL_TEST_VALUE=%s-%d", "passed", 42);
	CHECK_INT(run(&s, &o, &took), 0);
	CHECK_INT(o.how, RL_EXITED);
	CHECK_INT(o.exit_code, 0);
	CHECK(took < SLOW_S);
	out = rl_test_slurp(s.stdout_path, &len);
	CHECK_STR(out, "value=passed-42 arg=first-arg\n");
	CHECK_INT(o.stragglers, 0);
	free(out);
	CHECK(getenv("RL_TEST_VALUE") == NULL);	/* set in the child only */
	check_nothing_left(w.pid, "echo_env");
	finish(&s);
}

/* Children the caller had before a run are not the run's: `bazel run`
 * execs a test after starting the `tee` that copies its output, and a
 * sweep that killed it ended racelab with SIGPIPE. One child of this test
 * is alive, one has ended unreaped: after a plain run and a run whose
 * orphan the sweep must kill, the first is still alive and ours, the
 * second is still ours to reap, with its own status; neither counted as
 * a straggler. */
/* Past its CPU limit a program gets SIGXCPU, which says why it ended, not
 * the SIGKILL alone that a hard limit equal to the soft one gave (an
 * explore fork server in CI was "signaled" with nothing more to say). */
static void test_cpu_limit(void)
{
	struct rl_spawn s;
	struct rl_outcome o;
	struct watch w;
	double took;

	setup(&s, &w, "spin", 10);
	s.max_cpu_s = 1;
	CHECK_INT(run(&s, &o, &took), 0);
	CHECK_INT(o.how, RL_SIGNALED);
	CHECK_INT(o.signal, SIGXCPU);
	CHECK(took < SLOW_S + 1);
	finish(&s);
	check_nothing_left(w.pid, "spin");
}

static void test_elder_children_survive(void)
{
	struct rl_spawn s;
	struct rl_outcome o;
	struct watch w;
	double took, until;
	pid_t alive, ended, ppid, pgrp, grandchild;
	char state = '?';
	int status = 0;
	struct timespec tick = { 0, 10 * 1000 * 1000 };

	if ((alive = fork()) == 0)
		for (;;)
			pause();
	if ((ended = fork()) == 0)
		_exit(7);
	CHECK(alive > 0 && ended > 0);
	if (alive <= 0 || ended <= 0)
		return;
	until = now_s() + SLOW_S;
	while ((proc_stat(ended, &state, &ppid, &pgrp) != 0 || state != 'Z') &&
	       now_s() < until)
		nanosleep(&tick, NULL);
	CHECK_INT(state, 'Z');

	setup(&s, &w, "exit3", 5);
	CHECK_INT(run(&s, &o, &took), 0);
	CHECK_INT(o.exit_code, 3);
	CHECK_INT(o.stragglers, 0);
	finish(&s);

	setup(&s, &w, "escape_setsid", 5);
	CHECK_INT(run(&s, &o, &took), 0);
	CHECK_INT(o.stragglers, 1);	/* the grandchild, and only it */
	grandchild = printed_pid(&s);
	CHECK(grandchild > 0 && gone(grandchild));
	finish(&s);

	CHECK_INT(proc_stat(alive, &state, &ppid, &pgrp), 0);
	CHECK(state != 'Z');
	CHECK_INT(ppid, getpid());
	CHECK_INT(waitpid(ended, &status, WNOHANG), ended);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);
	kill(alive, SIGKILL);
	CHECK_INT(waitpid(alive, &status, 0), alive);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	check_nothing_left(w.pid, "escape_setsid (beside elder children)");
}

/* A copy of racelab that fork() made (the check's Helgrind and DRD beside
 * the rest) and that is then stopped must leave the guard's folder to the
 * racelab it came from: once it removed it, and every later run of a
 * watch failed with "cannot create a private folder". The guard removes it
 * when racelab ends. */
static void test_stopped_copy_keeps_guard_folder(void)
{
	int fds[2], status = -1;
	char root[512] = "";
	ssize_t n;
	pid_t child;
	struct stat st;

	CHECK_INT(pipe(fds), 0);
	fflush(NULL);
	if ((child = fork()) == 0) {
		const char *mine;
		pid_t copy;
		int s = 0;

		close(fds[0]);
		rl_runner_guard();	/* from here on, the guarded racelab */
		mine = rl_runner_tmp_root();
		if (!mine)
			_exit(3);
		if (write(fds[1], mine, strlen(mine)) < 0)
			_exit(4);
		close(fds[1]);
		if ((copy = fork()) == 0) {
			rl_runner_init();
			raise(SIGTERM);
			_exit(5);
		}
		if (copy < 0 || waitpid(copy, &s, 0) != copy ||
		    !WIFSIGNALED(s) || WTERMSIG(s) != SIGTERM)
			_exit(6);
		_exit(stat(mine, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : 7);
	}
	close(fds[1]);
	CHECK(child > 0);
	n = read(fds[0], root, sizeof root - 1);
	close(fds[0]);
	root[n > 0 ? n : 0] = '\0';
	CHECK(root[0] != '\0');
	CHECK_INT(waitpid(child, &status, 0), child);
	/* 0: the folder was still there once the copy was stopped */
	CHECK(WIFEXITED(status));
	CHECK_INT(WEXITSTATUS(status), 0);
	/* and the guard removed it when racelab ended */
	CHECK(root[0] && stat(root, &st) != 0);
}

/* the end of every test: no child of its process is left, alive or
 * zombie */
static void nothing_left(void)
{
	char desc[1024];

	CHECK_INT(leftovers(0, desc, sizeof desc), 0);
	if (desc[0])
		fprintf(stderr, "  left at the end:%s\n", desc);
}

int main(void)
{
	static const struct rl_test tests[] = {
		RL_TEST(test_exit_code),
		RL_TEST(test_signal),
		RL_TEST(test_timeout),
		RL_TEST(test_ignores_sigterm),
		RL_TEST(test_setsid_grandchild),
		RL_TEST(test_group_child_timeout),
		RL_TEST(test_group_child_exit),
		RL_TEST(test_output_cap),
		RL_TEST(test_big_file),
		RL_TEST(test_missing_program),
		RL_TEST(test_observer_stops),
		RL_TEST(test_environment),
		RL_TEST(test_cpu_limit),
		RL_TEST(test_elder_children_survive),
		RL_TEST(test_stopped_copy_keeps_guard_folder),
	};

	/* each test is a process of its own: a subreaper each */
	rl_test_in_child = rl_runner_init;
	rl_test_at_end = nothing_left;
	make_dir();
	return RL_RUN_TESTS(tests);
}
