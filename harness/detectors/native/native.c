/* native: the plain build, no tool. What it knows is what the program's
 * own check reports (its symptom), and how the program ended. */
#include "../../detector.h"

const struct rl_detector rl_detector_native = {
	.name = "native",
	.about = "the plain build; findings are the program's own symptoms",
	.version_of = "clang",	/* the compiler of the build it runs */
	.build = RL_BUILD_PLAIN,
	.timeout_s = 10,
	.term_grace_s = 0.2,
	.judged_on = RL_ON_SYMPTOM,
	.slowdown = 1,
	.attach = RL_ATTACH_GDB,
	.prepare = rl_prepare_plain,
	.collect = NULL,
};
