/* findings_check.h - what every parser promises about the findings it
 * returns, whatever the input: checked after each fuzzed parse, so a
 * broken promise stops the fuzzer like a crash does (abort). */
#ifndef RACELAB_FUZZ_FINDINGS_CHECK_H
#define RACELAB_FUZZ_FINDINGS_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../finding.h"

#define FUZZ_REQUIRE(cond)                                                 \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: broken promise: %s\n",     \
				__FILE__, __LINE__, #cond);                \
			abort();                                           \
		}                                                          \
	} while (0)

/* A C string that ends within size bytes. */
static inline void fuzz_check_field(const char *s, size_t size)
{
	FUZZ_REQUIRE(memchr(s, '\0', size) != NULL);
}

static inline void fuzz_check_findings(const struct rl_findings *fs,
				       const struct rl_parse_info *info,
				       const char *tool)
{
	fuzz_check_field(info->error, sizeof info->error);
	fuzz_check_field(info->tool_failed, sizeof info->tool_failed);
	FUZZ_REQUIRE(info->complete == 0 || info->complete == 1);
	FUZZ_REQUIRE(fs->n <= fs->cap);
	for (size_t i = 0; i < fs->n; i++) {
		const struct rl_finding *f = &fs->v[i];

		FUZZ_REQUIRE(f->tool && strcmp(f->tool, tool) == 0);
		FUZZ_REQUIRE(f->kind != NULL);
		FUZZ_REQUIRE(rl_category_name(f->category) != NULL);
		FUZZ_REQUIRE(f->count >= 1);
		for (size_t s = 0; s < f->nstacks; s++) {
			const struct rl_stack *st = &f->stacks[s];

			/* st->label may be NULL: Valgrind's XML can give a
			 * stack no words before it, and readers allow that */
			if (st->label)
				fuzz_check_field(st->label, strlen(st->label) + 1);
			FUZZ_REQUIRE(rl_role_name(st->role) != NULL);
			for (size_t k = 0; k < st->nframes; k++)
				FUZZ_REQUIRE(st->frames[k].line >= 0);
		}
	}
}

#endif
