#!/bin/bash
# bench/exercise_check.sh [RUNS]: how long `racelab exercise check` takes,
# the median of RUNS checks (default 5) for three exercises, untouched
# and with the reference fix, and where the time goes: the clang build of
# the copy; native, TSan (its build included) and the oracle; Helgrind and
# DRD, which run beside them in a process of their own.
# Prints figures only; a quiet machine gives the figures that mean
# something (the load average is printed with them).
set -euo pipefail
runs=${1:-5}
workspace=$(cd "$(dirname "$0")/.." && pwd)
cd "$workspace"
./racelab exercise list --dir "$(mktemp -d)" >/dev/null	# builds racelab
racelab=$workspace/bazel-bin/harness/racelab
export BUILD_WORKSPACE_DIRECTORY=$workspace
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# the reference fix under the copy's own header, its rl_lock() and the
# like written as plain pthread calls
plain_fix() {
	python3 - "$workspace/fixed/$1.c" "$work/$1.c" <<'PY'
import re, sys
fix, copy = sys.argv[1:]
text = open(fix).read()
body = text[text.index("*/") + 2:].lstrip("\n")
for ours, theirs in [("rl_lock(", "pthread_mutex_lock("), ("rl_unlock(", "pthread_mutex_unlock("),
                     ("rl_cond_wait(", "pthread_cond_wait(")]:
    body = body.replace(ours, theirs)
body = re.sub(r"[ \t]*/\* racelab:mark [^*]*\*/", "", body)
mine = open(copy).read()
open(copy, "w").write(mine[:mine.index("*/") + 2] + "\n" + body)
PY
}

echo "racelab exercise check: median of $runs checks each ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-26s %-9s %8s %8s %10s %10s\n' exercise copy total build "fast runs" "helgrind+drd"
for name in counter_increment deadlock_abba lost_wakeup_signal_first; do
	for copy in untouched fixed; do
		rm -rf "$work"/*
		"$racelab" exercise start "$name" --dir "$work" >/dev/null
		[ "$copy" = fixed ] && plain_fix "$name"
		: >"$work/times"
		for ((i = 0; i < runs; i++)); do
			"$racelab" exercise check "$name" --dir "$work" 2>/dev/null |
				sed -n 's/^Checked in \([0-9.]*\) s: build \([0-9.]*\) s, runs \([0-9.]*\) s, Helgrind and DRD \([0-9.]*\) s.*/\1 \2 \3 \4/p' \
					>>"$work/times" || true
		done
		[ "$(wc -l <"$work/times")" -eq "$runs" ] || { echo "$name $copy: a check gave no timing line" >&2; exit 1; }
		printf '%-26s %-9s' "$name" "$copy"
		for col in 1 2 3 4; do
			printf ' %8.2fs' "$(cut -d' ' -f$col "$work/times" | median)"
		done
		echo
	done
done
