#!/bin/bash
# One Bazel test: `racelab test CASE --variant V --detector D` in the
# runfiles tree, where the program's source and build sit side by side.

# Temporary files (racelab's, the tools', the compilers') in the test's own
# folder: Bazel 4.2 gives a test TMPDIR=/tmp, the host's, writable from
# its sandbox (docs/remote-execution.md).
export TMPDIR=${TEST_TMPDIR:-${TMPDIR:-/tmp}}

# A sharded test (explore's: shard_count) searches its own part: Bazel
# says which, and asks to be told the test knows it shards.
shard=()
if [ "${TEST_TOTAL_SHARDS:-1}" -gt 1 ]; then
	shard=(--shard "$TEST_SHARD_INDEX/$TEST_TOTAL_SHARDS")
fi
if [ -n "${TEST_SHARD_STATUS_FILE:-}" ]; then
	touch "$TEST_SHARD_STATUS_FILE"
fi
exec harness/racelab test "$@" "${shard[@]}"
