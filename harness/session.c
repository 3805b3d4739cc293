/* session.c - see session.h. */
#define _GNU_SOURCE
#include "session.h"
#include "build.h"
#include "output.h"
#include "util.h"
#include "words.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#define MAX_OUTPUT (16ul << 20)	/* stdout, stderr */
#define MAX_FILE (1ul << 30)	/* any file the program writes */
#define MAX_CPU_S 50ul
/* All of a run's processes together, under every detector: Valgrind and
 * TSan need their shadow memory besides the program's (the catalogue's
 * runs hold 85 MB at most, docs/performance.md), and with -j runs side
 * by side the machine must hold them all. Address space is not limited:
 * the tools reserve far more than they use, and a plain program's
 * threads reserve 8 MiB of stack each, so a limit there made a correct
 * program of 520 threads fail in pthread_create, racelab's doing. */
#define MAX_RESIDENT (4ul << 30)

static unsigned long max_resident = MAX_RESIDENT;

void rl_session_max_resident(unsigned long bytes)
{
	max_resident = bytes;
}

int rl_session_memory_option(const char *text)
{
	unsigned long bytes;

	if (rl_parse_memory(text, &bytes))
		return -1;
	rl_session_max_resident(bytes);
	rl_build_max_resident(bytes);
	return 0;
}

static struct rl_search search;

void rl_session_search(const struct rl_search *s)
{
	search = *s;
}

static const char *run_cwd;

void rl_session_cwd(const char *dir)
{
	run_cwd = dir;
}

const char *const rl_suites[] = { "waiting", NULL };

