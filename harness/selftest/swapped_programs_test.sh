#!/bin/bash
# The tests can fail: each case's broken build is judged against its fix's
# contract (it must be `flagged`), and its fixed build against the broken
# contract (it must be `missed`), under every detector that sees the bug;
# a broken build that hangs, judged as a fix, is `hung` under every tool.
# This is what a workshop participant's wrong fix looks like to racelab.
set -u
# Temporary files (racelab's, the tools', the compilers') in the test's own
# folder: Bazel 4.2 gives a test TMPDIR=/tmp, the host's, writable from
# its sandbox (docs/remote-execution.md).
export TMPDIR=${TEST_TMPDIR:-${TMPDIR:-/tmp}}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0 checks=0

# swap CASE VARIANT_CONTRACT BUILD_FROM DETECTOR EXPECTED_VERDICT
swap() {
	local name=$1 contract=$2 from=$3 detector=$4 want=$5
	local root=$work/$name-$contract-$detector out line
	mkdir -p "$root/cases" "$root/fixed"
	cp "$contract/$name.c" "$root/$contract/$name.c"
	# a fix's header takes its story from its case's
	[ "$contract" = fixed ] && cp "cases/$name.c" "$root/cases/$name.c"
	ln -sf "$PWD/$from/$name" "$root/$contract/$name"
	ln -sf "$PWD/$from/${name}_tsan" "$root/$contract/${name}_tsan"
	local variant=broken
	[ "$contract" = fixed ] && variant=fixed
	out=$(harness/racelab run "$name" --variant "$variant" \
		--detector "$detector" --root "$root" --out "$root/out" 2>&1)
	local rc=$?
	line=$(printf '%s\n' "$out" | head -1)
	checks=$((checks + 1))
	if [ $rc -ne 1 ] || ! grep -qw -- "$want" <<<"$line"; then
		echo "FAIL: $from build of $name under the $contract contract, $detector: want '$want' and exit 1, got exit $rc:"
		printf '%s\n' "$out"
		failures=$((failures + 1))
	else
		echo "ok: $from build of $name judged by the $contract contract under $detector: $want"
	fi
}

for d in native tsan helgrind; do
	swap counter_increment fixed cases "$d" flagged
	swap counter_increment cases fixed "$d" missed
done
for d in tsan helgrind; do
	swap lock_order_inversion fixed cases "$d" flagged
	swap lock_order_inversion cases fixed "$d" missed
done
swap deadlock_abba fixed cases watchdog flagged
# a "fix" that deadlocks is never clean, whatever the tool said before the
# watchdog stopped it
for d in native tsan helgrind; do
	swap deadlock_abba fixed cases "$d" hung
done
swap deadlock_abba cases fixed watchdog missed

# nothing the runs started may outlive them
left=$(pgrep -f "$work" || true)
if [ -n "$left" ]; then
	echo "FAIL: processes left behind: $left"
	failures=$((failures + 1))
fi
echo "$((checks - failures)) passed, $failures failed"
[ $failures -eq 0 ]
