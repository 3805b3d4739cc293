/* watchdog.c - see watchdog.h. */
#define _GNU_SOURCE
#include "watchdog.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <sys/prctl.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "case/racelab_shm.h"
#include "runner.h"
#include "util.h"

#define MAX_THREADS 256
#define MAX_FDS 64		/* watched by one poll/select/epoll */
#define MAX_DEBUGGED 8		/* processes whose stacks a hang gets */
#define DEBUGGER_S 5		/* the longest a debugger may take */

/* What one thread is doing, as far as a hang is concerned. */
enum state {
	T_RUNNING,	/* on a CPU, or spending CPU */
	T_WAITING,	/* asleep, but something will (or may) wake it: a
			 * timeout, the world outside the program, a signal */
	T_STUCK,	/* asleep until another thread or process of the
			 * program wakes it: a mutex, a join, an untimed
			 * condition/semaphore/barrier wait, a pipe whose other
			 * end only the program holds, a child */
	T_IGNORED,	/* a zombie, or a tool's helper: not the program */
};

struct thread {
	pid_t pid, tid;
	char state;		/* R, S, D, T, t, Z from /proc */
	unsigned long long cpu_ns;
	long syscall;		/* -1: not in a syscall, -2: running */
	unsigned long arg[6], pc;
	char name[16];
	/* what the watchdog makes of it */
	enum state is;
	char waits_in[120];	/* "poll() with a 1000 ms timeout" */
	/* the wait-for graph, for T_STUCK threads */
	int waits_for;		/* index of the thread it waits for, or -1 */
	pid_t owner;		/* owner tid read from the lock, or 0 */
	int owner_elsewhere;	/* that tid lives, in another process: the
				 * lock is a copy fork() made */
	const char *what;	/* "mutex", "thread exit", ... */
};

struct sample {
	struct thread t[MAX_THREADS];
	int n;
	pid_t helper_parent[MAX_THREADS];	/* processes with a tool's
						 * helper as a child */
	int nhelper_parents;
};

/* The target of the link /proc/PID/NAME ("exe", "fd/3") into buf,
 * NUL-terminated; 0, or -1 when it cannot be read. */
static int proc_link(pid_t pid, const char *name, char *buf, size_t len)
{
	char path[300];
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%d/%s", pid, name);
	if ((n = readlink(path, buf, len - 1)) <= 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

static void read_thread(struct thread *t)
{
	char path[96], buf[512], *p;

	snprintf(path, sizeof path, "/proc/%d/task/%d/schedstat", t->pid, t->tid);
	if (rl_read_small(path, buf, sizeof buf) == 0)
		t->cpu_ns = strtoull(buf, NULL, 10);
	snprintf(path, sizeof path, "/proc/%d/task/%d/stat", t->pid, t->tid);
	if (rl_read_small(path, buf, sizeof buf) == 0 && (p = strrchr(buf, ')')))
		t->state = p[2];
	snprintf(path, sizeof path, "/proc/%d/task/%d/comm", t->pid, t->tid);
	if (rl_read_small(path, t->name, sizeof t->name) == 0)
		t->name[strcspn(t->name, "\n")] = '\0';
	t->syscall = -2;
	snprintf(path, sizeof path, "/proc/%d/task/%d/syscall", t->pid, t->tid);
	if (rl_read_small(path, buf, sizeof buf) == 0 && strncmp(buf, "running", 7)) {
		t->syscall = strtol(buf, &p, 10);
		for (int i = 0; i < 6; i++)
			t->arg[i] = strtoul(p, &p, 16);
		strtoul(p, &p, 16);	/* the stack pointer */
		t->pc = strtoul(p, &p, 16);
	}
}

/* A process that is a tool's helper, not the program: TSan's symbolizer. */
static int is_helper_process(pid_t pid)
{
	char exe[512];
	const char *base;

	if (proc_link(pid, "exe", exe, sizeof exe) != 0)
		return 0;
	base = strrchr(exe, '/') ? strrchr(exe, '/') + 1 : exe;
	return strncmp(base, "llvm-symbolizer", 15) == 0 ||
	       strcmp(base, "addr2line") == 0;
}

/* The threads of pid and of all its descendants, tool helpers left out
 * (their parents noted: a wait for such a child ends on its own). */
static void collect(pid_t pid, pid_t parent, struct sample *s, int depth)
{
	char path[64], buf[4096];
	struct dirent *e;
	DIR *d;

	if (depth > 0 && is_helper_process(pid)) {
		if (s->nhelper_parents < MAX_THREADS)
			s->helper_parent[s->nhelper_parents++] = parent;
		return;
	}
	snprintf(path, sizeof path, "/proc/%d/task", pid);
	if (!(d = opendir(path)))
		return;
	while ((e = readdir(d)) && s->n < MAX_THREADS) {
		pid_t tid = atoi(e->d_name);
		char *p, *end;

		if (tid <= 0)
			continue;
		memset(&s->t[s->n], 0, sizeof s->t[s->n]);
		s->t[s->n].pid = pid;
		s->t[s->n].tid = tid;
		s->t[s->n].waits_for = -1;
		read_thread(&s->t[s->n++]);
		snprintf(buf, sizeof buf, "/proc/%d/task/%d/children", pid, tid);
		if (depth < 8 && rl_read_small(buf, buf, sizeof buf) == 0)
			for (p = buf; *p; p = end) {
				long child = strtol(p, &end, 10);
				if (end == p)
					break;
				collect((pid_t)child, pid, s, depth + 1);
			}
	}
	closedir(d);
}

/* Has pid a child that is a tool's helper (which racelab does not watch,
 * and which ends on its own)? */
static int has_helper_child(const struct sample *s, pid_t pid)
{
	for (int i = 0; i < s->nhelper_parents; i++)
		if (s->helper_parent[i] == pid)
			return 1;
	return 0;
}

/* ---- the page shared with the program ---- */

/* The largest thread id Linux gives (PID_MAX_LIMIT on 64 bits). */
#define MAX_TID 4194304u

static int all_zero(const void *p, size_t len)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < len; i++)
		if (b[i])
			return 0;
	return 1;
}

/* Checks a fresh copy of the page, as racelab.h writes it. Returns 1 when
 * it holds, 0 when the program never used it (all zero), -1 when it is
 * damaged, said in why. Non-printable bytes of a name become '?'. */
