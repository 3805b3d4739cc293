#!/bin/bash
# harness/selftest/sanitized.sh [BAZEL TEST OPTIONS] - racelab built with
# AddressSanitizer and UBSan (--config=asan in .bazelrc: harness/ only,
# never the case programs), then a slice of the tests run on that build:
# the hostile suite, the unit tests, and two cases (a lost update, a
# deadlock) broken and fixed under native, tsan, helgrind, watchdog and
# explore.
# Fails when a test fails or when any sanitizer wrote a report, even one
# a test shrugged off (a racelab run expected to fail). The reports are
# kept in racelab-sanitized/ for reading.
#
# The outputs go to bazel-out/k8-fastbuildasan, beside the plain build's,
# and the bazel-* links are left alone (./racelab reads bazel-bin), so
# the plain build is still there, up to date, afterwards.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

TESTS=(
	//harness:hostile_test
	//harness:contract_test
	//harness:match_test
	//harness:watchdog_test
	//harness:report_test
	//harness:runner_test
	//harness:verdict_test
	//harness:parse_drd_test
	//harness:parse_helgrind_test
	//harness:parse_thread_safety_test
	//harness:parse_tsan_gcc_test
	//harness:parse_tsan_test
	//harness:parse_explore_test
)
for pkg in cases fixed; do
	for c in counter_increment deadlock_abba; do
		for d in native tsan helgrind watchdog explore; do
			TESTS+=("//$pkg:${c}_${d}_test")
		done
	done
done

reports=$PWD/racelab-sanitized
rm -rf "$reports"
mkdir -p "$reports"
# Every sanitizer report goes to a file (report.PID) as well as failing
# the program: a report from a run whose failure a test expected still counts.
asan="log_path=$reports/report:detect_leaks=1"
ubsan="log_path=$reports/report:print_stacktrace=1:halt_on_error=1"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s)
bazel test --config=asan --symlink_prefix=/ --nocache_test_results \
	--sandbox_writable_path="$reports" \
	--test_env=ASAN_OPTIONS="$asan" --test_env=UBSAN_OPTIONS="$ubsan" \
	"$@" "${TESTS[@]}" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
took=$(($(date +%s) - start))

passed=$(grep -cE '^//[^ ]+ +(\(cached\) )?PASSED' "$log")
failed=$(grep -cE '^//[^ ]+ +(\(cached\) )?(FAILED|TIMEOUT|FLAKY|INCOMPLETE|NO STATUS|FAILED TO BUILD)' "$log")
found=$(find "$reports" -type f | sort)
status=0
if [ -n "$found" ]; then
	echo "sanitizer reports:"
	while read -r f; do
		echo "--- $f"
		head -40 "$f"
	done <<<"$found"
	status=1
else
	rmdir "$reports"
fi
if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ]; then
	status=1
fi
echo "sanitized slice: $passed of ${#TESTS[@]} tests passed, $failed failed," \
	"$(echo "$found" | grep -c .) sanitizer reports, ${took} s"
exit $status
