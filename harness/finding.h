/* finding.h - one normalised thing a detector said.
 *
 * Every parser (TSan text, Helgrind XML, later DRD, the watchdog)
 * turns a tool's output into a list of findings. The parsers know nothing
 * of processes or contracts; the verdict knows nothing of how a finding
 * was obtained.
 */
#ifndef RACELAB_FINDING_H
#define RACELAB_FINDING_H

#include <stddef.h>

/* The common categories that contracts name (`expect.tsan: data-race`). */
enum rl_category {
	RL_CAT_DATA_RACE,
	RL_CAT_LOCK_ORDER,
	RL_CAT_MUTEX_MISUSE,
	RL_CAT_CONDVAR_MISUSE,
	RL_CAT_THREAD_LEAK,
	RL_CAT_SIGNAL_MISUSE,
	RL_CAT_MEMORY_ERROR,
	RL_CAT_DEADLOCK,
	RL_CAT_LIVELOCK,
	RL_CAT_LOST_WAKEUP,
	RL_CAT_STARVATION,
	RL_CAT_LOST_UPDATE,	/* a program's own check: updates went missing */
	RL_CAT_WRONG_RESULT,	/* a program's own check: any other broken invariant */
	RL_CAT_CRASH,		/* the program died of a signal */
	RL_CAT_OTHER,
	RL_CAT_COUNT
};

/* "data-race" etc.; NULL for an out-of-range value. */
const char *rl_category_name(enum rl_category c);
/* The category of a name, or -1 when the name is not one. */
int rl_category_from_name(const char *name);

struct rl_frame {
	char *function;		/* may be NULL when the tool did not know */
	char *file;		/* as the debug info names it; may be NULL */
	int line;		/* 0 when unknown */
};

/* What a stack is the stack of, read from the tool's words for it. */
enum rl_role {
	RL_ROLE_OTHER,
	RL_ROLE_ACCESS,		/* a read or write of memory */
	RL_ROLE_LOCK,		/* a lock taken (or first seen) */
	RL_ROLE_THREAD,		/* a thread's creation */
	RL_ROLE_ALLOC,		/* where the memory was allocated */
	RL_ROLE_COUNT
};

/* One stack a tool printed: an access, a lock acquisition, a thread's
 * creation. Frames are innermost first. */
struct rl_stack {
	/* the tool's words: "Previous read of size 4 by thread T2"; NULL
	 * when the tool gave the stack none (Valgrind XML can) */
	char *label;
	/* The thread, in creation order as every tool numbers it once made
	 * to agree: 0 is main, 1 the first thread it created, and so on
	 * (TSan's T1 and Helgrind's #2 are both 1); -1 when unknown. The
	 * watchdog counts the threads it saw in the stack's process
	 * (watchdog.c: thread_number). */
	int thread;
	enum rl_role role;
	char access;		/* 'r' or 'w' for an access, else 0 */
	int size;		/* bytes accessed, 0 when not said */
	struct rl_frame *frames;
	size_t nframes;
};

struct rl_finding {
	const char *tool;	/* "tsan", "helgrind", ... (static string) */
	char *kind;		/* the tool's own: "data race", "Race", "LockOrder" */
	enum rl_category category;
	char *headline;		/* one line of text, the tool's summary */
	struct rl_stack *stacks;	/* access stacks first, then the rest */
	size_t nstacks;
	unsigned count;		/* occurrences the tool folded into this one, >= 1 */
	/* What was raced on, where the tool says: a variable's name
	 * ("counter"), or "heap block of size 16", "stack of thread 2" */
	char *variable;
	/* explore's: the interleaving told step by step (lines of at most
	 * 80 columns), and the schedule file `racelab replay` runs; NULL
	 * for the other tools */
	char *story;
	char *schedule_file;
	/* the tool reported it after the program's fatal signal (Valgrind's
	 * <fatal_signal>): a check at exit, such as locks still held, which
	 * a stop by racelab's own signal makes happen */
	int after_signal;
};

struct rl_findings {
	struct rl_finding *v;
	size_t n, cap;
};

/* What a parser learned about the output as a whole. */
struct rl_parse_info {
	int complete;		/* 1 when the output ended as the tool ends it */
	int crashed;		/* the tool reported the program died (SEGV, ...) */
	int fatal_signal;	/* of which signal, when the tool says; 0 if not */
	int tool_error_count;	/* what the tool itself said it counted, -1 if not said */
	char error[256];	/* why parsing failed or what was odd; "" if nothing */
	char tool_failed[256];	/* the tool's own failure, in its words
				 * (TSan's "CHECK failed: ..."); "" if none */
	int suppressed;		/* reports the tool matched to a suppression
				 * (the user's) and did not show; 0 if none */
	int pid, ppid;		/* the process the output is of, and its
				 * parent, where the tool says (Valgrind); 0 if not */
	/* how much a search covered, when its time ran out before what it
	 * was asked ("in 620 of 1000 schedules: ..."); "" when it did all */
	char scope[160];
};

/* Appends a zeroed finding with tool, kind and category set; returns it.
 * Aborts on out-of-memory (a harness with no memory cannot report). */
struct rl_finding *rl_findings_add(struct rl_findings *fs, const char *tool,
				   const char *kind, enum rl_category cat);
/* Appends an empty stack to f; returns it. Its role, access and size are
 * read from the label, in the words of any tool: "Write of size 4",
 * "Previous read of size 8", "Possible data race during write of size
 * 4", "a previous read of size 4", "Conflicting store ... size 8",
 * "... acquired ...", "Lock at ... was first observed", "... created
 * ...", "... allocated ...". */
struct rl_stack *rl_finding_add_stack(struct rl_finding *f, const char *label,
				      int thread);
/* Sets f->variable, once, from a tool's words for the memory: "global
 * 'counter' of size 8 at ..." (TSan), "... inside data symbol \"slot\""
 * or "... global var \"counter\"" (Valgrind), "heap block of size 4",
 * "a block of size 4 alloc'd", "stack of main thread". Words that say
 * none of these are ignored. */
void rl_finding_set_variable(struct rl_finding *f, const char *words);

/* "read", "write", "lock", "thread", "alloc", "other". */
const char *rl_role_name(enum rl_role r);

/* Appends a frame; function and file may be NULL. */
void rl_stack_add_frame(struct rl_stack *s, const char *function,
			const char *file, int line);
void rl_findings_free(struct rl_findings *fs);
/* Removes the findings made after the program's fatal signal
 * (after_signal); returns how many. */
size_t rl_findings_drop_after_signal(struct rl_findings *fs);

/* The innermost frame of s whose file ends in source_suffix (compared on
 * path components, so "cases/x.c" matches "/abs/cases/x.c" but not
 * "/abs/mycases/x.c"); NULL if none. */
const struct rl_frame *rl_stack_frame_in(const struct rl_stack *s,
					 const char *source_suffix);

/* ":12" for a line, " (no line number)" for 0 (a frame the debug
 * information gives no line), into buf; returns buf. */
const char *rl_line_text(int line, char *buf, size_t len);

/* A thread as every detector's words name it, from its number in
 * creation order (struct rl_stack's thread): "main" for 0, "thread 2"
 * for 2, "a thread" when unknown (below 0); into buf, returns buf. */
const char *rl_thread_words(int thread, char *buf, size_t len);

/* Every string of every finding made printable: the kinds, headlines,
 * variables, labels, functions and files (the story keeps its lines). */
void rl_findings_make_printable(struct rl_findings *fs);

#endif