static int check_page(struct rl_shm *p, double run_s, char *why, size_t len)
{
	/* nothing the program measured can exceed the time since the page
	 * was made: a wait, or one count a nanosecond */
	uint64_t limit = (uint64_t)((run_s + 1) * 1e9);
	uint32_t n;

	if (p->magic == 0 && all_zero(p, sizeof *p))
		return 0;
	if (p->magic != RL_SHM_MAGIC) {
		snprintf(why, len, "its magic number is 0x%08x, not racelab's 0x%08x",
			 p->magic, RL_SHM_MAGIC);
		return -1;
	}
	if (p->uses_progress > 1) {
		snprintf(why, len, "its progress flag is %u, not 0 or 1",
			 p->uses_progress);
		return -1;
	}
	/* nslots counts every claim, also those past the last slot (a
	 * program with more threads than slots): only the slots are read */
	n = p->nslots < RL_SHM_SLOTS ? p->nslots : RL_SHM_SLOTS;
	for (uint32_t i = 0; i < n; i++) {
		struct rl_shm_slot *sl = &p->slot[i];

		if (sl->tid > MAX_TID) {
			snprintf(why, len, "slot %u holds thread id %llu, which no thread has",
				 i, (unsigned long long)sl->tid);
			return -1;
		}
		if (!memchr(sl->name, '\0', sizeof sl->name)) {
			snprintf(why, len, "slot %u holds a name of more than %zu bytes",
				 i, sizeof sl->name - 1);
			return -1;
		}
		if (sl->max_wait_ns > limit || sl->total_wait_ns > limit) {
			snprintf(why, len, "slot %u says its thread waited %.0f ms, longer than the run (%.0f ms)",
				 i, (sl->max_wait_ns > sl->total_wait_ns ?
					     sl->max_wait_ns : sl->total_wait_ns) / 1e6,
				 run_s * 1e3);
			return -1;
		}
		if (sl->progress > limit || sl->waits > limit) {
			snprintf(why, len, "slot %u counts %llu %s in a run of %.0f ms",
				 i, (unsigned long long)(sl->progress > limit ?
								 sl->progress : sl->waits),
				 sl->progress > limit ? "steps of progress" : "waits",
				 run_s * 1e3);
			return -1;
		}
		for (char *c = sl->name; *c; c++)
			if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7e)
				*c = '?';
	}
	return 1;
}

/* A fresh copy of the page into o->page, checked: sets o->page_ok, and
 * o->shm_damage the first time the page is found damaged (then it is not
 * read again: a damaged page says nothing). */
static void read_page(struct rl_watchdog *o)
{
	struct rl_shm *p = o->page;
	ssize_t n;
	char why[160];

	o->page_ok = 0;
	if (!p || o->shm_damage[0])
		return;
	n = pread(o->shm_fd, p, sizeof *p, 0);
	if (n < 0)
		snprintf(why, sizeof why, "it cannot be read (%s)", strerror(errno));
	else if ((size_t)n < sizeof *p)
		snprintf(why, sizeof why, "it was cut to %zd bytes, less than the %zu racelab reads",
			 n, sizeof *p);
	else if ((o->page_ok = check_page(p, rl_now_s() - o->shm_made_s, why,
					  sizeof why)) >= 0)
		return;
	o->page_ok = 0;
	snprintf(o->shm_damage, sizeof o->shm_damage, "%s", why);
}

/* The checked copy, or NULL. */
static const struct rl_shm *page_of(const struct rl_watchdog *o)
{
	return o->page_ok ? o->page : NULL;
}

/* The name a thread gave itself (rl_thread_name), from the last copy. */
static const char *slot_name(const struct rl_watchdog *o, pid_t tid)
{
	const struct rl_shm *shm = page_of(o);

	for (uint32_t i = 0; shm && i < shm->nslots && i < RL_SHM_SLOTS; i++)
		if (shm->slot[i].tid == (uint64_t)tid && shm->slot[i].name[0])
			return shm->slot[i].name;
	return NULL;
}

