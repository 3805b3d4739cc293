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

# the reference fix in the copy, as plain pthread calls
plain_fix() {
	python3 "$workspace/harness/workshop/plain_fix.py" "$workspace/fixed/$1.c" "$work/$1.c"
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
