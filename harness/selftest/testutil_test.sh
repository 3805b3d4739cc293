#!/bin/bash
# testutil_test: the C unit tests' runner (harness/testutil.h) names each
# test in TAP and fails it alone, the next test running after it: a
# failed check, a crash, a test that never ends; a filter (Bazel's
# --test_filter) runs only the tests it names.
set -u
prog=harness/testutil_selftest
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

out=$("$prog" 2>&1)
rc=$?
for line in "1..4" "ok 1 - test_passes" "not ok 2 - test_check_fails" \
	"not ok 3 - test_crashes" "ok 4 - test_after_the_crash"; do
	grep -qx -- "$line" <<<"$out" || fail "no line '$line' in: $out"
done
grep -q "testutil_selftest.c:[0-9]*: 1 + 1 is 2, want 3" <<<"$out" ||
	fail "the failed check is not said with its line: $out"
grep -q "crashed: Segmentation fault" <<<"$out" || fail "the crash is not said: $out"
grep -qx "# 3 checks passed, 1 failed" <<<"$out" ||
	fail "the checks of the tests' own processes are not counted: $out"
[ "$rc" -ne 0 ] || fail "a run with failed tests ended with status 0"

out=$("$prog" endless 2>&1)
rc=$?
grep -qx "ok 1 - test_passes" <<<"$out" &&
	grep -qx "not ok 2 - test_never_ends" <<<"$out" &&
	grep -q "still running after 1 s: stopped" <<<"$out" &&
	grep -qx "ok 3 - test_after_the_crash" <<<"$out" ||
	fail "a test that never ends is not named, or the next did not run: $out"
[ "$rc" -ne 0 ] || fail "a run with a test that never ends ended with status 0"

out=$(TESTBRIDGE_TEST_ONLY=test_passes "$prog" 2>&1)
rc=$?
[ "$rc" -eq 0 ] && grep -qx "1..1" <<<"$out" && grep -qx "ok 1 - test_passes" <<<"$out" ||
	fail "the filter test_passes: status $rc: $out"

echo "$failures failed"
[ "$failures" -eq 0 ]