static int read_mem(pid_t pid, unsigned long addr, void *buf, size_t len)
{
	char path[64];
	int fd;
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%d/mem", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = pread(fd, buf, len, (off_t)addr);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

static int find_tid(const struct sample *s, pid_t pid, pid_t tid)
{
	for (int i = 0; i < s->n; i++)
		if (s->t[i].tid == tid && (pid == 0 || s->t[i].pid == pid))
			return i;
	return -1;
}

/* ---- tool helpers among the threads ---- */

/* Is pc in the TSan runtime: the executable (clang links it in) or
 * libtsan (gcc)? The program's own sleeps go through the C library. */
static int pc_in_tsan_runtime(pid_t pid, unsigned long pc)
{
	char path[64], exe[512], line[1024];
	int hit = 0;
	FILE *f;

	if (proc_link(pid, "exe", exe, sizeof exe) != 0)
		return 0;
	snprintf(path, sizeof path, "/proc/%d/maps", pid);
	if (!(f = fopen(path, "re")))
		return 0;
	while (!hit && fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		char *file = strchr(line, '/');

		if (sscanf(line, "%lx-%lx", &lo, &hi) != 2 || pc < lo ||
		    pc >= hi)
			continue;
		if (file)
			file[strcspn(file, "\n")] = '\0';
		hit = file && (strcmp(file, exe) == 0 || strstr(file, "libtsan"));
		break;
	}
	fclose(f);
	return hit;
}

/* A tool's thread (TSan's background thread), once seen. */
static int is_helper(const struct rl_watchdog *o, pid_t tid)
{
	for (int i = 0; i < o->nhelpers; i++)
		if (o->helpers[i] == tid)
			return 1;
	return 0;
}

/* TSan's background thread sleeps in nanosleep() from its runtime for the
 * whole run. TSan starts it just before the program's first thread, so it
 * is the oldest thread after main; a program thread can sleep inside the
 * runtime too (while a report is written), and is not a helper. Once
 * seen, the helper is left out for good. */
static int is_helper_thread(struct rl_watchdog *o, const struct sample *s,
			    const struct thread *t)
{
	if (is_helper(o, t->tid))
		return 1;
	if (!o->tsan_runtime || o->nhelpers >= RL_WATCHDOG_HELPERS ||
	    (t->syscall != SYS_nanosleep && t->syscall != SYS_clock_nanosleep))
		return 0;
	for (int i = 0; i < s->n; i++)
		if (s->t[i].pid == t->pid && s->t[i].tid != t->pid &&
		    s->t[i].tid < t->tid)
			return 0;	/* an older thread: not the first */
	if (t->tid == t->pid || !pc_in_tsan_runtime(t->pid, t->pc))
		return 0;
	o->helpers[o->nhelpers++] = t->tid;
	return 1;
}

/* ---- naming threads as the other detectors do ---- */

static void remember(struct rl_watchdog *o, pid_t pid, pid_t tid)
{
	for (int i = o->nseen - 1; i >= 0; i--)
		if (o->seen_tid[i] == tid && o->seen_pid[i] == pid)
			return;
	if (o->nseen < RL_WATCHDOG_SEEN) {
		o->seen_pid[o->nseen] = pid;
		o->seen_tid[o->nseen++] = tid;
	}
}

/* A thread's place in its process: 0 for main, 1 for the first thread
 * it created, and so on; -1 when it was never seen. A thread that ended
 * between two looks is not counted, so a program that starts and ends
 * threads faster than the watchdog looks may get lower numbers than TSan
 * gives; a tool's helper thread is not the program's. */
static int thread_number(const struct rl_watchdog *o, pid_t pid, pid_t tid)
{
	int n = 1, seen = 0;

	if (tid == pid)
		return 0;
	for (int i = 0; i < o->nseen; i++) {
		if (o->seen_pid[i] != pid)
			continue;
		if (o->seen_tid[i] == tid)
			seen = 1;
		else if (o->seen_tid[i] != pid && o->seen_tid[i] < tid &&
			 !is_helper(o, o->seen_tid[i]))
			n++;
	}
	return seen ? n : -1;
}

/* "main", "thread 2", "thread 1 of process 4242" (a process the program
 * forked), or the kernel's id when the watchdog never saw the thread. */
static void thread_words(const struct rl_watchdog *o, pid_t pid, pid_t tid,
			 char *buf, size_t len)
{
	int n = thread_number(o, pid, tid);
	char of[32] = "";

	if (n < 0) {
		snprintf(buf, len, "kernel thread %d", tid);
		return;
	}
	if (o->root && pid != o->root)
		snprintf(of, sizeof of, " of process %d", pid);
	rl_thread_words(n, buf, len);
	snprintf(buf + strlen(buf), len - strlen(buf), "%s", of);
}

/* The process that holds thread tid, among those seen; 0 if none. */
static pid_t process_of(const struct rl_watchdog *o, pid_t tid)
{
	for (int i = 0; i < o->nseen; i++)
		if (o->seen_tid[i] == tid)
			return o->seen_pid[i];
	return 0;
}

/* ---- what a thread waits for ---- */

/* The connected peer of a unix socket, from the kernel's socket
 * diagnostics (NETLINK_SOCK_DIAG, UDIAG_SHOW_PEER): its inode, or 0. */
static unsigned long unix_peer(unsigned long inode)
{
	struct {
		struct nlmsghdr nlh;
		struct unix_diag_req req;
	} q = { 0 };
	union {
		struct nlmsghdr nlh;
		char buf[8192];
	} r;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	unsigned long peer = 0;
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	ssize_t n;

	if (fd < 0)
		return 0;
	q.nlh.nlmsg_len = sizeof q;
	q.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	q.nlh.nlmsg_flags = NLM_F_REQUEST;
	q.req.sdiag_family = AF_UNIX;
	q.req.udiag_ino = (unsigned)inode;
	q.req.udiag_states = ~0u;
	q.req.udiag_show = UDIAG_SHOW_PEER;
	q.req.udiag_cookie[0] = q.req.udiag_cookie[1] = ~0u;	/* no cookie */
	if (sendto(fd, &q, sizeof q, 0, (struct sockaddr *)&kernel,
		   sizeof kernel) == (ssize_t)sizeof q &&
	    (n = recv(fd, r.buf, sizeof r.buf, 0)) > 0 &&
	    NLMSG_OK(&r.nlh, (size_t)n) &&
	    r.nlh.nlmsg_type == SOCK_DIAG_BY_FAMILY) {
		struct unix_diag_msg *m = NLMSG_DATA(&r.nlh);
		struct rtattr *at = (struct rtattr *)(m + 1);
		int left = (int)r.nlh.nlmsg_len - NLMSG_LENGTH(sizeof *m);

		for (; RTA_OK(at, left); at = RTA_NEXT(at, left))
			if (at->rta_type == UNIX_DIAG_PEER &&
			    RTA_PAYLOAD(at) >= sizeof(uint32_t))
				peer = *(uint32_t *)RTA_DATA(at);
	}
	close(fd);
	return peer;
}

/* What fd is, from /proc/PID/fd/FD: writes into want the link that the
 * other end carries ("pipe:[123]" for a pipe, "socket:[456]" for a unix
 * socket's connected peer) and returns 1; returns 0 for anything else
 * (a file, a terminal, a socket to elsewhere), said in *other. */
static int other_end(pid_t pid, int fd, char *want, size_t wlen, char *other,
		     size_t len)
{
	char name[32], link[256];
	unsigned long peer;

	snprintf(name, sizeof name, "fd/%d", fd);
	if (proc_link(pid, name, link, sizeof link) != 0) {
		snprintf(other, len, "fd %d", fd);
		return 0;
	}
	if (strncmp(link, "pipe:[", 6) == 0) {
		snprintf(want, wlen, "%s", link);
		snprintf(other, len, "a pipe");
		return 1;
	}
	if (strncmp(link, "socket:[", 8) == 0 &&
	    (peer = unix_peer(strtoul(link + 8, NULL, 10)))) {
		snprintf(want, wlen, "socket:[%lu]", peer);
		snprintf(other, len, "a socket");
		return 1;
	}
	snprintf(other, len, "fd %d (%s)", fd,
		 strncmp(link, "socket:", 7) == 0 ? "a socket" : link);
	return 0;
}

/* Which thread of the program holds the other end (link want; for a
 * pipe, the write end when the waiter reads, the read end when it
 * writes): the index of the first thread of a holding process, preferring
 * another process; -1 when no process of the program holds it. */
static int holder(const struct sample *s, pid_t self, const char *want,
		  int want_write_end)
{
	int found = -1, is_pipe = strncmp(want, "pipe:", 5) == 0;

	for (int i = 0; i < s->n; i++) {
		char path[64], link[64], info[256];
		struct dirent *e;
		DIR *d;

		if (i > 0 && s->t[i - 1].pid == s->t[i].pid)
			continue;	/* one look per process */
		if (found >= 0 && s->t[i].pid == self)
			continue;
		snprintf(path, sizeof path, "/proc/%d/fd", s->t[i].pid);
		if (!(d = opendir(path)))
			continue;
		while ((e = readdir(d))) {
			char fdpath[128], *flags;

			snprintf(fdpath, sizeof fdpath, "fd/%s", e->d_name);
			if (proc_link(s->t[i].pid, fdpath, link, sizeof link) != 0 ||
			    strcmp(link, want) != 0)
				continue;
			snprintf(fdpath, sizeof fdpath, "/proc/%d/fdinfo/%s",
				 s->t[i].pid, e->d_name);
			if (is_pipe &&
			    (rl_read_small(fdpath, info, sizeof info) != 0 ||
			     !(flags = strstr(info, "flags:")) ||
			     ((strtoul(flags + 6, NULL, 8) & 3) != 0) != want_write_end))
				continue;
			found = i;
			break;
		}
		closedir(d);
		if (found >= 0 && s->t[found].pid != self)
			return found;
	}
	return found;
}

/* Is fd a pipe or unix socket whose other end the program holds? Sets
 * waits_for to that end's process when it is another one (an edge of the
 * wait-for graph). */
static int fd_is_inner(const struct sample *s, struct thread *t, int fd,
		       int writing, char *other, size_t len)
{
	char want[64];
	int peer;

	if (!other_end(t->pid, fd, want, sizeof want, other, len))
		return 0;
	if ((peer = holder(s, t->pid, want, !writing)) < 0) {
		snprintf(other, len, "a %s (fd %d) whose other end is outside the program",
			 want[0] == 'p' ? "pipe" : "socket", fd);
		return 0;
	}
	if (s->t[peer].pid != t->pid)
		t->waits_for = peer;
	return 1;
}

/* poll(), ppoll(): are all the fds pipes or sockets within the program? */
static int poll_is_inner(const struct sample *s, struct thread *t,
			 char *other, size_t len)
{
	struct pollfd fds[MAX_FDS];
	unsigned long n = t->arg[1];

	if (n == 0 || n > MAX_FDS ||
	    read_mem(t->pid, t->arg[0], fds, n * sizeof fds[0]) != 0) {
		snprintf(other, len, "%lu file descriptors", n);
		return 0;
	}
	for (unsigned long i = 0; i < n; i++)
		if (fds[i].fd >= 0 &&
		    !fd_is_inner(s, t, fds[i].fd, !(fds[i].events & POLLIN),
				 other, len))
			return 0;
	return 1;
}

/* select(), pselect6(): likewise, from the fd sets. */
static int select_is_inner(const struct sample *s, struct thread *t,
			   char *other, size_t len)
{
	unsigned long nfds = t->arg[0];
	int any = 0;

	if (nfds > FD_SETSIZE)
		return 0;
	for (int set = 0; set < 3; set++) {
		fd_set fs;

		if (!t->arg[1 + set])
			continue;
		if (read_mem(t->pid, t->arg[1 + set], &fs,
			     (nfds + 7) / 8) != 0)
			return 0;
		for (unsigned long fd = 0; fd < nfds; fd++) {
			if (!FD_ISSET(fd, &fs))
				continue;
			any = 1;
			if (set == 2 || !fd_is_inner(s, t, (int)fd, set == 1,
						     other, len))
				return 0;
		}
	}
	if (!any)
		snprintf(other, len, "no file descriptor");
	return any;
}

/* epoll_wait(): the epoll fd's watched fds are in its fdinfo. */
static int epoll_is_inner(const struct sample *s, struct thread *t,
			  char *other, size_t len)
{
	char path[64], info[4096], *p;
	int any = 0;

	snprintf(path, sizeof path, "/proc/%d/fdinfo/%d", t->pid, (int)t->arg[0]);
	if (rl_read_small(path, info, sizeof info) != 0)
		return 0;
	for (p = info; (p = strstr(p, "tfd:")); p += 4) {
		int fd = atoi(p + 4);
		char *ev = strstr(p, "events:");
		unsigned long events = ev ? strtoul(ev + 7, NULL, 16) : 1;

		any = 1;
		if (!fd_is_inner(s, t, fd, !(events & POLLIN), other, len))
			return 0;
	}
	if (!any)
		snprintf(other, len, "an empty epoll set");
	return any;
}

/* A glibc mutex keeps its lock word first and its owner's tid 8 bytes on;
 * pthread_join waits on the joined thread's tid word, which holds that
 * tid. Anything else (condition variable, semaphore, barrier) has no
 * owner to name. */
static void futex_owner(struct sample *s, struct thread *t)
{
	int word[3];

	if (read_mem(t->pid, t->arg[0], word, sizeof word) != 0) {
		t->what = "a futex";
	} else if (find_tid(s, t->pid, word[0]) >= 0) {
		t->what = "thread exit";
		t->owner = word[0];
		t->waits_for = find_tid(s, t->pid, word[0]);
	} else if ((word[0] == 1 || word[0] == 2) && word[2] > 0) {
		/* A private futex (FUTEX_PRIVATE_FLAG) is a lock of this
		 * process only: an owner with that tid in another process (the
		 * parent, after fork) holds its own copy, not this one. A
		 * process-shared mutex can be held from any process. */
		int shared = !(t->arg[1] & 128);
		t->what = "mutex";
		t->owner = word[2];
		t->waits_for = find_tid(s, shared ? 0 : t->pid, word[2]);
		t->owner_elsewhere = !shared && find_tid(s, 0, word[2]) >= 0;
	} else {
		t->what = "a condition, semaphore or barrier";
	}
}

/* The futex operations that sleep (FUTEX_WAIT 0, LOCK_PI 6, WAIT_BITSET
 * 9, WAIT_REQUEUE_PI 11, LOCK_PI2 13); their timeout is argument 4. */
static int futex_sleeps(unsigned long op)
{
	op &= 127;
	return op == 0 || op == 6 || op == 9 || op == 11 || op == 13;
}

/* Sets t->is (and t->waits_in, t->what): will something outside the
 * program's own blocked threads wake it? Read from the system call and
 * its arguments, never guessed from the number alone. */
static void classify(struct sample *s, struct thread *t)
{
	char other[160] = "";
	unsigned long *a = t->arg;
	int timed = 0, inner = 0;
	const char *call = NULL;

	t->waits_for = -1;
	t->owner = 0;
	t->owner_elsewhere = 0;
	t->what = NULL;
	t->waits_in[0] = '\0';
	if (t->state == 'Z' || t->state == 'X') {
		t->is = T_IGNORED;
		return;
	}
	if (t->state == 'R' || t->syscall == -2) {
		t->is = T_RUNNING;
		return;
	}
	t->is = T_WAITING;
	if (t->state == 'D') {
		snprintf(t->waits_in, sizeof t->waits_in, "disk I/O (system call %ld)",
			 t->syscall);
		return;
	}
	if (t->state == 'T' || t->state == 't') {
		snprintf(t->waits_in, sizeof t->waits_in, "a stop (SIGSTOP or a debugger)");
		return;
	}
	switch (t->syscall) {
	case SYS_futex:
		if (!futex_sleeps(a[1])) {
			call = "futex()";
			break;
		}
		if (a[3]) {
			snprintf(t->waits_in, sizeof t->waits_in,
				 "a timed wait (futex with a timeout)");
			return;
		}
		futex_owner(s, t);
		t->is = T_STUCK;
		return;
	case SYS_wait4:
	case SYS_waitid:
		if (has_helper_child(s, t->pid)) {
			snprintf(t->waits_in, sizeof t->waits_in,
				 "wait4() on a tool's helper process");
			return;
		}
		t->what = "a child process";
		t->is = T_STUCK;
		return;
	case SYS_read:
	case SYS_readv:
	case SYS_pread64:
	case SYS_recvfrom:
	case SYS_recvmsg:
	case SYS_write:
	case SYS_writev:
	case SYS_pwrite64:
	case SYS_sendto:
	case SYS_sendmsg: {
		int writing = t->syscall == SYS_write || t->syscall == SYS_writev ||
			      t->syscall == SYS_pwrite64 ||
			      t->syscall == SYS_sendto || t->syscall == SYS_sendmsg;
		if (fd_is_inner(s, t, (int)a[0], writing, other, sizeof other)) {
			snprintf(t->waits_in, sizeof t->waits_in, "%s (fd %d) to be %s",
				 other, (int)a[0],
				 writing ? "read: it is full" : "written");
			t->what = t->waits_in;
			t->is = T_STUCK;
			return;
		}
		snprintf(t->waits_in, sizeof t->waits_in, "%s() on %s",
			 writing ? "write" : "read", other);
		return;
	}
	case SYS_poll:
		timed = (int)a[2] >= 0;
		inner = !timed && poll_is_inner(s, t, other, sizeof other);
		call = "poll()";
		break;
	case SYS_ppoll:
		timed = a[2] != 0;
		inner = !timed && poll_is_inner(s, t, other, sizeof other);
		call = "ppoll()";
		break;
	case SYS_select:
	case SYS_pselect6:
		timed = a[4] != 0;
		inner = !timed && select_is_inner(s, t, other, sizeof other);
		call = "select()";
		break;
	case SYS_epoll_wait:
	case SYS_epoll_pwait:
		timed = (int)a[3] >= 0;
		inner = !timed && epoll_is_inner(s, t, other, sizeof other);
		call = "epoll_wait()";
		break;
	case SYS_nanosleep:
	case SYS_clock_nanosleep:
		snprintf(t->waits_in, sizeof t->waits_in, "a sleep (%s)",
			 t->syscall == SYS_nanosleep ? "nanosleep" : "clock_nanosleep");
		return;
	case SYS_rt_sigtimedwait:
		snprintf(t->waits_in, sizeof t->waits_in, "%s",
			 a[2] ? "sigtimedwait() with a timeout" :
				"sigwait(): a signal, which may come from outside");
		return;
	case SYS_pause:
	case SYS_rt_sigsuspend:
		snprintf(t->waits_in, sizeof t->waits_in,
			 "a signal (pause/sigsuspend), which may come from outside");
		return;
	default:
		break;
	}
	if (inner) {
		t->what = "pipes or sockets to be read or written";
		t->is = T_STUCK;
		return;
	}
	if (timed)
		snprintf(t->waits_in, sizeof t->waits_in, "%s with a timeout", call);
	else if (call && other[0])
		snprintf(t->waits_in, sizeof t->waits_in, "%s on %s", call, other);
	else if (call)
		snprintf(t->waits_in, sizeof t->waits_in, "%s", call);
	else if (t->syscall < 0)
		snprintf(t->waits_in, sizeof t->waits_in, "no system call (state %c)",
			 t->state);
	else
		snprintf(t->waits_in, sizeof t->waits_in, "system call %ld",
			 t->syscall);
}

/* Index of a thread on a cycle of the wait-for graph, or -1. */
static int cycle_member(const struct sample *s)
{
	for (int i = 0; i < s->n; i++) {
		int slow = i, fast = i;
		while (fast >= 0 && s->t[fast].waits_for >= 0) {
			slow = s->t[slow].waits_for;
			fast = s->t[s->t[fast].waits_for].waits_for;
			if (fast >= 0 && slow == fast)
				return slow;
		}
	}
	return -1;
}

static void describe_thread(const struct rl_watchdog *o, const struct sample *s,
			    const struct thread *t, char *buf, size_t len)
{
	const char *name = slot_name(o, t->tid);
	char who[64], owner[64];
	int n;

	thread_words(o, t->pid, t->tid, who, sizeof who);
	n = snprintf(buf, len, "%s%s%.16s%s waits for %s", who,
		     name ? " (" : "", name ? name : "", name ? ")" : "",
		     t->what ? t->what : "?");
	if (t->syscall == SYS_futex && n > 0 && (size_t)n < len)
		n += snprintf(buf + n, len - n, " at 0x%lx", t->arg[0]);
	if (t->owner && n > 0 && (size_t)n < len) {
		pid_t where = process_of(o, t->owner);

		thread_words(o, where ? where : t->pid, t->owner, owner,
			     sizeof owner);
		snprintf(buf + n, len - n, " %s %s",
			 strcmp(t->what, "mutex") == 0 ? "held by" : "of",
			 owner);
	} else if (t->waits_for >= 0 && !t->owner && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - n, " (the other end: process %d)",
			 s->t[t->waits_for].pid);
}

/* ---- stacks from a debugger ---- */

/* gdb's "thread apply all bt": which block belongs to which tid. */
static pid_t gdb_thread_tid(const char *line)
{
	const char *p = strstr(line, "(LWP ");

	if (p)
		return atoi(p + 5);
	p = strstr(line, "(Thread ");	/* vgdb: "Thread 2 (Thread 1234)" */
	return p ? atoi(p + 8) : 0;
}

/* The last occurrence of needle in s, or NULL. */
static const char *last_of(const char *s, const char *needle)
{
	const char *hit = NULL;

	for (const char *p = s; (p = strstr(p, needle)); p++)
		hit = p;
	return hit;
}

/* "#3  0x... in transfer (from=...) at cases/x.c:31". The location is the
 * last " at ": an argument may print "<error: ... at address 0x80>". */
static void gdb_frame(struct rl_stack *st, const char *line)
{
	const char *fn = strstr(line, " in "), *at = last_of(line, " at ");
	char func[128] = "", file[512] = "";
	int lineno = 0;

	if (fn)
		fn += 4;
	else if ((fn = strchr(line, ' ')))
		while (*fn == ' ')
			fn++;
	if (fn)
		sscanf(fn, "%127[^ (]", func);
	if (at) {
		const char *colon = strrchr(at, ':');
		if (colon && colon > at + 4) {
			snprintf(file, sizeof file, "%.*s", (int)(colon - at - 4), at + 4);
			lineno = atoi(colon + 1);
		}
	}
	rl_stack_add_frame(st, func[0] ? func : NULL, file[0] ? file : NULL,
			   lineno);
}

/* gdb prints a static lock's address with its symbol, "0x10c020
 * <alice+16>": put that name into the labels that give the address. */
static void name_addresses(FILE *f, struct rl_stack **stacks, int n)
{
	char line[1024];

	while (fgets(line, sizeof line, f)) {
		for (int i = 0; i < n; i++) {
			char *label = stacks[i]->label, *at, *hit, *end, *named;
			char addr[40];

			if (!label || !(at = strstr(label, " at 0x")) ||
			    strchr(label, '<'))
				continue;
			snprintf(addr, sizeof addr, "%.*s <", (int)strcspn(at + 4, " "),
				 at + 4);
			if (!(hit = strstr(line, addr)) ||
			    !(end = strchr(hit + strlen(addr), '>')))
				continue;
			if (asprintf(&named, "%.*s <%.*s>%s",
				     (int)(at + 4 + strlen(addr) - 2 - label), label,
				     (int)(end - hit - strlen(addr)),
				     hit + strlen(addr),
				     at + 4 + strlen(addr) - 2) < 0)
				continue;
			free(stacks[i]->label);
			stacks[i]->label = named;
		}
	}
}

/* Where the debugger's output for pid goes. */
static void stacks_path(const struct rl_watchdog *o, pid_t pid, char *path,
			size_t len)
{
	snprintf(path, len, "%s/watchdog-stacks.%d.txt", o->dir, pid);
}

/* Runs the debugger on pid: "thread apply all bt" into its file. */
static void debugger_run(const struct rl_watchdog *o, pid_t pid)
{
	struct rl_spawn s = { 0 };
	struct rl_outcome out;
	char path[700];

	stacks_path(o, pid, path, sizeof path);
	rl_spawn_arg(&s, "gdb");
	rl_spawn_arg(&s, "-batch");
	rl_spawn_arg(&s, "-nx");
	rl_spawn_arg(&s, "-ex");
	rl_spawn_arg(&s, "set pagination off");
	if (o->attach == RL_ATTACH_VGDB) {
		rl_spawn_arg(&s, "-ex");
		rl_spawn_arg(&s, "target remote | vgdb --pid=%d --vgdb-prefix=%s",
			     pid, o->vgdb_prefix);
	} else {
		rl_spawn_arg(&s, "-p");
		rl_spawn_arg(&s, "%d", pid);
	}
	rl_spawn_arg(&s, "-ex");
	rl_spawn_arg(&s, "thread apply all bt");
	s.stdout_path = path;
	s.stderr_path = "/dev/null";
	s.timeout_s = DEBUGGER_S;
	s.term_grace_s = 0.2;
	s.max_output_bytes = 1 << 20;
	rl_run(&s, &out);
	rl_spawn_free(&s);
}

/* Runs the debugger on every one of pids at once (each attach freezes
 * its process for 0.3-0.5 s; one after another, a hang across processes
 * took a second per pair), each from a helper process of racelab's that
 * dies with it; waits for them all. */
static void debuggers_run(const struct rl_watchdog *o, const pid_t *pids, int n)
{
	pid_t helper[MAX_DEBUGGED];
	int k = 0;

	for (int i = 1; i < n; i++) {
		pid_t h = fork();

		if (h == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
			debugger_run(o, pids[i]);
			_exit(0);
		}
		if (h > 0)
			helper[k++] = h;
		else
			debugger_run(o, pids[i]);	/* no fork: in turn */
	}
	if (n > 0)
		debugger_run(o, pids[0]);
	for (int i = 0; i < k; i++)
		while (waitpid(helper[i], NULL, 0) < 0 && errno == EINTR)
			;
}

/* Reads pid's debugger output into the stacks of its threads. */
static void debugger_read(const struct rl_watchdog *o, pid_t pid,
			  struct rl_stack **stacks, const pid_t *tids, int n)
{
	char path[700], line[1024];
	struct rl_stack *cur = NULL;
	FILE *f;

	stacks_path(o, pid, path, sizeof path);
	if (!(f = fopen(path, "re")))
		return;
	name_addresses(f, stacks, n);
	rewind(f);
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, "Thread ", 7) == 0) {
			pid_t tid = gdb_thread_tid(line);
			cur = NULL;
			for (int i = 0; i < n; i++)
				if (tids[i] == tid)
					cur = stacks[i];
		} else if (cur && line[0] == '#') {
			line[strcspn(line, "\n")] = '\0';
			gdb_frame(cur, line);
		}
	}
	fclose(f);
}

