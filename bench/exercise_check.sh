#!/bin/bash
# bench/exercise_check.sh [RUNS] [NAME...]: how long `racelab exercise
# check` takes, over the course (or the exercises named), the median of
# RUNS checks each (default 3), for the untouched copy (failing) and the
# reference fix (solved):
#  - first FAIL: seconds from the start of the check to its first FAIL
#    line on the screen (the goal: 3 s), read as the check prints;
#  - total: the whole check, as the check itself says it (`Checked in`).
# Prints figures only, and the worst first FAIL with the count of failing
# checks over 3 s; a quiet machine gives the figures that mean something
# (the load average is printed with them).
set -euo pipefail
runs=${1:-3}
[ $# -gt 0 ] && shift
workspace=$(cd "$(dirname "$0")/.." && pwd)
cd "$workspace"
./racelab exercise list --dir "$(mktemp -d)" >/dev/null	# builds racelab
racelab=$workspace/bazel-bin/harness/racelab
export BUILD_WORKSPACE_DIRECTORY=$workspace
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	mapfile -t names < <(grep -v '^#' cases/course.txt | awk 'NF { print $1 }')
fi

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# the reference fix in the copy, as plain pthread calls
plain_fix() {
	python3 "$workspace/harness/workshop/plain_fix.py" "$workspace/fixed/$1.c" "$work/$1.c"
}

# one check of $1 in $work: appends "FIRST_FAIL TOTAL" to $work/times
# (FIRST_FAIL "-" when no line failed), timing each line as it comes
one_check() {
	local start=$EPOCHREALTIME line first=- total=-
	while IFS= read -r line; do
		if [ "$first" = - ] && [[ $line == "  FAIL  "* ]]; then
			first=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
		fi
		if [[ $line =~ ^Checked\ in\ ([0-9.]+)\ s ]]; then
			total=${BASH_REMATCH[1]}
		fi
	done < <("$racelab" exercise check "$1" --dir "$work" 2>/dev/null || true)
	echo "$first $total" >>"$work/times"
}

echo "racelab exercise check: median of $runs checks each ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-30s %-9s %11s %8s\n' exercise copy "first FAIL" total
worst=0 over=0 failing=0
for name in "${names[@]}"; do
	for copy in untouched fixed; do
		rm -rf "${work:?}"/*
		"$racelab" exercise start "$name" --dir "$work" >/dev/null
		[ "$copy" = fixed ] && plain_fix "$name"
		: >"$work/times"
		for ((i = 0; i < runs; i++)); do
			one_check "$name"
		done
		first=$(awk '$1 != "-" { print $1 }' "$work/times" | median)
		total=$(awk '$2 != "-" { print $2 }' "$work/times" | median)
		printf '%-30s %-9s %10ss %7ss\n' "$name" "$copy" "$first" "$total"
		if [ "$copy" = untouched ] && [ "$first" != - ]; then
			failing=$((failing + 1))
			awk -v f="$first" -v w="$worst" 'BEGIN { exit !(f > w) }' && worst=$first
			awk -v f="$first" 'BEGIN { exit !(f > 3) }' && over=$((over + 1))
		fi
	done
done
echo "untouched copies: $failing failing; the slowest first FAIL ${worst} s; $over over 3 s"
