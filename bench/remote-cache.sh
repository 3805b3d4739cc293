#!/bin/bash
# Two clones of this checkout's HEAD, one cache: the first clone runs the
# tests sandboxed and fills the cache, the second must get every test
# result from it (what a remote cache gives a second machine with the same
# tools; docs/remote-execution.md). The cache is a disk cache, or with
# --http the lab's HTTP cache: nginx started on a free loopback port by
# bench/cache-server.sh, reached with --config=labcache. For each clone:
# tests, tests executed, passed, failed, results from the cache
# ("(cached)"), wall time, and Bazel's count of processes by where they
# ran.
#
# With --ci the first clone runs the project's CI, .ci/run (set-up, the
# tests, the report and the checks after them), through the cache: a
# course's CI filling the lab's cache, which every machine then reuses.
#
#   bench/remote-cache.sh [--http] [--ci] [PATTERN...] [--BAZEL_OPTION...]
#   bench/remote-cache.sh                        # //...: ~1269 tests
#   bench/remote-cache.sh --http                 # the same through nginx
#   bench/remote-cache.sh --http --ci            # clone 1 runs .ci/run through nginx
#   bench/remote-cache.sh //cases:counter_increment //harness:all
#   bench/remote-cache.sh //... --local_cpu_resources=1
#
# Status 1 when a test did not pass, or the second clone executed any
# test. The clones, their output bases and the cache (and the server's
# folder) live in one temporary folder, removed at the end with the
# clones' Bazel servers shut down and the server stopped; each clone's
# Bazel log is kept in racelab-remote-cache/ (with --ci, its report's
# results.json too, as clone1-results.json). HEAD is what is measured:
# uncommitted changes are not in the clones.
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
patterns=() options=() http= ci=
for arg; do
	case $arg in
	--http) http=1 ;;
	--ci) ci=1 ;;
	--*) options+=("$arg") ;;
	*) patterns+=("$arg") ;;
	esac