void rl_variant_source(const char *case_name, const char *variant, char *buf,
		       size_t len)
{
	if (strcmp(variant, "broken") == 0)
		snprintf(buf, len, "cases/%s.c", case_name);
	else if (strncmp(variant, "fixed.", 6) == 0)
		snprintf(buf, len, "fixed/%s.%s.c", case_name, variant + 6);
	else if (strcmp(variant, "fixed") == 0)
		snprintf(buf, len, "fixed/%s.c", case_name);
	else	/* a suite: the folder is the variant */
		snprintf(buf, len, "%s/%s.c", variant, case_name);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

size_t rl_variants(const struct rl_layout *l, const char *case_name,
		   char (*out)[64], size_t max)
{
	char dir[1024], path[1200];
	struct dirent **names;
	size_t k = 0, len = strlen(case_name);
	int n;

	snprintf(path, sizeof path, "%s/cases/%s.c", l->root, case_name);
	if (access(path, R_OK) == 0 && k < max)
		snprintf(out[k++], 64, "broken");
	snprintf(dir, sizeof dir, "%s/fixed", l->root);
	n = scandir(dir, &names, NULL, by_name);
	for (int i = 0; i < n; i++) {
		const char *f = names[i]->d_name;
		size_t fl = strlen(f);

		if (strncmp(f, case_name, len) == 0 && fl > len + 1 &&
		    strcmp(f + fl - 2, ".c") == 0 && k < max) {
			if (fl == len + 2) {
				/* the fix comes before its alternatives */
				size_t at = k && !strcmp(out[0], "broken");
				memmove(out[at + 1], out[at], (k - at) * 64);
				snprintf(out[at], 64, "fixed");
				k++;
			} else if (f[len] == '.') {
				snprintf(out[k++], 64, "fixed.%.*s",
					 (int)(fl - len - 3), f + len + 1);
			}
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	for (int i = 0; rl_suites[i] && k < max; i++) {
		snprintf(path, sizeof path, "%s/%s/%s.c", l->root, rl_suites[i],
			 case_name);
		if (access(path, R_OK) == 0)
			snprintf(out[k++], 64, "%s", rl_suites[i]);
	}
	return k;
}

int rl_on_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[1024];

	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0;
	if (!path)
		path = "/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		snprintf(buf, sizeof buf, "%.*s/%s", (int)n, path, prog);
		if (access(buf, X_OK) == 0)
			return 1;
		path += n + (path[n] == ':');
	}
	return 0;
}

int rl_make_dirs(const char *path)
{
	char buf[PATH_MAX];

	if ((size_t)snprintf(buf, sizeof buf, "%s", path) >= sizeof buf) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
}

/* A fresh, empty folder for this run's files, OUT/NAME/VARIANT/DETECTOR/
 * run-N: the folders below OUT are racelab's, never a link (output.h),
 * so nothing is removed or written through one. */
static int fresh_dir(struct rl_run_files *f)
{
	char parent[sizeof f->dir];

	snprintf(parent, sizeof parent, "%s", f->dir);
	if (!strrchr(parent, '/') || (*strrchr(parent, '/') = '\0',
				     rl_output_dirs(parent, 3)))
		return -1;
	rl_remove_tree(f->dir);
	if (rl_make_dirs(f->dir))
		return -1;
	snprintf(f->stdout_path, sizeof f->stdout_path, "%s/stdout", f->dir);
	snprintf(f->stderr_path, sizeof f->stderr_path, "%s/stderr", f->dir);
	snprintf(f->symptom_path, sizeof f->symptom_path, "%s/symptom",
		 f->dir);
	return 0;
}

/* The tool's own folder (detector.h: tool_dir): made fresh for each run
 * where the program is not told to look, mode 0700, a random name. */
static int make_tool_dir(struct rl_run_files *f, const char **in)
{
	const char *tmp = getenv("TMPDIR"), *root = rl_runner_tmp_root();

	/* in the guard's folder, which it removes whatever becomes of us */
	*in = root ? root : tmp && *tmp ? tmp : "/tmp";
	for (int tries = 0; tries < 2; tries++) {
		snprintf(f->tool_dir, sizeof f->tool_dir, "%s/%s.XXXXXX", *in,
			 root ? "run" : "racelab-tool");
		if (mkdtemp(f->tool_dir)) {
			rl_runner_private_dir(f->tool_dir);
			return 0;
		}
		/* the guard's folder gone (a program of the same user can
		 * remove it while it is empty): made again, private as before */
		if (!root || errno != ENOENT || mkdir(root, 0700) != 0)
			break;
	}
	f->tool_dir[0] = '\0';
	return -1;
}

/* Copies one regular file, both ends opened without following a link;
 * anything else (vgdb's FIFOs) is not copied. */
static void copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC),
	    out = -1;
	struct stat st;
	char buf[65536];
	ssize_t n;

	if (in >= 0 && fstat(in, &st) == 0 && S_ISREG(st.st_mode))
		out = open(to,
			   O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			   0644);
	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			break;
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
}

/* After the tool's reports were read: copies them into the run's folder,
 * where people and the page look for them (a file the program left there
 * under the same name is kept as planted.NAME), and removes the tool's
 * folder. vgdb's files (detector.h: RL_VGDB_PREFIX) are no report and
 * stay behind. The program's processes are all gone by now. */
