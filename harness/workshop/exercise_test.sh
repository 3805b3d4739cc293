#!/bin/bash
# exercise_test NAME: the workshop's self-check for one exercise (the
# maintainers' `racelab exercise verify NAME`): its untouched copy is not
# solved, and its reference fix and each alternative fix are.
set -uo pipefail
# Temporary files (racelab's, the tools', the compilers') in the test's own
# folder: Bazel 4.2 gives a test TMPDIR=/tmp, the host's, writable from
# its sandbox (docs/remote-execution.md).
export TMPDIR=${TEST_TMPDIR:-${TMPDIR:-/tmp}}
exec harness/racelab exercise verify "$1" --root "$PWD"
