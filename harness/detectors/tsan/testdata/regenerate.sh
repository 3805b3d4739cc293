#!/bin/sh
# regenerate.sh - rebuild the ThreadSanitizer captures next to this script.
#
# Each program in programs/ is built with clang (-fsanitize=thread -g -O1)
# and run once; everything it writes, TSan's reports and its own stdout and
# stderr, goes into one NAME.txt, interleaved as it happened. race2.c is
# also built with gcc (race2-gcc.txt) and run with color=always
# (race2-color.txt) and with one of its races suppressed (suppressed.txt,
# programs/race2.supp); race2-truncated.txt is race2.txt cut in the middle of
# its second report; too_many_locks.txt is TSan's runtime failing a CHECK
# (and then hanging: each run has a time limit). spaces*.txt are race2.c
# copied to "/tmp/racelab testdata/my code/race 2.c" and built there by
# clang (spaces.txt, spaces-relative.txt with that folder stripped) and
# gcc (spaces-gcc.txt): paths with blanks in every frame; newline.txt and
# newline-gcc.txt the same from "/tmp/racelab testdata/my<newline>code/
# race 2.c" (clang's runtime reads llvm-symbolizer's answer line by line,
# so each frame comes out in two; gcc's prints the newline as it is).
#
# The programs order their bad interleavings with relaxed atomics, so the
# reports are the same every run; only pids, tids, addresses and BuildIds
# change. Sources are compiled by relative path from the repository root
# and strip_path_prefix removes the root from what the symbolizer adds, so
# the paths in the captures are relative (harness/detectors/tsan/testdata/...).
# Binaries go to racelab-work/ (git-ignored).
set -eu

root=$(cd "$(dirname "$0")/../../../.." && pwd)
cd "$root"
data=harness/detectors/tsan/testdata
src=$data/programs
bin=racelab-work/tsan-testdata
mkdir -p "$bin"

opts="halt_on_error=0 second_deadlock_stack=1 strip_path_prefix=$root/"

# build NAME COMPILER SOURCE
build() {
	"$2" -fsanitize=thread -g -O1 -pthread -o "$bin/$1" "$3"
}

# run NAME BINARY [MORE_TSAN_OPTIONS]: the exit status (66 after a report)
# is not kept, only the text.
run() {
	TSAN_OPTIONS="$opts ${3:-}" timeout 10 "$bin/$2" >"$data/$1.txt" 2>&1 || true
}

# expect NAME N: the capture must hold exactly N reports, or the program
# no longer does what the tests assume.
expect() {
	n=$(grep -c 'WARNING: ThreadSanitizer:' "$data/$1.txt" || true)
	if [ "$n" -ne "$2" ]; then
		echo "regenerate.sh: $1.txt has $n reports, want $2" >&2
		exit 1
	fi
}

for p in race2 lockorder crash leak clean misuse too_many_locks; do
	build "$p" clang "$src/$p.c"
done
build race2-gcc gcc "$src/race2.c"
spaced="/tmp/racelab testdata"
rm -rf "$spaced"
mkdir -p "$spaced/my code"
cp "$src/race2.c" "$spaced/my code/race 2.c"
build spaces clang "$spaced/my code/race 2.c"
build spaces-gcc gcc "$spaced/my code/race 2.c"
newline="$spaced/my
code"
mkdir -p "$newline"
cp "$src/race2.c" "$newline/race 2.c"
build newline clang "$newline/race 2.c"
build newline-gcc gcc "$newline/race 2.c"
rm -rf "$spaced"

run race2 race2
run race2-gcc race2-gcc
run race2-color race2 color=always
# race2 with one of its two races (on the global `status`) suppressed
run suppressed race2 "suppressions=$data/programs/race2.supp print_suppressions=1"
run spaces spaces "strip_path_prefix=/nowhere/"
run spaces-relative spaces "strip_path_prefix='$spaced/'"
run spaces-gcc spaces-gcc "strip_path_prefix=/nowhere/"
run newline newline "strip_path_prefix=/nowhere/"
run newline-gcc newline-gcc "strip_path_prefix=/nowhere/"
run lockorder lockorder
run crash crash
run leak leak
run clean clean
run misuse misuse
run too_many_locks too_many_locks	# TSan fails a CHECK, then hangs

expect race2 2
expect race2-gcc 2
expect race2-color 2
expect spaces 2
expect spaces-relative 2
expect spaces-gcc 2
expect newline 2
expect newline-gcc 2
expect suppressed 1
expect lockorder 1
expect crash 1
expect leak 1
expect clean 0
expect misuse 5
grep -q 'ThreadSanitizer: CHECK failed' "$data/too_many_locks.txt" ||
	{ echo "regenerate.sh: too_many_locks.txt has no CHECK failure" >&2; exit 1; }
grep -q 'ERROR: ThreadSanitizer: SEGV' "$data/crash.txt" ||
	{ echo "regenerate.sh: crash.txt has no SEGV report" >&2; exit 1; }

# Cut race2.txt halfway through the "#1 main" frame of the first thread
# creation stack of the second report: that report keeps its two access
# stacks and one frame of the third, and is never closed.
cut=$(LC_ALL=C awk '
	/WARNING: ThreadSanitizer:/ { reports++ }
	reports == 2 && /^    #1 main / { print off + int(length($0) / 2); exit }
	{ off += length($0) + 1 }' "$data/race2.txt")
head -c "$cut" "$data/race2.txt" >"$data/race2-truncated.txt"

echo "regenerate.sh: captures written to $data"
