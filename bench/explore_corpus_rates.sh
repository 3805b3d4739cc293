#!/bin/bash
# How often does each program of the explore corpus show its bug without
# racelab's scheduler? Builds every harness/explore/corpus program (clang
# -g -O1 -pthread; clang++ for .cpp) into a temporary folder, runs each one
# RUNS times (default 1000) with a 5 s timeout per run, and prints
# "name kind shown/runs": a run shows the bug when it exits non-zero, dies
# of a signal or is killed by the timeout (a deadlock or lost wakeup). The
# corpus's bugs are meant to be rare in a plain run: under 10 of 1000.
# A second argument measures another folder instead (corpus/fixed: every
# count there must be 0).
#
#   bench/explore_corpus_rates.sh [RUNS] [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-1000}
dir=${2:-harness/explore/corpus}
case $runs in
'' | *[!0-9]*)
	echo "usage: $0 [RUNS] [DIR]" >&2
	exit 2
	;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ulimit -c 0

# Builds one program; its kind (the header's "kind:" line) goes beside it.
build() {
	local src=$1 name compiler
	name=$(basename "${src%.*}")
	compiler=clang
	[[ $src == *.cpp ]] && compiler=clang++
	"$compiler" -g -O1 -pthread -o "$tmp/$name" "$src"
	sed -n 's/^ \* kind: *\([a-z0-9-]*\).*/\1/p' "$src" | head -n1 >"$tmp/$name.kind"
}

# Runs one program RUNS times; writes "name kind shown/runs" to its file.
measure() {
	local name=$1 shown=0 i rc
	for ((i = 0; i < runs; i++)); do
		rc=0
		timeout -s KILL 5 "$tmp/$name" >/dev/null 2>&1 || rc=$?
		if ((rc != 0)); then
			shown=$((shown + 1))
			echo "$name: run $i: status $rc" >>"$tmp/$name.log"
		fi
	done
	printf '%-34s %-12s %d/%d\n' "$name" "$(cat "$tmp/$name.kind")" "$shown" "$runs" >"$tmp/$name.row"
}

names=()
for src in "$dir"/*.c "$dir"/*.cpp; do
	[[ -e $src ]] || continue
	build "$src"
	names+=("$(basename "${src%.*}")")
done
if ((${#names[@]} == 0)); then
	echo "no programs in $dir" >&2
	exit 1
fi

jobs=$(nproc)
for name in "${names[@]}"; do
	while (($(jobs -rp | wc -l) >= jobs)); do
		wait -n
	done
	measure "$name" &
done
wait

printf '%-34s %-12s %s\n' name kind shown/runs
for name in "${names[@]}"; do
	cat "$tmp/$name.row"
done
for name in "${names[@]}"; do
	if [[ -s $tmp/$name.log ]]; then
		echo "$name: statuses: $(cut -d' ' -f5 "$tmp/$name.log" | sort | uniq -c | tr -s ' ' | paste -sd,)" >&2
	fi
done
