#!/bin/bash
# `bazel run //:cli -- ARGS`: the racelab command over the whole catalogue,
# which sits in this runfiles tree; results and pages go to the workspace.
cmd=${1:-}
[ $# -gt 0 ] && shift
ws=${BUILD_WORKSPACE_DIRECTORY:-$PWD}
exec harness/racelab "$cmd" --root "$PWD" --out "$ws/racelab-report" \
	--docs "$ws/docs/cases" "$@"
