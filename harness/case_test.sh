#!/bin/bash
# One Bazel test: `racelab test CASE --variant V --detector D` in the
# runfiles tree, where the program's source and build sit side by side.
exec harness/racelab test "$@"