/* Appends where in the program the thread waits: " (it waits in
 * transfer(), cases/x.c:34)", the innermost frame in the program's
 * source. */
static void say_where(const struct rl_watchdog *o, struct rl_stack *st)
{
	const struct rl_frame *fr;
	char *more, at[32];

	if (!o->source_suffix ||
	    !(fr = rl_stack_frame_in(st, o->source_suffix)))
		return;
	if (asprintf(&more, "%s (it waits in %s(), %s%s)", st->label,
		     fr->function ? fr->function : "?", o->source_suffix,
		     rl_line_text(fr->line, at, sizeof at)) < 0)
		return;
	free(st->label);
	st->label = more;
}

/* The stacks' labels joined: "a; b; c". */
static void join_labels(const struct rl_finding *f, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < f->nstacks && n < len; i++)
		n += snprintf(buf + n, len - n, "%s%s", i ? "; " : "",
			      f->stacks[i].label);
}

/* The finding for a hang: the threads of the cycle (or every stuck
 * thread), each a stack labelled with what it waits for, its frames from
 * the debugger; the headline is written last, from the named labels. */
static void explain_hang(struct rl_watchdog *o, struct sample *s)
{
	struct rl_finding *f;
	struct rl_stack *stacks[MAX_THREADS];
	pid_t tids[MAX_THREADS], pids[MAX_THREADS];
	char labels[1024], head[1200], one[256];
	pid_t debugged[MAX_DEBUGGED];
	int start, k = 0, gone = -1, ndebugged = 0;

	for (int i = 0; i < s->n; i++) {
		if (s->t[i].is != T_STUCK)
			continue;
		/* a futex the tool's runtime waits on is the tool's */
		if (o->tsan_runtime && s->t[i].syscall == SYS_futex &&
		    pc_in_tsan_runtime(s->t[i].pid, s->t[i].pc)) {
			s->t[i].what = "a lock inside ThreadSanitizer's runtime";
			s->t[i].owner = 0;
			s->t[i].waits_for = -1;
		}
		if (s->t[i].owner && s->t[i].waits_for < 0 && gone < 0 &&
		    strcmp(s->t[i].what, "mutex") == 0)
			gone = i;
	}
	start = cycle_member(s);
	if (start >= 0 || gone >= 0)
		f = rl_findings_add(&o->findings, o->tool, "deadlock",
				    RL_CAT_DEADLOCK);
	else
		f = rl_findings_add(&o->findings, o->tool, "lost wakeup",
				    RL_CAT_LOST_WAKEUP);
	for (int i = start >= 0 ? start : gone >= 0 ? gone : 0;
	     i >= 0 && i < s->n && k < MAX_THREADS;) {
		if (s->t[i].is == T_STUCK) {
			describe_thread(o, s, &s->t[i], one, sizeof one);
			rl_finding_add_stack(f, one,
					     thread_number(o, s->t[i].pid,
							   s->t[i].tid));
			tids[k] = s->t[i].tid;
			pids[k++] = s->t[i].pid;
		}
		if (start >= 0)
			i = s->t[i].waits_for == start ? -1 : s->t[i].waits_for;
		else if (gone >= 0)
			i = -1;
		else
			i++;
	}
	/* now that no more stacks are added, their addresses hold; one
	 * debugger per process (a forked child is a process of its own), all
	 * at once, for the first MAX_DEBUGGED processes: a hang of hundreds
	 * of processes is explained within the run's time limit */
	for (int i = 0; i < k; i++)
		stacks[i] = &f->stacks[i];
	for (int i = 0; i < k; i++) {
		int first = 1;
		for (int j = 0; j < i; j++)
			first &= pids[j] != pids[i];
		if (first && ndebugged < MAX_DEBUGGED)
			debugged[ndebugged++] = pids[i];
	}
	debuggers_run(o, debugged, ndebugged);
	for (int i = 0; i < ndebugged; i++)
		debugger_read(o, debugged[i], stacks, tids, k);
	for (int i = 0; i < k; i++)
		say_where(o, &f->stacks[i]);
	join_labels(f, labels, sizeof labels);
	if (start >= 0)
		snprintf(head, sizeof head, "deadlock: %s", labels);
	else if (gone >= 0)
		snprintf(head, sizeof head,
			 "deadlock: %s, which is not alive in this process: %s",
			 labels, s->t[gone].owner_elsewhere ?
				 "fork() copied the lock while another thread held it" :
				 "its owner exited holding it");
	else
		snprintf(head, sizeof head,
			 "every thread is blocked and none holds what another waits for: %s",
			 labels);
	f->headline = rl_xstrdup(head);
}