static void keep_tool_reports(struct rl_run_files *f)
{
	struct dirent **names;
	int n;

	if (!f->tool_dir[0])
		return;
	n = scandir(f->tool_dir, &names, NULL, by_name);
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		char from[1200], to[1200], planted[1300];

		if (name[0] != '.' &&
		    strncmp(name, RL_VGDB_FILES, strlen(RL_VGDB_FILES)) != 0) {
			snprintf(from, sizeof from, "%s/%s", f->tool_dir, name);
			snprintf(to, sizeof to, "%s/%s", f->dir, name);
			snprintf(planted, sizeof planted, "%s/planted.%s",
				 f->dir, name);
			if (rename(to, planted) != 0 && errno != ENOENT)
				unlink(to);
			copy_file(from, to);
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	rl_runner_private_dir(NULL);
	rl_remove_tree(f->tool_dir);
	f->tool_dir[0] = '\0';
}

/* For only_files(): removes what is neither a regular file nor a folder,
 * a link itself and never what it points to. */
static int drop_special(const char *p, const struct stat *sb, int flag,
			struct FTW *ftw)
{
	(void)ftw;
	if (flag != FTW_D && flag != FTW_DP && flag != FTW_DNR &&
	    flag != FTW_NS && !S_ISREG(sb->st_mode))
		unlink(p);
	return 0;
}

/* Once racelab has read the run's files: leaves in its folder only
 * regular files and folders, for people and their tools. The program
 * may leave a FIFO (at its symptom file, say), a socket or a link there:
 * a grep of the run's files would wait on the FIFO for ever, and a link
 * would show what lies elsewhere as the run's. */
static void only_files(const char *dir)
{
	nftw(dir, drop_special, 16, FTW_PHYS);
}

/* The most of the symptom file racelab reads, and of one line of it. */
#define MAX_SYMPTOMS (64u << 10)
#define MAX_SYMPTOM_LINE 1024

/* Says, as a symptom of category `other`, that the symptom file could not
 * be taken (in full) as the program's own check: the program put
 * something else there, or wrote more than racelab reads. */
static void symptom_file_trouble(struct rl_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void symptom_file_trouble(struct rl_result *r, const char *fmt, ...)
{
	char head[512], said[256];
	struct rl_finding *s;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(said, sizeof said, fmt, ap);
	va_end(ap);
	snprintf(head, sizeof head,
		 "racelab could not take the symptom file (RACELAB_SYMPTOM_FILE) as the program's own check: %s",
		 said);
	s = rl_findings_add(&r->symptoms, "program", "symptom file",
			    RL_CAT_OTHER);
	s->headline = rl_xstrdup(head);
}

/* What a file that is not a regular one is, in a few words. */
static const char *file_kind(mode_t mode)
{
	return S_ISFIFO(mode) ? "a FIFO" :
	       S_ISCHR(mode) ? "a character device" :
	       S_ISBLK(mode) ? "a block device" :
	       S_ISSOCK(mode) ? "a socket" :
	       S_ISDIR(mode) ? "a directory" : "not a regular file";
}

/* The program's own check: "category<TAB>sentence" lines, from the file
 * the program wrote: every byte of it the program's. It is opened without
 * following a link or waiting for a writer, must be a regular file, and
 * only its first MAX_SYMPTOMS bytes are read. */
static void read_symptoms(struct rl_result *r)
{
	int fd = open(r->files.symptom_path,
		      O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	struct stat st;
	char *buf, *line, *end, more;
	size_t len = 0, cap;
	ssize_t n;
	int cut;

	if (fd < 0) {
		if (errno == ELOOP)
			symptom_file_trouble(
				r, "it is a symbolic link, which racelab does not follow");
		else if (errno != ENOENT)
			symptom_file_trouble(r, "it cannot be opened (%s)",
					     strerror(errno));
		return;	/* ENOENT: the program reported nothing */
	}
	if (fstat(fd, &st) != 0) {
		symptom_file_trouble(r, "it cannot be examined (%s)",
				     strerror(errno));
		close(fd);
		return;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		symptom_file_trouble(r, "it is %s, not a regular file",
				     file_kind(st.st_mode));
		return;
	}
	/* the program has ended: no more than the file holds (zeroing the
	 * whole cap for a line or two cost a run more than reading it) */
	cap = st.st_size < MAX_SYMPTOMS ? (size_t)st.st_size : MAX_SYMPTOMS;
	buf = rl_xcalloc(cap + 1, 1);
	while (len < cap &&
	       ((n = read(fd, buf + len, cap - len)) > 0 ||
		(n < 0 && errno == EINTR)))
		len += n > 0 ? (size_t)n : 0;
	cut = len == MAX_SYMPTOMS && read(fd, &more, 1) == 1;
	close(fd);
	buf[len] = '\0';
	for (line = buf; line < buf + len; line = end + 1) {
		char *tab;
		int cat;
		struct rl_finding *s;

		if (!(end = memchr(line, '\n', buf + len - line)))
			end = buf + len;	/* the last line, unended */
		*end = '\0';
		if (end - line >= MAX_SYMPTOM_LINE)
			line[MAX_SYMPTOM_LINE - 1] = '\0';
		if (!(tab = strchr(line, '\t')))
			continue;
		*tab = '\0';
		cat = rl_category_from_name(line);
		s = rl_findings_add(&r->symptoms, "program", line,
				    cat < 0 ? RL_CAT_OTHER : (enum rl_category)cat);
		s->headline = rl_xstrdup(tab + 1);
	}
	free(buf);
	if (cut)
		symptom_file_trouble(r, "it holds %lld bytes, and racelab read only the first %u KiB",
				     (long long)st.st_size, MAX_SYMPTOMS >> 10);
}

/* The last line the program wrote on stderr that is not blank (its
 * assertion, its perror), at most 300 bytes, or NULL. */
static char *last_stderr_line(const struct rl_result *r)
{
	size_t n;
	char *text = rl_read_file(r->files.stderr_path, &n), *line = NULL;

	while (text && n > 0) {
		size_t end = n, start;

		while (end > 0 && strchr(" \t\r\n", text[end - 1]))
			end--;
		if (!end)
			break;
		start = end;
		while (start > 0 && text[start - 1] != '\n')
			start--;
		if (asprintf(&line, "%.*s", (int)(end - start > 300 ? 300 : end - start),
			     text + start) < 0)
			abort();
		break;
	}
	free(text);
	return line;
}

/* glibc's failed assert(): "PROG: FILE:LINE: FUNC: Assertion `X'
 * failed." (assert/assert.c, __assert_fail_base). The place as a stack
 * of one frame; 0 when msg is not one. */
static int assertion_place(struct rl_finding *c, const char *msg)
{
	const char *end = strstr(msg, ": Assertion `"), *p, *file, *colon;
	char *func, *path;
	int line;

	if (!end || !(file = strstr(msg, ": ")) || file >= end)
		return 0;
	file += 2;
	/* FILE:LINE: is the last ":digits: " before FUNC */
	for (p = end - 1, colon = NULL; p > file; p--)
		if (*p == ':' && p[1] >= '0' && p[1] <= '9' &&
		    strspn(p + 1, "0123456789") < (size_t)(end - p) &&
		    !strncmp(p + 1 + strspn(p + 1, "0123456789"), ": ", 2))
			colon = p;
	if (!colon || (line = atoi(colon + 1)) <= 0)
		return 0;
	p = colon + 1 + strspn(colon + 1, "0123456789") + 2;
	if (asprintf(&path, "%.*s", (int)(colon - file), file) < 0 ||
	    asprintf(&func, "%.*s", (int)(end - p), p) < 0)
		abort();
	rl_stack_add_frame(rl_finding_add_stack(c, "assertion failed", -1),
			   func, path, line);
	free(path);
	free(func);
	return 1;
}

/* gdb writes the crashed thread's frames as JSON, through its Python
 * API (no parsing of its words): the program's crash in a plain build,
 * run once more under gdb to learn where it was. */
static const char GDB_STACK_PY[] =
	"import gdb, json, os\n"
	"frames = []\n"
	"try:\n"
	"    f = gdb.newest_frame()\n"
	"except gdb.error:\n"
	"    f = None\n"
	"while f is not None and len(frames) < 64:\n"
	"    sal = f.find_sal()\n"
	"    st = sal.symtab\n"
	"    frames.append({'function': f.name(),\n"
	"                   'file': st.fullname() if st else None,\n"
	"                   'line': sal.line if st else 0})\n"
	"    f = f.older()\n"
	"with open(os.environ['RACELAB_GDB_STACK'], 'w') as out:\n"
	"    json.dump(frames, out)\n";
#define GDB_TIMEOUT_S 30

/* The crash's stack from one run under gdb, added to c; 0 when gdb gave
 * none (not installed, the crash did not come again, the time limit).
 * Once a program: the detectors that run the same plain build (native,
 * watchdog, Helgrind, DRD) and further --runs take the frames it gave. */
static int stack_from_gdb(struct rl_result *r, struct rl_finding *c)
{
	static char gdb_binary[1024];
	static json_t *gdb_frames;
	char script[700], stack[700], said[700];
	struct rl_spawn s = { 0 };
	struct rl_outcome o;
	json_t *doc = NULL, *fr;
	struct rl_stack *st = NULL;
	FILE *f;
	size_t i;

	if (r->detector->build != RL_BUILD_PLAIN)
		return 0;
	if (strcmp(gdb_binary, r->binary) == 0) {
		doc = json_incref(gdb_frames);
		goto frames;
	}
	if (!rl_on_path("gdb"))
		return 0;
	snprintf(script, sizeof script, "%s/gdb-stack.py", r->files.dir);
	snprintf(stack, sizeof stack, "%s/crash-stack.json", r->files.dir);
	snprintf(said, sizeof said, "%s/gdb.txt", r->files.dir);
	if (!(f = rl_output_open(script)))
		return 0;
	fputs(GDB_STACK_PY, f);
	if (fclose(f) != 0)
		return 0;
	rl_spawn_arg(&s, "gdb");
	rl_spawn_arg(&s, "-nx");
	rl_spawn_arg(&s, "-batch");
	rl_spawn_arg(&s, "-ex");
	rl_spawn_arg(&s, "set pagination off");
	rl_spawn_arg(&s, "-ex");
	rl_spawn_arg(&s, "run");
	rl_spawn_arg(&s, "-x");
	rl_spawn_arg(&s, "%s", script);
	rl_spawn_arg(&s, "--args");
	rl_spawn_arg(&s, "%s", r->binary);
	for (i = 0; i < r->nargs; i++)
		rl_spawn_arg(&s, "%s", r->args[i]);
	rl_spawn_setenv(&s, "RACELAB_GDB_STACK=%s", stack);
	if (run_cwd) {
		s.cwd = run_cwd;
		rl_spawn_setenv(&s, "PWD=%s", run_cwd);
	}
	s.stdout_path = said;
	s.stderr_path = said;
	s.timeout_s = GDB_TIMEOUT_S;
	s.term_grace_s = 1;
	s.max_output_bytes = MAX_OUTPUT;
	s.max_file_bytes = MAX_FILE;
	s.max_cpu_s = MAX_CPU_S;
	s.max_resident_bytes = max_resident;
	rl_run(&s, &o);
	rl_spawn_free(&s);
	doc = json_load_file(stack, 0, NULL);
	snprintf(gdb_binary, sizeof gdb_binary, "%s", r->binary);
	json_decref(gdb_frames);
	gdb_frames = json_incref(doc);
frames:
	json_array_foreach(doc, i, fr) {
		json_t *fn = json_object_get(fr, "function");
		json_t *file = json_object_get(fr, "file");
		json_t *line = json_object_get(fr, "line");

		if (!st)
			st = rl_finding_add_stack(c, "crashed", -1);
		rl_stack_add_frame(st, json_is_string(fn) ? json_string_value(fn) : NULL,
				   json_is_string(file) ? json_string_value(file) : NULL,
				   json_is_integer(line) && json_integer_value(line) > 0 &&
				   json_integer_value(line) < INT_MAX ?
				   (int)json_integer_value(line) : 0);
	}
	json_decref(doc);
	return st != NULL;
}

/* A death by signal that the tool did not already report is a finding
 * of its own: the signal, what the program last said on stderr, and its
 * place, from glibc's assertion message or from a run under gdb; when
 * no frame has a line (code built without -g), it says so. */
static void add_crash(struct rl_result *r, struct rl_findings *fs)
{
	char kind[64], *said;
	struct rl_finding *c;
	int placed = 0;

	if (r->outcome.how != RL_SIGNALED || r->outcome.file_capped)
		return;
	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].category == RL_CAT_CRASH)
			return;
	snprintf(kind, sizeof kind, "SIG%s", sigabbrev_np(r->outcome.signal) ?
		 sigabbrev_np(r->outcome.signal) : "?");
	c = rl_findings_add(fs, r->detector->name, kind, RL_CAT_CRASH);
	said = last_stderr_line(r);
	if (said && asprintf(&c->headline, "%s: %s", strsignal(r->outcome.signal),
			     said) < 0)
		abort();
	else if (!said)
		c->headline = rl_xstrdup(strsignal(r->outcome.signal));
	if (said)
		placed = assertion_place(c, said);
	free(said);
	if (!placed)
		placed = stack_from_gdb(r, c);
	if (placed) {
		int lined = 0;

		for (size_t k = 0; k < c->nstacks; k++)
			for (size_t j = 0; j < c->stacks[k].nframes; j++)
				lined |= c->stacks[k].frames[j].line > 0;
		if (!lined) {
			char *more;

			if (asprintf(&more, "%s (no debug information where it crashed: no file and line)",
				     c->headline) < 0)
				abort();
			free(c->headline);
			c->headline = more;
		}
	}
}

static void fail(struct rl_result *r, const char *next, const char *fmt,
		 const char *a, const char *b)
{
	r->judgement.verdict = RL_ERROR;
	snprintf(r->judgement.why, sizeof r->judgement.why, fmt, a, b);
	snprintf(r->judgement.next, sizeof r->judgement.next, "%s", next);
}

/* The findings a detector is judged on. */
struct rl_findings *rl_result_judged(struct rl_result *r)
{
	switch (r->detector->judged_on) {
	case RL_ON_SYMPTOM:
		return &r->symptoms;
	case RL_ON_LIVENESS:
		return &r->watchdog.findings;
	case RL_ON_TOOL:
		break;
	}
	return &r->findings;
}

static void execute(struct rl_result *r)
{
	const struct rl_detector *d = r->detector;
	struct rl_spawn s = { 0 };
	struct rl_evidence e = { 0 };
	struct rl_fairness fair = r->fairness;
	struct rl_findings *judged;
	char shm[700], blind[512], *shown;
	int parse_rc = 0;

	snprintf(shm, sizeof shm, "%s/shm", r->files.dir);
	rl_watchdog_init(&r->watchdog, r->files.dir, d->slowdown, d->attach, shm);
	snprintf(r->watchdog.vgdb_prefix, sizeof r->watchdog.vgdb_prefix,
		 RL_VGDB_PREFIX, r->files.tool_dir);
	r->watchdog.source_suffix = r->suffix;
	r->watchdog.tsan_runtime = d->build == RL_BUILD_TSAN ||
				 d->build == RL_BUILD_TSAN_GCC;
	if (d->build != RL_BUILD_NONE) {
		char *real = realpath(r->binary, NULL);

		snprintf(r->watchdog.program, sizeof r->watchdog.program, "%s",
			 real ? real : "");
		free(real);
	}
	r->files.search = search;
	d->prepare(&s, r->binary, &r->files);
	for (size_t i = 0; d->build != RL_BUILD_NONE && i < r->nargs; i++)
		rl_spawn_arg(&s, "%s", r->args[i]);
	rl_spawn_setenv(&s, "RACELAB_SYMPTOM_FILE=%s", r->files.symptom_path);
	rl_spawn_setenv(&s, "RACELAB_SHM_FILE=%s", shm);
	if (run_cwd) {
		s.cwd = run_cwd;
		rl_spawn_setenv(&s, "PWD=%s", run_cwd);
	}
	s.stdout_path = r->files.stdout_path;
	s.stderr_path = r->files.stderr_path;
	s.timeout_s = d->timeout_s;
	s.term_grace_s = d->term_grace_s;
	s.max_output_bytes = MAX_OUTPUT;
	s.max_file_bytes = MAX_FILE;
	s.max_cpu_s = d->max_cpu_s ? d->max_cpu_s : MAX_CPU_S;
	s.max_resident_bytes = max_resident;
	s.observe = rl_watchdog_observe;
	s.observe_arg = &r->watchdog;
	rl_run(&s, &r->outcome);
	rl_spawn_free(&s);
	rl_watchdog_fairness(&r->watchdog, &fair);

	read_symptoms(r);
	if (d->collect && r->outcome.how != RL_SPAWN_FAILED)
		parse_rc = d->collect(&r->files, &r->findings, &r->info);
	/* At the time limit racelab sends SIGTERM; what the tool reports
	 * after it (Valgrind's checks at exit: "Exiting thread still holds
	 * 1 lock") is racelab's stop, not the program's. What it reported
	 * before stays. */
	if (r->outcome.how == RL_TIMED_OUT && r->info.fatal_signal == SIGTERM)
		r->after_stop = rl_findings_drop_after_signal(&r->findings);
	keep_tool_reports(&r->files);
	only_files(r->files.dir);
	judged = rl_result_judged(r);
	add_crash(r, judged);
	/* what a program named, and a tool repeated, is shown on terminals */
	rl_findings_make_printable(&r->findings);
	rl_findings_make_printable(&r->symptoms);
	rl_findings_make_printable(&r->watchdog.findings);
	/* with no contract to say so, a tool that cannot see the program
	 * says it (code with no annotations, to clang's analysis) */
	if (!r->contract_loaded && d->sees && !judged->n && !parse_rc &&
	    r->outcome.how == RL_EXITED && !d->sees(&r->files, blind, sizeof blind))
		e.blind = blind;

	e.detector = d->name;
	e.scope = r->info.scope;
	/* as the findings' files now name it */
	shown = rl_printable(r->suffix, 0);
	e.source = shown;
	e.source_suffix = shown;
	e.rerun = r->rerun;
	/* a fix, or a suite's correct program: either must be clean */
	e.is_fix = strcmp(r->variant, "broken") != 0;
	e.findings = judged;
	e.outcome = &r->outcome;
	e.findings_exit_code = d->findings_exit_code;
	e.parse_failed = parse_rc != 0;
	e.parse_error = r->info.error;
	e.output_incomplete = d->collect && !parse_rc && !r->info.complete;
	e.after_stop = r->after_stop;
	e.liveness = r->watchdog.findings.n ? &r->watchdog.findings.v[0] : NULL;
	e.was_busy = r->watchdog.busy;
	e.marks_progress = rl_watchdog_marks_progress(&r->watchdog);
	e.progress_age_s = r->watchdog.progress_since >= 0 ?
				   r->outcome.duration_s - r->watchdog.progress_since :
				   -1;
	e.waiting = r->watchdog.waiting;
	e.tool_failed = r->info.tool_failed;
	e.suppressed = r->info.suppressed;
	e.user_options = d->user_options;
	e.on_liveness = d->judged_on == RL_ON_LIVENESS;
	e.reports_at_exit = d->reports_at_exit;
	rl_judge(r->contract_loaded ? &r->contract : NULL, &e, &r->judgement);
	free(shown);
}

/* Runs r once its tool, its build and its folder are there; else says
 * which is missing (unbuilt: the next step) and returns 0. */
static int checked_execute(struct rl_result *r, const char *unbuilt)
{
	const struct rl_detector *d = r->detector;
	const char *in;

	if (d->tool && !rl_on_path(d->tool)) {
		char next[256];
		snprintf(next, sizeof next,
			 "Install it: `apt-get install %s` (or run `./racelab setup`).",
			 d->package);
		fail(r, next, "the %s detector needs %s, which is not installed",
		     d->name, d->tool);
		return 0;
	}
	if (d->build != RL_BUILD_NONE && access(r->binary, X_OK) != 0) {
		fail(r, unbuilt, "the program %s is not built%s", r->binary, "");
		return 0;
	}
	if (fresh_dir(&r->files) != 0) {
		fail(r, "Check the output folder (--out).",
		     "cannot create %s%s", r->files.dir, "");
		return 0;
	}
	if (make_tool_dir(&r->files, &in) != 0) {
		int e = errno;

		fail(r, "Check that $TMPDIR (or /tmp) is a folder racelab can write.",
		     "cannot create a private folder for the tool's reports in %s: %s",
		     in, strerror(e));
		return 0;
	}
	execute(r);
	return 1;
}

int rl_session(const struct rl_layout *l, const char *case_name,
	       const char *variant, const struct rl_detector *d, int run,
	       struct rl_result *r)
{
	char err[512];

	memset(r, 0, sizeof *r);
	snprintf(r->case_name, sizeof r->case_name, "%s", case_name);
	snprintf(r->variant, sizeof r->variant, "%s", variant);
	r->detector = d;
	r->run = run;
	r->info.tool_error_count = -1;
	rl_variant_source(case_name, variant, r->suffix, sizeof r->suffix);
	snprintf(r->source, sizeof r->source, "%s/%s", l->root, r->suffix);
	if (d->build == RL_BUILD_NONE)
		snprintf(r->binary, sizeof r->binary, "%s", r->source);
	else
		snprintf(r->binary, sizeof r->binary, "%s/%.*s%s", l->root,
			 (int)strlen(r->suffix) - 2, r->suffix,
			 rl_build_suffix(d->build));
	snprintf(r->files.source, sizeof r->files.source, "%s", r->source);
	/* racelab.h and thread_safety.h, for a detector that compiles */
	snprintf(r->files.cflags, sizeof r->files.cflags, "-I%s/harness/case",
		 l->root);
	snprintf(r->rerun, sizeof r->rerun,
		 "./racelab run %s --variant %s --detector %s", case_name,
		 variant, d->name);
	snprintf(r->files.dir, sizeof r->files.dir, "%s/%s/%s/%s/run-%d",
		 l->raw_dir, case_name, variant, d->name, run);

	if (rl_contract_load(r->source, &r->contract, err, sizeof err) != 0) {
		fail(r, "Fix the header (see docs/contract.md).", "%s%s", err, "");
		return 0;
	}
	r->contract_loaded = 1;
	r->fairness.max_wait_ms = r->contract.max_wait_ms;
	r->fairness.min_jain = r->contract.min_jain;
	return checked_execute(r, "Build it: `bazel build //...`.") &&
	       rl_verdict_passes(r->judgement.verdict);
}

int rl_session_program(const struct rl_program *p, const struct rl_detector *d,
		       int run, struct rl_result *r)
{
	memset(r, 0, sizeof *r);
	snprintf(r->case_name, sizeof r->case_name, "%s", p->name);
	snprintf(r->variant, sizeof r->variant, "%s", p->variant);
	r->detector = d;
	r->run = run;
	r->info.tool_error_count = -1;
	r->args = p->args;
	r->nargs = p->nargs;
	r->more_sources = p->more_sources;
	r->nmore = p->nmore;
	r->fairness = p->fairness;
	snprintf(r->suffix, sizeof r->suffix, "%s", p->suffix);
	snprintf(r->source, sizeof r->source, "%s", p->source);
	if (d->build == RL_BUILD_NONE)
		snprintf(r->binary, sizeof r->binary, "%s", p->source);
	else
		snprintf(r->binary, sizeof r->binary, "%s%s", p->stem,
			 rl_build_suffix(d->build));
	snprintf(r->files.source, sizeof r->files.source, "%s", p->source);
	snprintf(r->files.cflags, sizeof r->files.cflags, "%s",
		 p->cflags ? p->cflags : "");
	snprintf(r->rerun, sizeof r->rerun, "./racelab compare %s --detector %s",
		 p->suffix, d->name);
	snprintf(r->files.dir, sizeof r->files.dir, "%s/%s/%s/%s/run-%d",
		 p->raw_dir, p->name, p->variant, d->name, run);
	return checked_execute(r, "See why it was not built above.") &&
	       r->judgement.verdict == RL_CLEAN;
}

void rl_result_free(struct rl_result *r)
{
	if (r->contract_loaded)
		rl_contract_free(&r->contract);
	rl_findings_free(&r->findings);
	rl_findings_free(&r->symptoms);
	rl_watchdog_free(&r->watchdog);
}
