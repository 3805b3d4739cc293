#!/bin/bash
# results.sarif from real runs, validated against the official SARIF 2.1.0
# schema (harness/testdata/sarif, OASIS's sarif-schema-2.1.0.json) with
# Debian's python3-jsonschema, and read for what it must say:
# counter_increment under every detector (a data race at its marked lines,
# the other access as a related location, the program's own check without
# a code flow) and deadlock_abba under the watchdog.
set -u
export LC_ALL=C
# Temporary files (racelab's, the tools', the compilers') in the test's own
# folder: Bazel 4.2 gives a test TMPDIR=/tmp, the host's, writable from
# its sandbox (docs/remote-execution.md).
export TMPDIR=${TEST_TMPDIR:-${TMPDIR:-/tmp}}
work=$(mktemp -d "${TEST_TMPDIR:-/tmp}/sarif_test.XXXXXX")
trap 'rm -rf "$work"' EXIT

if ! /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
	echo "FAIL: Debian's python3-jsonschema is not installed, so the SARIF cannot be validated: run ./racelab setup (it installs it) and test again."
	exit 1
fi

root=$work/root
mkdir -p "$root/cases" "$root/harness"
# racelab.h, for the thread-safety analysis of the source
ln -s "$PWD/harness/case" "$root/harness/case"
for c in counter_increment deadlock_abba; do
	for f in "$c.c" "$c" "${c}_tsan" "${c}_tsan_gcc" "${c}_explore"; do
		ln -s "$PWD/cases/$f" "$root/cases/$f"
	done
done

# run NAME OUT [OPTIONS]: racelab run, which must pass and say its files
run() {
	local name=$1 out=$2 rc
	shift 2
	timeout -k 5 200 harness/racelab run "$name" --root "$root" --out "$out" "$@" \
		>"$work/log" 2>&1
	rc=$?
	if [ $rc -ne 0 ] || ! grep -qx "sarif:   $out/$name.sarif" "$work/log"; then
		echo "FAIL: racelab run $name $* exited $rc or did not say where its SARIF is:"
		cat "$work/log"
		exit 1
	fi
}

run counter_increment "$work/race"
# as ./racelab runs it: the sources' base is the workspace
BUILD_WORKSPACE_DIRECTORY=/src/racelab run deadlock_abba "$work/hang" \
	--detector watchdog

exec /usr/bin/python3 harness/sarif_check.py \
	harness/testdata/sarif/sarif-schema-2.1.0.json \
	"$work/race" "$root/cases/counter_increment.c" "$work/hang"