static void explain_spin(struct rl_watchdog *o, const struct sample *s,
			 double spun_s, unsigned long long cpu_ns)
{
	struct rl_finding *f = rl_findings_add(&o->findings, o->tool,
					       "livelock", RL_CAT_LIVELOCK);
	char head[512];
	int busy = 0, n = 0;

	for (int i = 0; i < s->n; i++) {
		n += s->t[i].is != T_IGNORED;
		busy += s->t[i].is == T_RUNNING;
	}
	snprintf(head, sizeof head,
		 "livelock: %.0f ms of CPU over %.0f ms and no progress marked (%d of %d threads running at the last look)",
		 cpu_ns / 1e6, spun_s * 1e3, busy, n);
	f->headline = rl_xstrdup(head);
}

/* A program with no progress marks whose threads keep failing
 * pthread_mutex_trylock() (and let go, and try again: the polite back-off
 * that never ends) while none succeeds: a livelock, once it lasts
 * TRY_WINDOWS spin windows with CPU spent. At least two threads must
 * fail: one thread spinning on a lock another holds is busy waiting, not
 * yet a livelock. What it cannot tell: two threads spinning on a lock
 * that a third holds across a long sleep. */
#define TRY_WINDOWS 2.5
#define TRY_MIN_FAILED 100

