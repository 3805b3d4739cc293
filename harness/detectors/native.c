/* native: the plain build, no tool. What it knows is what the program's
 * own check reports (its symptom), and how the program ended. */
#include "../detector.h"

static void prepare(struct rl_spawn *s, const char *binary,
		    const struct rl_run_files *f)
{
	(void)f;
	rl_spawn_arg(s, "%s", binary);
}

const struct rl_detector rl_detector_native = {
	.name = "native",
	.about = "the plain build; findings are the program's own symptoms",
	.tsan_build = 0,
	.timeout_s = 10,
	.term_grace_s = 0.2,
	.limit_address_space = 1,
	.prepare = prepare,
	.collect = NULL,
};
