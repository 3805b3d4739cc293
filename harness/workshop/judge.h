/* judge.h - the part of an exercise that judges it: each rl_symptom()
 * call of a source with the conditions that lead to it, read from
 * clang's own AST of the source (-ast-dump=json, read with jansson), so
 * that `exercise check` can tell a copy that keeps its check from one
 * that turned it off (`if (0 && ...)`, a condition rewritten, the call
 * gone).
 */
#ifndef RACELAB_JUDGE_H
#define RACELAB_JUDGE_H

#include <stddef.h>

#define RL_MAX_JUDGES 16

struct rl_judge {
	char key[1024];		/* the conditions and the category, blanks
				 * taken out: what must stay as it was */
	char text[256];		/* the innermost condition, as written */
	int line;		/* of the innermost condition, or the call */
};

/* A way out of the program that skips its check: exit(0) (_exit,
 * quick_exit, EXIT_SUCCESS), a return of 0 before a judge in its own
 * function, pthread_exit there, a longjmp, an exec, a raw syscall. */
struct rl_exit {
	char key[256];		/* the call or return, blanks taken out */
	char text[256];		/* the same as the source has it, each run of
				 * blanks one space: "return 0" */
	char func[128];
	long offset;
	int line;
};

#define RL_MAX_EXITS 64

struct rl_judges {
	struct rl_judge v[RL_MAX_JUDGES];
	size_t n;
	struct rl_exit exits[RL_MAX_EXITS];
	size_t nexits;
	long judge_offset[RL_MAX_JUDGES];	/* v[k]'s call, in the source */
	char judge_func[RL_MAX_JUDGES][128];
};

/* The judges of source, compiled by clang with -I include_dir; clang's
 * output goes to files in dir. 0, or -1 with a sentence in err. */
int rl_judges_of(const char *source, const char *include_dir,
		 const char *dir, struct rl_judges *out, char *err,
		 size_t errlen);

/* The first judge of the original that the copy does not keep, or NULL.
 * A judge the reference fixes changed may be kept in the fixes' words
 * instead. */
const struct rl_judge *rl_judge_missing(const struct rl_judges *original,
					const struct rl_judges *fixes,
					size_t nfixes,
					const struct rl_judges *copy);

/* The first way out of the program before its check that the copy has
 * and neither the original nor a reference fix has as often, or NULL. */
const struct rl_exit *rl_judge_skipped(const struct rl_judges *original,
				       const struct rl_judges *fixes,
				       size_t nfixes,
				       const struct rl_judges *copy);

#endif