_Static_assert(RL_SHM_SLOTS == 64, "watchdog.h: slot_tries_at has 64 slots");

static int explain_tries(struct rl_watchdog *o, const struct rl_shm *shm,
			 double elapsed, unsigned long long cpu)
{
	unsigned long long failed = 0, won = 0;
	uint32_t n = shm->nslots < RL_SHM_SLOTS ? shm->nslots : RL_SHM_SLOTS;
	int failing = 0;
	double window = o->spin_s * TRY_WINDOWS;
	struct rl_finding *f;
	char head[512];

	for (uint32_t i = 0; i < n; i++) {
		failed += shm->slot[i].tries_failed;
		won += shm->slot[i].tries_won;
	}
	if (o->try_since < 0 || won != o->won_at || failed < o->tries_at) {
		o->try_since = elapsed;
		o->tries_at = failed;
		o->won_at = won;
		o->cpu_at_try = cpu;
		for (uint32_t i = 0; i < RL_SHM_SLOTS; i++)
			o->slot_tries_at[i] = i < n ? shm->slot[i].tries_failed : 0;
		return 0;
	}
	if (elapsed - o->try_since < window ||
	    failed - o->tries_at < TRY_MIN_FAILED || cpu <= o->cpu_at_try ||
	    cpu - o->cpu_at_try <= (unsigned long long)(window * 0.25e9))
		return 0;
	for (uint32_t i = 0; i < n; i++)
		failing += shm->slot[i].tries_failed > o->slot_tries_at[i];
	if (failing < 2)
		return 0;
	f = rl_findings_add(&o->findings, o->tool, "livelock", RL_CAT_LIVELOCK);
	snprintf(head, sizeof head,
		 "livelock: %d threads keep taking a lock and letting it go when pthread_mutex_trylock() finds the next one taken, and none gets past (%llu tries failed in %.1f s, none succeeded)",
		 failing, failed - o->tries_at, elapsed - o->try_since);
	f->headline = rl_xstrdup(head);
	o->onset_s = o->try_since;
	return 1;
}

