#!/bin/bash
# `bazel run //:cli -- ARGS`: the racelab command over the whole catalogue,
# which sits in this runfiles tree; results go to the workspace.
cmd=${1:-}
[ $# -gt 0 ] && shift
exec harness/racelab "$cmd" --root "$PWD" \
	--out "${BUILD_WORKSPACE_DIRECTORY:-$PWD}/racelab-report" "$@"
