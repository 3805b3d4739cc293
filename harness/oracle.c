/* oracle.c - see oracle.h. */
#define _GNU_SOURCE
#include "oracle.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "case/racelab_shm.h"
#include "runner.h"

#define MAX_THREADS 256
#define NR_FUTEX 202
#define NR_WAIT4 61
#define NR_NANOSLEEP 35
#define NR_CLOCK_NANOSLEEP 230

struct thread {
	pid_t pid, tid;
	char state;
	unsigned long long cpu_ns;
	long syscall;		/* -1: not in a syscall, -2: running */
	unsigned long arg0;	/* the futex address, for futex waits */
	char name[16];
	/* the wait-for graph */
	int waits_for;		/* index of the thread it waits for, or -1 */
	pid_t owner;		/* owner tid read from the lock, or 0 */
	const char *what;	/* "mutex", "thread exit", ... */
};

struct sample {
	struct thread t[MAX_THREADS];
	int n;
};

static int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

static void read_thread(struct thread *t)
{
	char path[96], buf[512], *p;

	snprintf(path, sizeof path, "/proc/%d/task/%d/schedstat", t->pid, t->tid);
	if (read_file(path, buf, sizeof buf) == 0)
		t->cpu_ns = strtoull(buf, NULL, 10);
	snprintf(path, sizeof path, "/proc/%d/task/%d/stat", t->pid, t->tid);
	if (read_file(path, buf, sizeof buf) == 0 && (p = strrchr(buf, ')')))
		t->state = p[2];
	snprintf(path, sizeof path, "/proc/%d/task/%d/comm", t->pid, t->tid);
	if (read_file(path, t->name, sizeof t->name) == 0)
		t->name[strcspn(t->name, "\n")] = '\0';
	t->syscall = -2;
	snprintf(path, sizeof path, "/proc/%d/task/%d/syscall", t->pid, t->tid);
	if (read_file(path, buf, sizeof buf) == 0 && strncmp(buf, "running", 7)) {
		t->syscall = strtol(buf, &p, 10);
		t->arg0 = strtoul(p, NULL, 16);
	}
}

/* The threads of pid and of all its descendants. */
static void collect(pid_t pid, struct sample *s, int depth)
{
	char path[64], buf[4096];
	struct dirent *e;
	DIR *d;

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
		if (depth < 8 && read_file(buf, buf, sizeof buf) == 0)
			for (p = buf; *p; p = end) {
				long child = strtol(p, &end, 10);
				if (end == p)
					break;
				collect((pid_t)child, s, depth + 1);
			}
	}
	closedir(d);
}

static int sleeping(const struct thread *t)
{
	return t->syscall == NR_NANOSLEEP || t->syscall == NR_CLOCK_NANOSLEEP;
}

/* CPU of the threads that matter: a tool's helper asleep in nanosleep
 * (TSan's background thread) wakes now and then, and is not the program. */
static unsigned long long busy_cpu(const struct sample *s, int *blocked)
{
	unsigned long long sum = 0;
	int any = 0;

	*blocked = 1;
	for (int i = 0; i < s->n; i++) {
		if (sleeping(&s->t[i]))
			continue;
		any = 1;
		sum += s->t[i].cpu_ns;
		if (s->t[i].state != 'S' && s->t[i].state != 'D')
			*blocked = 0;
	}
	if (!any)
		*blocked = 0;	/* all asleep by choice: not a hang */
	return sum;
}

static struct rl_shm *shm_of(const struct rl_oracle *o)
{
	struct rl_shm *shm = o->shm;

	return shm && shm->magic == RL_SHM_MAGIC ? shm : NULL;
}

static const char *slot_name(const struct rl_oracle *o, pid_t tid)
{
	struct rl_shm *shm = shm_of(o);

	for (uint32_t i = 0; shm && i < shm->nslots && i < RL_SHM_SLOTS; i++)
		if (shm->slot[i].tid == (uint64_t)tid && shm->slot[i].name[0])
			return shm->slot[i].name;
	return NULL;
}

/* ---- explaining a hang ---- */

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

/* What a thread blocked in futex() waits for. A glibc mutex keeps its
 * lock word first and its owner's tid 8 bytes on; pthread_join waits on
 * the joined thread's tid word, which holds that tid. Anything else
 * (condition variable, semaphore, barrier) has no owner to name. */
