#!/bin/bash
# explore's search over many executors, simulated on this machine: one
# correct program's explore test (fixed/counter_increment) with its
# search split 1, 2, 4 and 8 ways (Bazel's shard_count: //bench:
# explore_shards_N), each shard a test action, --local_test_jobs as many
# as shards (an executor each), the same number of schedules in all.
# Prints, for each: the wall time of `bazel test` and schedules per
# second; then the same tests again without --nocache_test_results,
# every shard's result from Bazel's cache (a seed already explored).
#
#   bench/explore-shards.sh [--schedules N] [--BAZEL_OPTION...]
#
# Bazel's own output is kept in racelab-bench/explore-shards/. Status 1
# when a shard did not pass (the fix must stay clean in every part).
set -uo pipefail
cd "$(dirname "$0")/.."
schedules=4000 options=()
while [ $# -gt 0 ]; do
	case $1 in
	--schedules=*) schedules=${1#*=} ;;
	--schedules)
		[ $# -ge 2 ] || { echo "explore-shards: \`--schedules\` needs a value: --schedules N." >&2; exit 2; }
		schedules=$2
		shift
		;;
	--*) options+=("$1") ;;
	*) echo "explore-shards: \`$1\` is not an option: the options are --schedules N and Bazel's own (--name=value)." >&2; exit 2 ;;
	esac
	shift
done
[[ $schedules =~ ^[0-9]{1,7}$ ]] && ((10#$schedules >= 8 && 10#$schedules <= 1000000)) || {
	echo "explore-shards: \`--schedules\` takes a whole number from 8 to 1000000, not \`$schedules\`." >&2
	exit 2
}
schedules=$((10#$schedules))
logs=racelab-bench/explore-shards
mkdir -p "$logs"
counts=(1 2 4 8)
targets=()
for n in "${counts[@]}"; do targets+=("//bench:explore_shards_$n"); done

# built first, so that what is timed is the search
bazel build --color=no --curses=no "${options[@]}" "${targets[@]}" >"$logs/build.log" 2>&1 || {
	echo "explore-shards: the tests did not build: see $logs/build.log" >&2
	exit 1
}

echo "explore-shards: fixed/counter_increment, $schedules schedules split N ways, --local_test_jobs=N"
echo "              on $(git log -1 --format='%h' 2>/dev/null), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at the start"
printf '%-7s %-16s %-10s %-8s %-12s %s\n' shards local_test_jobs schedules "wall s" schedules/s speed-up
status=0 base=
for n in "${counts[@]}"; do
	log=$logs/shards_$n.log
	start=$(date +%s.%N)
	bazel test --color=no --curses=no --nocache_test_results --local_test_jobs="$n" \
		--test_arg=--schedules="$schedules" "${options[@]}" "//bench:explore_shards_$n" >"$log" 2>&1 || status=1
	end=$(date +%s.%N)
	wall=$(echo "$end - $start" | bc)
	rate=$(echo "$schedules / $wall" | bc)
	[ -n "$base" ] || base=$wall
	printf '%-7s %-16s %-10s %-8.1f %-12s %.2fx\n' "$n" "$n" "$schedules" "$wall" "$rate" "$(echo "$base / $wall" | bc -l)"
	grep -qE "^//bench:explore_shards_$n +PASSED" "$log" ||
		echo "        not PASSED: see $log"
done
# Again, with Bazel's cache: the same program, racelab and seeds (the
# shard's part and --schedules are in the test's key), no search.
log=$logs/cached.log
start=$(date +%s.%N)
bazel test --color=no --curses=no --test_arg=--schedules="$schedules" "${options[@]}" "${targets[@]}" >"$log" 2>&1 || status=1
end=$(date +%s.%N)
printf 'again, from the cache: %d of %d tests (cached), %.1f s wall\n' \
	"$(grep -cE '^//bench:explore_shards_[0-9]+ +\(cached\) PASSED' "$log")" "${#counts[@]}" \
	"$(echo "$end - $start" | bc)"
exit $status