/* ---- the observer ---- */

/* One look at every thread: their CPU (tool helpers and zombies left
 * out), and whether any is running. */
static unsigned long long look(struct rl_watchdog *o, struct sample *s,
			       int *running)
{
	unsigned long long sum = 0;

	*running = 0;
	for (int i = 0; i < s->n; i++) {
		struct thread *t = &s->t[i];

		if (t->state == 'Z' || t->state == 'X' || is_helper_thread(o, s, t)) {
			t->is = T_IGNORED;
			continue;
		}
		t->is = t->state == 'R' || t->syscall == -2 ? T_RUNNING :
							      T_WAITING;
		*running |= t->is == T_RUNNING;
		sum += t->cpu_ns;
	}
	return sum;
}

/* When process pid runs an executable other than the program's (it
 * exec'd it), ", in EXE, which the program exec'd in its own place" into
 * buf; else "". */
static void exec_note(const struct rl_watchdog *o, pid_t pid, char *buf,
		      size_t len)
{
	char path[64], exe[1024];
	ssize_t n;

	buf[0] = '\0';
	snprintf(path, sizeof path, "/proc/%d/exe", pid);
	if (!o->program[0] || (n = readlink(path, exe, sizeof exe - 1)) <= 0)
		return;
	exe[n] = '\0';
	if (strcmp(exe, o->program) == 0 ||
	    (o->attach == RL_ATTACH_VGDB && strstr(exe, "/valgrind/")))
		return;
	snprintf(buf, len, ", in %s, which the program exec'd in its own place",
		 exe);
}

/* Nothing runs: is every thread stuck (a hang, once it lasts), or is one
 * of them waiting for something that will come? Says which in o->waiting. */
static int all_stuck(struct rl_watchdog *o, struct sample *s)
{
	char note[200], who[64];
	int stuck = 0;

	for (int i = 0; i < s->n; i++) {
		struct thread *t = &s->t[i];
		const char *name;

		if (t->is == T_IGNORED)
			continue;
		classify(s, t);
		if (t->is == T_STUCK) {
			stuck++;
			continue;
		}
		name = slot_name(o, t->tid);
		exec_note(o, t->pid, note, sizeof note);
		thread_words(o, t->pid, t->tid, who, sizeof who);
		snprintf(o->waiting, sizeof o->waiting, "%s (%.16s) in %s%s",
			 who, name ? name : t->name, t->waits_in, note);
		return 0;
	}
	return stuck > 0;
}

