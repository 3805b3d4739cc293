#!/bin/bash
# `bazel run //:cli -- ARGS`: the racelab command over the whole catalogue,
# which sits in this runfiles tree; results and pages go to the workspace.
# Paths the user gives stay theirs: racelab takes a relative one from
# $BUILD_WORKING_DIRECTORY, where `bazel run` (or ./racelab) was started.
# ../racelab reads this file with /bin/sh (dash): POSIX sh only.
cmd=${1:-}
[ $# -gt 0 ] && shift
ws=${BUILD_WORKSPACE_DIRECTORY:-$PWD}
# The defaults, each to the commands that take it; the user's own options
# come after them and win.
case $cmd in
list) set -- --root "$PWD" "$@" ;;
run | report | test) set -- --root "$PWD" --out "$ws/racelab-report" "$@" ;;
docs) set -- --root "$PWD" --out "$ws/racelab-report" --docs "$ws/docs/cases" "$@" ;;
esac
exec harness/racelab "$cmd" "$@"