done
[ ${#patterns[@]} -gt 0 ] || patterns=(//...)
if [ -n "$ci" ] && { [ "${patterns[*]}" != //... ] || [ ${#options[@]} -gt 0 ]; }; then
	echo "remote-cache: --ci runs .ci/run as it is (bazel test //...): it takes no patterns or Bazel options" >&2
	exit 2
fi

head=$(git -C "$src" rev-parse HEAD) || exit 2
[ -z "$(git -C "$src" status --porcelain --untracked-files=no)" ] ||
	echo "remote-cache: uncommitted changes in $src are not measured: the clones are of HEAD ($(git -C "$src" rev-parse --short HEAD))" >&2
logs=$src/racelab-remote-cache
mkdir -p "$logs"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/racelab-remote-cache.XXXXXX")
server=$tmp/server
cleanup() {
	[ -n "$http" ] && "$src/bench/cache-server.sh" stop --dir "$server" >/dev/null 2>&1
	for c in 1 2; do
		[ -d "$tmp/clone$c" ] &&
			(cd "$tmp/clone$c" && bazel --output_base="$tmp/out$c" shutdown >/dev/null 2>&1)
	done
	chmod -R u+w "$tmp" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ -n "$http" ]; then
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') || exit 2
	"$src/bench/cache-server.sh" start --port "$port" --dir "$server" >/dev/null || exit 2
	cache=$server/store kind="HTTP cache (nginx)"
	cache_flags=(--config=labcache --remote_cache="http://127.0.0.1:$port")
	shown="--config=labcache --remote_cache=http://127.0.0.1:PORT"
else
	cache=$tmp/disk-cache kind="disk cache"
	cache_flags=(--disk_cache="$cache")
	shown="--disk_cache=DIR"
fi

# clone N: runs the tests in a fresh clone with an output base of its own
# (nothing shared with the first clone but the disk cache) and prints its
# figures; sets executed, total, cached, failed.
clone() {
	local n=$1 dir=$tmp/clone$1 log=$logs/clone$1.log start end
	git clone --quiet --no-hardlinks "$src" "$dir" &&
		git -C "$dir" checkout --quiet --detach "$head" || exit 2
	start=$(date +%s.%N)
	if [ "$n" = 1 ] && [ -n "$ci" ]; then
		# .ci/run as it is, its Bazel pointed at the cache the way a lab
		# points a machine (a user.bazelrc), its output base here
		{
			echo "startup --output_base=$tmp/out$n"
			printf 'build %s\n' --spawn_strategy=sandboxed "${cache_flags[@]}"
		} >"$dir/user.bazelrc"
		(cd "$dir" && nice -n 19 .ci/run) >"$log" 2>&1
		ci_line=$(tail -1 "$log")
		# the report it made, kept with the logs (racelab docs --from)
		cp "$dir/racelab-report/results.json" "$logs/clone1-results.json" 2>/dev/null
	else
		(cd "$dir" && nice -n 19 bazel --output_base="$tmp/out$n" test \
			--spawn_strategy=sandboxed "${cache_flags[@]}" \
			--color=no --curses=no "${options[@]}" -- "${patterns[@]}") >"$log" 2>&1
	fi
	end=$(date +%s.%N)
	# the first: .ci/run's bazel test //... (report --from-tests, after
	# it, says its own "Executed 0 out of N")
	read -r executed total < <(sed -nE 's/^Executed ([0-9]+) out of ([0-9]+) tests?.*/\1 \2/p' "$log" | head -1)
	executed=${executed:-0} total=${total:-0}
	passed=$(grep -cE '^//[^ ]+ +(\(cached\) )?PASSED' "$log")
	cached=$(grep -cE '^//[^ ]+ +\(cached\) ' "$log")
	failed=$(grep -cE '^//[^ ]+ +(\(cached\) )?(FAILED|TIMEOUT|FLAKY|INCOMPLETE|NO STATUS|FAILED TO BUILD)' "$log")
	printf 'clone %d: %d tests, %d executed, %d passed, %d failed, %d cached, %.1f s wall\n' \
		"$n" "$total" "$executed" "$passed" "$failed" "$cached" \
		"$(echo "$end - $start" | bc)"
	sed -nE 's/^INFO: ([0-9]+ processes?:.*)/         Bazel: \1/p' "$log" | tail -1
	[ -z "${ci_line:-}" ] || echo "         .ci/run: $ci_line"
	if [ "$failed" -gt 0 ] || [ "$total" -eq 0 ]; then
		grep -E '^//[^ ]+ +(\(cached\) )?(FAILED|TIMEOUT|FLAKY|INCOMPLETE|NO STATUS|FAILED TO BUILD)' "$log"
		grep -E '^ERROR' "$log" | head -5
	fi
}

echo "remote-cache: bazel test ${patterns[*]} --spawn_strategy=sandboxed $shown ${options[*]}"
echo "              on $(git -C "$src" log -1 --format='%h %s' "$head" | cut -c1-72)"
status=0
clone 1
[ "$failed" -eq 0 ] && [ "$total" -gt 0 ] || status=1
case ${ci_line:-} in
"" | *" passed, 0 failed") ;;
*) status=1 ;;
esac
ci_line=
first_total=$total
clone 2
[ "$failed" -eq 0 ] && [ "$total" -gt 0 ] || status=1
echo "$kind: $(du -sh "$cache" | cut -f1), $(find "$cache" -type f | wc -l) files"
if [ -n "$http" ]; then
	# what nginx answered: GET 200 a hit, 404 a miss; PUT 201 stored
	echo "nginx: $(awk '{ print $6, $9 }' "$server/logs/access.log" | tr -d '"' | sort | uniq -c |
		awk '{ printf "%s%s %s %s", sep, $1, $2, $3; sep = ", " }') requests"
	cp "$server/logs/error.log" "$logs/nginx-error.log" 2>/dev/null
fi
if [ "$executed" -ne 0 ] || [ "$cached" -ne "$total" ] || [ "$total" -ne "$first_total" ]; then
	echo "FAIL: the second clone executed $executed of $total tests; $cached came from the cache (logs: $logs)"
	status=1
elif [ "$status" -ne 0 ]; then
	echo "FAIL: a test did not pass (logs: $logs)"
else
	echo "OK: the second clone got all $total test results from the $kind"
fi
exit $status
