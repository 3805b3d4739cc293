#!/bin/sh
# regenerate.sh - recapture the Helgrind XML that parse_helgrind_test reads.
#
# Builds each programs/NAME.c from the repository root with relative paths
# (and -fdebug-prefix-map, so the <dir> of every frame is relative too) and
# runs it under valgrind --tool=helgrind --xml=yes, writing NAME.xml here.
# Two files are derived: mixed_truncated.xml (mixed.xml cut in the middle of
# its second <error>) and drd_race_loop.xml (race_loop under --tool=drd, a
# negative case the Helgrind parser must refuse). suppressed.xml is mixed.c
# run again with its race hidden by a user's suppressions file,
# programs/mixed.supp.
#
# The only edits to what the tools wrote: <pid>/<ppid> become 0 and the
# temporary build directory (in <obj>, and in DRD's "BSS section of" text)
# becomes ".", so that a rerun differs from the committed files only in the
# <time> stamps and where the tools' findings differ. The shell may print
# "Segmentation fault": that is crash.c, dying as it should.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
cd "$root"
out=harness/detectors/helgrind/testdata
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT

build() {
	gcc -g -O1 -pthread -fdebug-prefix-map="$root"=. -Iharness/case \
		-o "$bin/$1" "$out/programs/$1.c"
}

# capture TOOL PROG XML: the program's own status does not matter (crash.c
# dies on purpose); an XML that Valgrind did not finish does.
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

for prog in mixed race_loop clean misuse crash; do
	build "$prog"
	capture helgrind "$prog" "$prog.xml"
done
capture drd race_loop drd_race_loop.xml
capture_suppressed helgrind

# control_name.c names its global with a control byte (U+0001) and its
# file (#line) with ESC, which only clang's assembler takes: the XML then
# holds raw bytes that XML 1.0 forbids.
clang -g -O1 -fno-inline -pthread -fdebug-prefix-map="$root"=. \
	-Iharness/case -o "$bin/control_name" "$out/programs/control_name.c"
capture helgrind control_name control_name.xml

# stopped.c holds a lock past racelab's time limit: it is stopped as
# racelab stops it there, SIGTERM to its process group, once its two race
# reports are written and its worker sleeps holding the lock. Valgrind
# then writes its <fatal_signal> and what it checks at exit.
build stopped
(cd "$bin" && exec setsid valgrind --tool=helgrind --xml=yes \
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
	echo "regenerate.sh: valgrind --tool=helgrind ./stopped wrote no SIGTERM" >&2
	exit 1
fi
sed -e 's|<pid>[0-9]*</pid>|<pid>0</pid>|' \
    -e 's|<ppid>[0-9]*</ppid>|<ppid>0</ppid>|' \
    -e "s|$bin/|./|g" "$bin/stopped.xml" >"$out/stopped.xml"

# Cut mixed.xml inside its second <error> (the lock-order report), so that
# exactly one error survives whole.
cut=$(grep -b -o '<auxwhat>Required order' "$out/mixed.xml" |
	head -n 1 | cut -d: -f1)
if [ -z "$cut" ]; then
	echo "regenerate.sh: mixed.xml has no lock-order error to cut" >&2
	exit 1
fi
head -c "$((cut + 20))" "$out/mixed.xml" >"$out/mixed_truncated.xml"

# Valgrind's own log when it gives up: max_threads.c has more threads
# alive than Valgrind's table holds. Kept: its account of the failure
# (the first 20 lines) and its closing words (the last 14); the listing
# of 600 threads between them is cut.
build max_threads
(cd "$bin" && valgrind --tool=helgrind --xml=yes --xml-file=max_threads.xml \
	--log-file=max_threads.log ./max_threads) >/dev/null 2>&1 || :
if ! grep -q "the 'impossible' happened" "$bin/max_threads.log"; then
	echo "regenerate.sh: valgrind ./max_threads did not give up" >&2
	exit 1
fi
{
	head -n 20 "$bin/max_threads.log"
	tail -n 14 "$bin/max_threads.log"
} | sed -e 's/^==[0-9]*==/==0==/' >"$out/max_threads.log"

echo "regenerate.sh: wrote the XML and the log in $out"