int rl_watchdog_observe(pid_t pid, double elapsed, void *arg)
{
	struct rl_watchdog *o = arg;
	const struct rl_shm *shm;
	static struct sample s;
	double t0 = rl_now_s();
	unsigned long long cpu;
	int running, stuck = 0;

	read_page(o);
	shm = page_of(o);
	s.n = 0;
	s.nhelper_parents = 0;
	collect(pid, 0, &s, 0);
	if (s.n == 0)
		return 0;	/* gone, or a zombie: the runner will see */
	o->root = pid;
	for (int i = 0; i < s.n; i++)
		remember(o, s.t[i].pid, s.t[i].tid);
	cpu = look(o, &s, &running);
	o->busy = o->samples > 0 && cpu != o->last_cpu;
	if (running)
		o->waiting[0] = '\0';
	else if (o->samples > 0 && cpu == o->last_cpu)
		stuck = all_stuck(o, &s);
	if (!stuck)
		o->still_since = -1;
	else if (o->still_since < 0)
		o->still_since = elapsed;
	o->samples++;
	o->last_cpu = cpu;

	if (o->still_since >= 0 && elapsed - o->still_since >= o->still_s) {
		o->onset_s = o->still_since;
		explain_hang(o, &s);
		o->decided_s = elapsed + (rl_now_s() - t0);	/* stacks included */
		o->stopped = 1;
		return RL_OBSERVE_STOP;
	}
	if (shm && shm->uses_progress) {
		if (shm->progress != o->last_progress || o->progress_since < 0) {
			o->last_progress = shm->progress;
			o->progress_since = elapsed;
			o->cpu_at_progress = cpu;
		} else if (elapsed - o->progress_since >= o->spin_s &&
			   cpu > o->cpu_at_progress &&
			   cpu - o->cpu_at_progress >
				   (unsigned long long)(o->spin_s * 0.25e9)) {
			o->onset_s = o->progress_since;
			explain_spin(o, &s, elapsed - o->progress_since,
				     cpu - o->cpu_at_progress);
			o->decided_s = elapsed + (rl_now_s() - t0);
			o->stopped = 1;
			return RL_OBSERVE_STOP;
		}
	} else if (shm && explain_tries(o, shm, elapsed, cpu)) {
		o->decided_s = elapsed + (rl_now_s() - t0);
		o->stopped = 1;
		return RL_OBSERVE_STOP;
	}
	return o->busy && o->still_since < 0 ? RL_OBSERVE_BUSY : 0;
}

int rl_watchdog_marks_progress(const struct rl_watchdog *o)
{
	const struct rl_shm *shm = page_of(o);

	return shm && shm->uses_progress;
}

/* ---- starvation, after the run ---- */

void rl_watchdog_fairness(struct rl_watchdog *o, const struct rl_fairness *fair)
{
	const struct rl_shm *shm;
	double sum = 0, sumsq = 0, worst = 0, jain;
	const char *worst_name = NULL;
	uint64_t worst_tid = 0;
	uint32_t n = 0;
	char head[512];

	read_page(o);
	shm = page_of(o);
	if (o->shm_damage[0]) {
		struct rl_finding *f = rl_findings_add(
			&o->findings, o->tool, "damaged shared page", RL_CAT_OTHER);

		snprintf(head, sizeof head,
			 "the program damaged the page racelab shares with it (RACELAB_SHM_FILE): %s; the watchdog read no progress, waits or thread names from it",
			 o->shm_damage);
		f->headline = rl_xstrdup(head);
		return;
	}
	if (!shm || (!fair->max_wait_ms && !fair->min_jain))
		return;
	for (uint32_t i = 0; i < shm->nslots && i < RL_SHM_SLOTS; i++) {
		const struct rl_shm_slot *sl = &shm->slot[i];
		double share = shm->uses_progress ? (double)sl->progress :
						     (double)sl->waits;
		double wait = sl->max_wait_ns / 1e6;

		/* Who takes part: with progress marks, every thread that marks
		 * progress or has a name (a starved thread may never mark any);
		 * without, every thread that waited (a wait still open when
		 * the run ended counts as it stood). */
		if (shm->uses_progress ?
			    !sl->progress && !sl->name[0] :
			    !sl->waits && !sl->wait_start_ns)
			continue;
		n++;
		sum += share;
		sumsq += share * share;
		if (wait >= worst) {
			worst = wait;
			worst_tid = sl->tid;
			worst_name = sl->name[0] ? sl->name : NULL;
		}
	}
	if (n == 0)
		return;
	jain = sumsq > 0 ? sum * sum / (n * sumsq) : 1;
	if ((fair->max_wait_ms && worst > fair->max_wait_ms) ||
	    (fair->min_jain && jain < fair->min_jain)) {
		struct rl_finding *f = rl_findings_add(
			&o->findings, o->tool, "starvation", RL_CAT_STARVATION);
		char wlimit[32] = "", jlimit[32] = "", who[64];

		if (fair->max_wait_ms)
			snprintf(wlimit, sizeof wlimit, " (limit %.0f ms)",
				 fair->max_wait_ms);
		if (fair->min_jain)
			snprintf(jlimit, sizeof jlimit, " (limit %.2f)",
				 fair->min_jain);
		if (worst_tid > 0 && worst_tid <= INT_MAX) {
			pid_t where = process_of(o, (pid_t)worst_tid);

			thread_words(o, where ? where : o->root,
				     (pid_t)worst_tid, who, sizeof who);
		} else {
			snprintf(who, sizeof who, "kernel thread %llu",
				 (unsigned long long)worst_tid);
		}
		snprintf(head, sizeof head,
			 "starvation: %s%s%s%s waited %.1f ms at the longest%s; Jain's fairness index of their %s %.2f over %u threads%s",
			 who, worst_name ? " (" : "",
			 worst_name ? worst_name : "", worst_name ? ")" : "",
			 worst, wlimit,
			 shm->uses_progress ? "progress" : "lock acquisitions",
			 jain, n, jlimit);
		f->headline = rl_xstrdup(head);
	}
}

/* ---- life cycle ---- */

void rl_watchdog_init(struct rl_watchdog *o, const char *dir, double scale,
		    enum rl_attach attach, const char *shm_path)
{
	memset(o, 0, sizeof *o);
	/* Certainty comes from what each thread waits on; the window only
	 * makes sure that 20 looks in a row agree (5 ms apart, natively). */
	o->still_s = 0.1 * scale;
	o->spin_s = 0.4 * scale;
	o->attach = attach;
	o->tool = "watchdog";
	o->still_since = -1;
	o->progress_since = -1;
	o->try_since = -1;
	snprintf(o->dir, sizeof o->dir, "%s", dir);
	o->shm_fd = -1;
	if (shm_path) {
		/* a fresh regular file of racelab's own, read through this
		 * descriptor only: whatever the program later puts at the
		 * path, racelab reads the file it made */
		int fd = open(shm_path,
			      O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW |
				      O_NONBLOCK,
			      0644);
		struct stat st;

		if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    ftruncate(fd, RL_SHM_SIZE) == 0) {
			o->shm_fd = fd;
			o->page = rl_xcalloc(1, sizeof(struct rl_shm));
			o->shm_made_s = rl_now_s();
		} else if (fd >= 0) {
			close(fd);
		}
	}
}

void rl_watchdog_free(struct rl_watchdog *o)
{
	if (o->page) {
		close(o->shm_fd);
		free(o->page);
	}
	o->page = NULL;
	o->page_ok = 0;
	o->shm_fd = -1;
	rl_findings_free(&o->findings);
}
