/* junit.h - one result as a JUnit file (libxml2), where Bazel asks a
 * test for one. */
#ifndef RACELAB_OUTPUTS_JUNIT_H
#define RACELAB_OUTPUTS_JUNIT_H

#include "../session.h"

/* A JUnit file with one testcase for r. 0 or -1. */
int rl_write_junit(const char *path, const struct rl_result *r);

#endif
