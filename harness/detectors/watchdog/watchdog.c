/* watchdog: the plain build, judged by racelab's watchdog alone
 * (watchdog.h): deadlock, livelock, lost wakeup and starvation, the bugs
 * that TSan and Helgrind do not report. The same watchdog runs beside every
 * other detector; here its findings are the verdict. */
#include "../../detector.h"

const struct rl_detector rl_detector_watchdog = {
	.name = "watchdog",
	.about = "racelab's watchdog: hangs, spins and starvation, from /proc",
	.tool = "gdb",
	.package = "gdb",
	.build = RL_BUILD_PLAIN,
	.timeout_s = 10,
	.term_grace_s = 0.2,
	.judged_on = RL_ON_LIVENESS,
	.slowdown = 1,
	.attach = RL_ATTACH_GDB,
	.prepare = rl_prepare_plain,
	.collect = NULL,
};
