#!/bin/bash
# racelab's speed, measured: harness overhead against each tool run by
# hand, a warm `./racelab run`, and the matrix at 20, 40 and 80 cases.
# Prints the figures and writes them to docs/performance.md.
#
#   bench/performance.sh [--reps N] [--sizes 20,40,80] [--no-matrix] [--out FILE]
#
# About 12 minutes on 2 cores; run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
./racelab setup
bazel build --noshow_progress --show_result=0 --ui_event_filters=-info //:cli >&2
exec python3 bench/performance.py "$@"
