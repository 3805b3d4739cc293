#!/bin/bash
# regenerate.sh - recapture the DRD XML that parse_drd_test reads.
#
# Builds each programs/NAME.c from the repository root with relative paths
# (and -fdebug-prefix-map, so the <dir> of every frame is relative too) and
# runs it under valgrind --tool=drd --xml=yes, writing NAME.xml here.
# clean.c, control_name.c, race_loop.c and stopped.c are Helgrind's test
# programs (../../helgrind/testdata/programs), built from there; mixed.c
# and misuse.c are DRD's own versions of Helgrind's, and rwlock.c DRD's. Two files are derived:
# mixed_truncated.xml (mixed.xml cut inside its third <error>) and
# helgrind_race_loop.xml (race_loop under --tool=helgrind, a negative case
# the DRD parser must refuse). suppressed.xml is mixed.c run again with its
# race hidden by a user's suppressions file, programs/mixed.supp.
#
# The only edits to what the tools wrote: <pid>/<ppid> become 0 and the
# temporary build directory (in <obj>, and in "BSS section of" texts)
# becomes ".", so that a rerun differs from the committed files only in the
# <time> stamps and where the tools' findings differ.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
cd "$root"
out=harness/detectors/drd/testdata
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT

# src PROG: DRD's own program, else Helgrind's
src() {
	if [ -f "$out/programs/$1.c" ]; then
		echo "$out/programs/$1.c"
	else
		echo "harness/detectors/helgrind/testdata/programs/$1.c"
	fi
}

build() {
	gcc -g -O1 -pthread -fdebug-prefix-map="$root"=. -Iharness/case \
		-o "$bin/$1" "$(src "$1")"
}

# capture TOOL PROG XML: an XML that Valgrind did not finish is an error.
capture() {
	(cd "$bin" && valgrind --tool="$1" --xml=yes --xml-file="$3" "./$2") \
		>/dev/null 2>&1 || :
	if ! grep -q '</valgrindoutput>' "$bin/$3"; then
		echo "regenerate.sh: valgrind --tool=$1 ./$2 left no complete XML" >&2
		exit 1
	fi
	sed -e 's|<pid>[0-9]*</pid>|<pid>0</pid>|' \
	    -e 's|<ppid>[0-9]*</ppid>|<ppid>0</ppid>|' \
	    -e "s|$bin/|./|g" "$bin/$3" >"$out/$3"
}

# capture_suppressed TOOL: mixed.c again, its race hidden by a user's
# suppressions file (programs/mixed.supp), given as a racelab user gives
# it, in VALGRIND_OPTS, and named from the repository root (where this
# runs, and where the test finds it), so the XML's <vargv> names it as
# the reader of suppressed.xml must open it. Valgrind's own default
# suppressions match too, and must not count as the user's.
capture_suppressed() {
	VALGRIND_OPTS="--suppressions=$out/programs/mixed.supp" \
		valgrind --tool="$1" --xml=yes --xml-file="$bin/suppressed.xml" \
		"$bin/mixed" >/dev/null 2>&1 || :
	if ! grep -q '<name>mixed-race-in-reader</name>' "$bin/suppressed.xml"; then
		echo "regenerate.sh: mixed.supp hid nothing under valgrind --tool=$1" >&2
		exit 1
	fi
	sed -e 's|<pid>[0-9]*</pid>|<pid>0</pid>|' \
	    -e 's|<ppid>[0-9]*</ppid>|<ppid>0</ppid>|' \
	    -e "s|$bin/|./|g" "$bin/suppressed.xml" >"$out/suppressed.xml"
}

for prog in mixed race_loop clean misuse rwlock; do
	build "$prog"
	capture drd "$prog" "$prog.xml"
done
capture helgrind race_loop helgrind_race_loop.xml
capture_suppressed drd

# control_name.c names its global with a control byte (U+0001) and its
# file (#line) with ESC, which only clang's assembler takes: the XML then
# holds raw bytes that XML 1.0 forbids.
clang -g -O1 -fno-inline -pthread -fdebug-prefix-map="$root"=. \
	-Iharness/case -o "$bin/control_name" "$(src control_name)"
capture drd control_name control_name.xml

# stopped.c holds a lock past racelab's time limit: it is stopped as
# racelab stops it there, SIGTERM to its process group, once its two race
# reports are written and its worker sleeps holding the lock. Valgrind
# then writes its <fatal_signal> and what it checks at exit.
build stopped
(cd "$bin" && exec setsid valgrind --tool=drd --xml=yes \
	--xml-file=stopped.xml ./stopped) >/dev/null 2>&1 &
vg=$!
for _ in $(seq 300); do
	[ "$(grep -c '<kind>' "$bin/stopped.xml" 2>/dev/null)" -ge 2 ] && break
	sleep 0.1
done
sleep 1
kill -TERM -- "-$vg"
wait "$vg" || :
if ! grep -q '<signame>SIGTERM</signame>' "$bin/stopped.xml"; then
	echo "regenerate.sh: valgrind --tool=drd ./stopped wrote no SIGTERM" >&2
	exit 1
fi
sed -e 's|<pid>[0-9]*</pid>|<pid>0</pid>|' \
    -e 's|<ppid>[0-9]*</ppid>|<ppid>0</ppid>|' \
    -e "s|$bin/|./|g" "$bin/stopped.xml" >"$out/stopped.xml"

# Cut mixed.xml inside its third <error> (the thread that exits holding a
# lock), so that exactly two errors survive whole.
cut=$(grep -b -o 'Mutex still locked at thread exit' "$out/mixed.xml" |
	head -n 1 | cut -d: -f1)
if [ -z "$cut" ]; then
	echo "regenerate.sh: mixed.xml has no 'still locked' error to cut" >&2
	exit 1
fi
head -c "$((cut + 20))" "$out/mixed.xml" >"$out/mixed_truncated.xml"

echo "regenerate.sh: wrote the XML in $out"
