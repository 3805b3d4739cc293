#!/bin/bash
# How long after a hang begins does racelab say what it is? For every
# case whose broken program hangs or spins (its contract expects the
# watchdog to report deadlock, lost-wakeup or livelock), runs it N times
# (default 20) under every detector and prints the time from onset (the
# last moment any thread used CPU; for a livelock, the last progress mark)
# to the watchdog's verdict, stacks from gdb/vgdb included: median and worst
# per case and detector. Without the watchdog, each of these runs would have
# waited for the harness timeout (10-30 s) or Bazel's (60 s).
#
#   bench/hang_latency.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
./racelab setup
bazel build --noshow_progress --show_result=0 --ui_event_filters=-info //:cli >&2
hanging=$(grep -l -E '^ \* expect watchdog: (deadlock|lost-wakeup|livelock)' cases/*.c |
	xargs -n1 basename | sed 's/\.c$//')
for c in $hanging; do
	echo "== $c ($runs runs per detector)"
	./racelab run "$c" --variant broken --runs "$runs" | grep '^hang onset'
done
