#!/bin/bash
# One Bazel test: `racelab test CASE --variant V --detector D` in the
# runfiles tree, where the program's source and build sit side by side.

# Temporary files (racelab's, the tools', the compilers') in the test's own
# folder: Bazel 4.2 gives a test TMPDIR=/tmp, the host's, writable from
# its sandbox (docs/remote-execution.md).
export TMPDIR=${TEST_TMPDIR:-${TMPDIR:-/tmp}}
exec harness/racelab test "$@"
