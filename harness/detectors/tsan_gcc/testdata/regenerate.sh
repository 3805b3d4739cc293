#!/bin/sh
# regenerate.sh - rebuild the gcc ThreadSanitizer captures next to this
# script.
#
# Each program of clang's TSan captures (../../tsan/testdata/programs:
# one program, both compilers' reports, the markers the tests look for
# in one place) is built
# with gcc -fsanitize=thread -g -O1 (Debian's libtsan2) and run once;
# everything it writes, TSan's reports and its own output, goes into one
# NAME.txt, interleaved as it happened. The programs order their bad
# interleavings with relaxed atomics, so the reports are the same every
# run; only pids, tids and addresses change. Sources are compiled by
# relative path from the repository root, so the paths in the captures are
# relative. Binaries go to racelab-work/ (git-ignored).
set -eu

root=$(cd "$(dirname "$0")/../../../.." && pwd)
cd "$root"
data=harness/detectors/tsan_gcc/testdata
src=harness/detectors/tsan/testdata/programs
bin=racelab-work/tsan-gcc-testdata
mkdir -p "$bin"

for p in race2 lockorder misuse leak crash clean; do
	gcc -fsanitize=thread -g -O1 -pthread -o "$bin/$p" "$src/$p.c"
	TSAN_OPTIONS="halt_on_error=0 second_deadlock_stack=1" \
		timeout 10 "$bin/$p" >"$data/$p.txt" 2>&1 || true
done

# expect NAME N: the capture must hold exactly N reports, or the program
# no longer does what the tests assume.
expect() {
	n=$(grep -c 'WARNING: ThreadSanitizer:' "$data/$1.txt" || true)
	if [ "$n" -ne "$2" ]; then
		echo "regenerate.sh: $1.txt has $n reports, want $2" >&2
		exit 1
	fi
}
expect race2 2
expect lockorder 1
expect leak 1
expect clean 0
grep -q 'ERROR: ThreadSanitizer: SEGV' "$data/crash.txt" ||
	{ echo "regenerate.sh: crash.txt has no SEGV report" >&2; exit 1; }
echo "regenerate.sh: captures written to $data"