static void what_it_waits_for(struct sample *s, struct thread *t)
{
	int word[3];

	if (t->syscall == NR_WAIT4) {
		t->what = "a child process";
		return;
	}
	if (t->syscall != NR_FUTEX) {
		t->what = "a system call";
		return;
	}
	if (read_mem(t->pid, t->arg0, word, sizeof word) != 0) {
		t->what = "a futex";
		return;
	}
	if (find_tid(s, t->pid, word[0]) >= 0) {
		t->what = "thread exit";
		t->owner = word[0];
		t->waits_for = find_tid(s, t->pid, word[0]);
	} else if ((word[0] == 1 || word[0] == 2) && word[2] > 0) {
		t->what = "mutex";
		t->owner = word[2];
		t->waits_for = find_tid(s, t->pid, word[2]);
	} else {
		t->what = "a condition, semaphore or barrier";
	}
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

static void describe_thread(const struct rl_oracle *o, const struct thread *t,
			    char *buf, size_t len)
{
	const char *name = slot_name(o, t->tid);
	int n = snprintf(buf, len, "thread %d%s%s%s waits for %s", t->tid,
			 name ? " (" : "", name ? name : "", name ? ")" : "",
			 t->what ? t->what : "?");

	if (t->syscall == NR_FUTEX && n > 0 && (size_t)n < len)
		n += snprintf(buf + n, len - n, " at 0x%lx", t->arg0);
	if (t->owner && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - n, " %s %d",
			 strcmp(t->what, "mutex") == 0 ? "held by thread" :
							 "of thread",
			 t->owner);
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

static void debugger_stacks(struct rl_oracle *o, pid_t pid,
			    struct rl_stack **stacks, const pid_t *tids,
			    int n)
{
	struct rl_spawn s = { 0 };
	struct rl_outcome out;
	char path[700], line[1024];
	struct rl_stack *cur = NULL;
	FILE *f;

	snprintf(path, sizeof path, "%s/oracle-stacks.txt", o->dir);
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
	s.timeout_s = 5;
	s.term_grace_s = 0.2;
	s.max_output_bytes = 1 << 20;
	rl_run(&s, &out);
	rl_spawn_free(&s);

	if (!(f = fopen(path, "r")))
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
static void say_where(const struct rl_oracle *o, struct rl_stack *st)
{
	const struct rl_frame *fr;
	char *more;

	if (!o->source_suffix ||
	    !(fr = rl_stack_frame_in(st, o->source_suffix)))
		return;
	if (asprintf(&more, "%s (it waits in %s(), %s:%d)", st->label,
		     fr->function ? fr->function : "?", o->source_suffix,
		     fr->line) < 0)
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

/* The finding for a hang: the threads of the cycle (or every blocked
 * thread), each a stack labelled with what it waits for, its frames from
 * the debugger; the headline is written last, from the named labels. */
static void explain_hang(struct rl_oracle *o, pid_t leader, struct sample *s)
{
	struct rl_finding *f;
	struct rl_stack *stacks[MAX_THREADS];
	pid_t tids[MAX_THREADS], pids[MAX_THREADS];
	char labels[1024], head[1200], one[256];
	int start, k = 0, gone = -1, pids_differ = 0;

	for (int i = 0; i < s->n; i++) {
		what_it_waits_for(s, &s->t[i]);
		if (s->t[i].owner && s->t[i].waits_for < 0 && gone < 0 &&
		    strcmp(s->t[i].what, "mutex") == 0)
			gone = i;
		pids_differ |= s->t[i].pid != leader;
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
		if (start >= 0 || gone >= 0 || !sleeping(&s->t[i])) {
			describe_thread(o, &s->t[i], one, sizeof one);
			rl_finding_add_stack(f, one, s->t[i].tid);
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
	 * debugger call per process (a forked child is a process of its own) */
	for (int i = 0; i < k; i++)
		stacks[i] = &f->stacks[i];
	for (int i = 0; i < k; i++) {
		int first = 1;
		for (int j = 0; j < i; j++)
			first &= pids[j] != pids[i];
		if (first)
			debugger_stacks(o, pids[i], stacks, tids, k);
	}
	for (int i = 0; i < k; i++)
		say_where(o, &f->stacks[i]);
	join_labels(f, labels, sizeof labels);
	if (start >= 0)
		snprintf(head, sizeof head, "deadlock: %s", labels);
	else if (gone >= 0)
		snprintf(head, sizeof head,
			 "deadlock: %s, which is not alive in this process: %s",
			 labels, pids_differ ?
				 "fork() copied the lock while another thread held it" :
				 "its owner exited holding it");
	else
		snprintf(head, sizeof head,
			 "every thread is blocked and none holds what another waits for: %s",
			 labels);
	f->headline = rl_xstrdup(head);
}

static void explain_spin(struct rl_oracle *o, const struct sample *s,
			 double spun_s, unsigned long long cpu_ns)
{
	struct rl_finding *f = rl_findings_add(&o->findings, o->tool,
					       "livelock", RL_CAT_LIVELOCK);
	char head[512];
	int busy = 0;

	for (int i = 0; i < s->n; i++)
		busy += !sleeping(&s->t[i]) && s->t[i].state == 'R';
	snprintf(head, sizeof head,
		 "livelock: %.0f ms of CPU over %.0f ms and no progress marked (%d of %d threads running at the last look)",
		 cpu_ns / 1e6, spun_s * 1e3, busy, s->n);
	f->headline = rl_xstrdup(head);
}

/* ---- the observer ---- */

int rl_oracle_observe(pid_t pid, double elapsed, void *arg)
{
	struct rl_oracle *o = arg;
	struct rl_shm *shm = shm_of(o);
	static struct sample s;
	double t0 = rl_now_s();
	unsigned long long cpu;
	int blocked;

	s.n = 0;
	collect(pid, &s, 0);
	if (s.n == 0)
		return 0;	/* gone, or a zombie: the runner will see */
	cpu = busy_cpu(&s, &blocked);
	o->busy = o->samples > 0 && cpu != o->last_cpu;
	if (!blocked || o->samples == 0 || cpu != o->last_cpu)
		o->still_since = -1;
	else if (o->still_since < 0)
		o->still_since = elapsed;
	o->samples++;
	o->last_cpu = cpu;

	if (o->still_since >= 0 && elapsed - o->still_since >= o->still_s) {
		o->onset_s = o->still_since;
		explain_hang(o, pid, &s);
		o->decided_s = elapsed + (rl_now_s() - t0);	/* stacks included */
		o->stopped = 1;
		return 1;
	}
	if (shm && shm->uses_progress) {
		if (shm->progress != o->last_progress || o->progress_since < 0) {
			o->last_progress = shm->progress;
			o->progress_since = elapsed;
			o->cpu_at_progress = cpu;
		} else if (elapsed - o->progress_since >= o->spin_s &&
			   cpu - o->cpu_at_progress >
				   (unsigned long long)(o->spin_s * 0.25e9)) {
			o->onset_s = o->progress_since;
			explain_spin(o, &s, elapsed - o->progress_since,
				     cpu - o->cpu_at_progress);
			o->decided_s = elapsed + (rl_now_s() - t0);
			o->stopped = 1;
			return 1;
		}
	}
	return 0;
}

int rl_oracle_marks_progress(const struct rl_oracle *o)
{
	struct rl_shm *shm = shm_of(o);

	return shm && shm->uses_progress;
}

/* ---- starvation, after the run ---- */

void rl_oracle_fairness(struct rl_oracle *o, const struct rl_fairness *fair)
{
	struct rl_shm *shm = shm_of(o);
	double sum = 0, sumsq = 0, worst = 0, jain;
	const char *worst_name = NULL;
	uint64_t worst_tid = 0;
	uint32_t n = 0;
	char head[512];

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
		char wlimit[32] = "", jlimit[32] = "";

		if (fair->max_wait_ms)
			snprintf(wlimit, sizeof wlimit, " (limit %.0f ms)",
				 fair->max_wait_ms);
		if (fair->min_jain)
			snprintf(jlimit, sizeof jlimit, " (limit %.2f)",
				 fair->min_jain);
		snprintf(head, sizeof head,
			 "starvation: thread %llu%s%s%s waited %.1f ms at the longest%s; Jain's fairness index of their %s %.2f over %u threads%s",
			 (unsigned long long)worst_tid, worst_name ? " (" : "",
			 worst_name ? worst_name : "", worst_name ? ")" : "",
			 worst, wlimit,
			 shm->uses_progress ? "progress" : "lock acquisitions",
			 jain, n, jlimit);
		f->headline = rl_xstrdup(head);
	}
}

/* ---- life cycle ---- */

void rl_oracle_init(struct rl_oracle *o, const char *dir, double scale,
		    enum rl_attach attach, const char *shm_path)
{
	memset(o, 0, sizeof *o);
	o->still_s = 0.15 * scale;
	o->spin_s = 0.4 * scale;
	o->attach = attach;
	o->tool = "watchdog";
	o->still_since = -1;
	o->progress_since = -1;
	snprintf(o->dir, sizeof o->dir, "%s", dir);
	snprintf(o->vgdb_prefix, sizeof o->vgdb_prefix, "%s/vgdb", dir);
	if (shm_path) {
		int fd = open(shm_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
			      0644);
		if (fd >= 0 && ftruncate(fd, RL_SHM_SIZE) == 0) {
			void *p = mmap(NULL, RL_SHM_SIZE, PROT_READ | PROT_WRITE,
				       MAP_SHARED, fd, 0);
			o->shm = p == MAP_FAILED ? NULL : p;
		}
		if (fd >= 0)
			close(fd);
	}
}

void rl_oracle_free(struct rl_oracle *o)
{
	if (o->shm)
		munmap(o->shm, RL_SHM_SIZE);
	rl_findings_free(&o->findings);
	o->shm = NULL;
}
