#!/bin/bash
# The page (index.html) from a real report: counter_increment, which every
# tool sees, and html_hostile (harness/testdata/hostile), whose symptom,
# header and marked line are markup. The page must hold the grid coloured
# by verdict, the marked and pointed-at lines lit, every hostile string as
# text (no script element at all); and headless Chromium must draw it:
# its screenshot not blank, the grid's green, red and grey all in it.
set -u
export LC_ALL=C
# Temporary files (racelab's, the tools', the compilers') in the test's own
# folder: Bazel 4.2 gives a test TMPDIR=/tmp, the host's, writable from
# its sandbox (docs/remote-execution.md).
export TMPDIR=${TEST_TMPDIR:-${TMPDIR:-/tmp}}
work=$(mktemp -d "${TEST_TMPDIR:-/tmp}/html_test.XXXXXX")
trap 'rm -rf "$work"' EXIT

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
	echo "FAIL: chromium is not installed, so the page cannot be drawn: run ./racelab setup (it installs chromium) and test again."
	exit 1
fi

# A tree of the two programs, as racelab's --root wants it.
root=$work/root
mkdir -p "$root/cases" "$root/harness"
# racelab.h, for the thread-safety analysis of the source
ln -s "$PWD/harness/case" "$root/harness/case"
for f in counter_increment.c counter_increment counter_increment_tsan \
	counter_increment_tsan_gcc counter_increment_explore; do
	ln -s "$PWD/cases/$f" "$root/cases/$f"
done
cp harness/testdata/hostile/html_hostile.c "$root/cases/"
ln -s "$PWD/harness/hostile_html_hostile" "$root/cases/html_hostile"

out=$work/out
timeout -k 5 240 harness/racelab report --root "$root" --out "$out" >"$work/log" 2>&1
rc=$?
# 1: html_hostile has no TSan build and no Helgrind line, failures on purpose
if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
	echo "FAIL: racelab report exited $rc:"
	cat "$work/log"
	exit 1
fi
grep -qx "page:    $out/index.html" "$work/log" || {
	echo "FAIL: the report does not say where its page is:"
	cat "$work/log"
	exit 1
}

# --no-sandbox: tests run as root; a profile of its own in the test's tmp.
# Chromium makes its singleton's socket in $TMPDIR, whose path must fit in
# 108 bytes, and the test's own is longer: a relative one, from $work.
mkdir -p "$work/tmp"
(cd "$work" && HOME=$work TMPDIR=tmp timeout -k 5 60 "$chromium" --headless \
	--no-sandbox --disable-gpu --disable-dev-shm-usage \
	--user-data-dir="$work/profile" --screenshot="$work/page.png" \
	--window-size=1200,2000 "file://$out/index.html") >"$work/chromium.log" 2>&1
if [ ! -s "$work/page.png" ]; then
	echo "FAIL: chromium drew no screenshot of $out/index.html:"
	tail -20 "$work/chromium.log"
	exit 1
fi
# kept for a person to look at: bazel-testlogs/.../test.outputs
[ -n "${TEST_UNDECLARED_OUTPUTS_DIR:-}" ] &&
	cp "$work/page.png" "$out/index.html" "$TEST_UNDECLARED_OUTPUTS_DIR/"

exec /usr/bin/python3 harness/html_check.py "$out/index.html" "$work/page.png"
