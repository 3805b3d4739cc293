#!/bin/bash
# racelab against programs that attack it through what it hands them: the
# page it shares (RACELAB_SHM_FILE), the symptom file (RACELAB_SYMPTOM_FILE)
# and the folders around it (forged tool reports), and bytes that are not
# UTF-8 (a symptom, a thread's name, a header field).
# Each program (harness/testdata/hostile/NAME.c, its contract in its header)
# is run by `racelab run` from a tree of its own; racelab must survive it
# (exit 0 or 1, not a signal, not the time limit), within seconds, with one
# clear verdict that says what the program did, printed and in NAME.json,
# and leave no process behind.
set -u
export LC_ALL=C
work=$(mktemp -d "${TEST_TMPDIR:-/tmp}/hostile_test.XXXXXX")
trap 'rm -rf "$work"' EXIT
# racelab makes each run's private folder for the tool's reports here
export TMPDIR=$work/tmp
mkdir -p "$TMPDIR"
failures=0 checks=0
fffd=$'\xef\xbf\xbd'	# U+FFFD, what an invalid byte becomes

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# hostile NAME DETECTOR VERDICT WANT... [-- UNWANTED...]: run NAME under
# DETECTOR; NAME.json must hold exactly one result, of VERDICT, with every
# WANT in it and no UNWANTED.
hostile() {
	local name=$1 detector=$2 want=$3 root out rc json rows start took
	shift 3
	root=$work/$name-$detector
	mkdir -p "$root/cases"
	cp "harness/testdata/hostile/$name.c" "$root/cases/$name.c"
	if [ "$name" = symptom_utf8 ]; then
		# a header field that is not UTF-8 either
		sed -i 's/^ \* class: hostile$/ * class: hostile \xff\xfe/' \
			"$root/cases/$name.c"
	fi
	ln -s "$PWD/harness/hostile_$name" "$root/cases/$name"
	[ ! -e "harness/hostile_${name}_tsan" ] ||
		ln -s "$PWD/harness/hostile_${name}_tsan" "$root/cases/${name}_tsan"
	start=$(date +%s%N)
	# racelab's own limit is the detector's (helgrind: 30 s) plus its
	# grace; beyond that racelab itself hangs
	# shellcheck disable=SC2086  # extra: racelab's words, split
	out=$(timeout -k 5 45 harness/racelab run "$name" --variant broken \
		--detector "$detector" --root "$root" --out "$root/out" \
		${extra:-} 2>&1)
	rc=$?
	took=$((($(date +%s%N) - start) / 1000000))
	json=$root/out/$name.json
	checks=$((checks + 1))
	if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
		fail "$name under $detector: racelab exited $rc (124: hung, >128: killed by a signal) after $took ms:"
		printf '%s\n' "$out"
		return
	fi
	if [ ! -s "$json" ]; then
		fail "$name under $detector: no $json"
		return
	fi
	rows=$(grep -c '^    {$' "$json")
	if [ "$rows" -ne 1 ]; then
		fail "$name under $detector: $json holds $rows results, want 1:"
		cat "$json"; echo
		return
	fi
	if ! grep -q "^      \"verdict\": \"$want\",\$" "$json" ||
	   ! grep -qw -- "$want" <<<"${out%%$'\n'*}"; then
		fail "$name under $detector: want the verdict '$want', got:"
		printf '%s\n' "$out"
		return
	fi
	# the result's own lines: not the detectors' descriptions beside them
	sed -n '/^  "results": \[$/,/^  \],\{0,1\}$/p' "$json" >"$root/result"
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		grep -qF -- "$1" "$root/result" ||
			fail "$name under $detector: '$1' is not in the result in $json"
		shift
	done
	[ $# -gt 0 ] && shift
	while [ $# -gt 0 ]; do
		! grep -qF -- "$1" "$root/result" ||
			fail "$name under $detector: '$1' is in the result in $json"
		shift
	done
	echo "ok: $name under $detector: $want in $took ms"
}

# the page cut to 64 bytes, then to none: no SIGBUS, and said
hostile shm_truncate watchdog flagged \
	"damaged the page racelab shares with it" "it was cut to"
hostile shm_truncate native clean "damaged the page racelab shares with it"
# the page filled with 0xFF: no nonsense starvation, no lost result
hostile shm_fill watchdog flagged \
	"damaged the page racelab shares with it" \
	-- 18446744073709551615 starvation
# a FIFO and a link to /dev/zero for the symptom file: no hang, and said
hostile symptom_fifo native flagged \
	"symptom file (RACELAB_SYMPTOM_FILE)" "it is a FIFO, not a regular file"
hostile symptom_devzero native flagged \
	"symptom file (RACELAB_SYMPTOM_FILE)" "it is a symbolic link"
# and neither is left in the run's folder, where a grep would wait on the
# FIFO for ever: it holds only regular files and folders
for name in symptom_fifo symptom_devzero; do
	checks=$((checks + 1))
	odd=$(find "$work/$name-native/out" ! -type f ! -type d)
	[ -z "$odd" ] || fail "$name: the run's folder keeps what is not a file: $odd"
done
# invalid UTF-8 in a symptom and a header field: the result is kept, the
# bytes replaced
hostile symptom_utf8 native detected \
	"native reported lost-update: the count is $fffd$fffd, not 4000" \
	"\"class\": \"hostile $fffd$fffd\"" \
	"a surrogate $fffd$fffd$fffd, cut short $fffd$fffd"
# invalid UTF-8 in a thread's name: the deadlock is reported, and kept
hostile name_utf8 watchdog flagged "deadlock: main" "name) waits for mutex"

# a global named "counter\001", functions in a file named with ESC: raw
# bytes XML forbids in Valgrind's XML; the race is still read (the names
# made printable), never "reported nothing"
# (Helgrind names the global too)
hostile control_bytes helgrind detected \
	"helgrind reported data-race at cases/control_bytes.c:" \
	'control\\x1bbytes.c' '"variable": "counter\\x01"' \
	-- "reported nothing" "could not be read"
hostile control_bytes drd detected \
	"drd reported data-race at cases/control_bytes.c:" \
	'control\\x1bbytes.c' -- "reported nothing" "could not be read"

# a correct program that holds a lock past Helgrind's 30 s: racelab's
# SIGTERM at the limit makes Valgrind report the lock held at exit, which
# is racelab's doing, not a mutex misuse of the program's; the run is
# said to have been stopped
hostile holds_lock helgrind error \
	"did not finish within" "still waiting, not hung" \
	"the 1 report helgrind made after that signal" '"after_stop": 1' \
	-- "Exiting thread still holds" "mutex-misuse"

# forged reports in the tools' own formats and names, in the run's folder,
# the current one and $TMPDIR: a tool's report is read only from where
# the tool alone was told to write it
for detector in tsan helgrind drd; do
	hostile forge_report "$detector" clean -- "data race" "Race"
done

# Valgrind itself gives up (more threads than its table holds): the
# tool's failure, said in Valgrind's words, never the program's fault
# natively the same 520 threads are correct: no limit of racelab's may
# make them fail (an address-space limit did, in pthread_create)
hostile too_many_threads native clean -- "exited with status"
hostile too_many_threads helgrind error \
	"helgrind itself failed (Max number of threads is too low: raise --max-threads)" \
	-- "the program exited with status"

# a program stopped by SIGSTOP, or one that became another program, that
# outlasts the time limit: the sentence names what it is in
hostile self_stop watchdog error \
	"in a stop (SIGSTOP or a debugger)" -- "long enough to call it a hang"
hostile exec_sleep watchdog error \
	"in /usr/bin/sleep, which the program exec'd in its own place" \
	-- "long enough to call it a hang"

# a run's processes together past racelab's memory limit: stopped at
# once and said, not left to the time limit
extra="--memory 512M" hostile mem_hog native error \
	"resident memory together under native, more than racelab's limit of 512 MiB (--memory)" \
	-- "did not finish within"

# racelab writes only in a folder of its own (issue 19, item 8): `run
# --out DIR` into a user's folder that is not empty and has no
# .racelab-output is refused in one sentence, status 2, before anything
# in it is touched (racelab once replaced its index.html and results.json)
root=$work/users_folder
mkdir -p "$root/cases" "$root/web"
cp harness/testdata/hostile/symptom_utf8.c "$root/cases/"
ln -s "$PWD/harness/hostile_symptom_utf8" "$root/cases/symptom_utf8"
echo "my page" >"$root/web/index.html"
echo "my data" >"$root/web/results.json"
echo "my other data" >"$root/web/symptom_utf8.json"
out=$(timeout -k 5 45 harness/racelab run symptom_utf8 --variant broken \
	--detector native --root "$root" --out "$root/web" 2>&1)
rc=$?
checks=$((checks + 1))
if [ "$rc" -ne 2 ] || [ "$(wc -l <<<"$out")" -ne 1 ] ||
	! grep -q "racelab did not make" <<<"$out"; then
	fail "run --out a user's folder: status $rc, said: $out"
elif [ "$(cat "$root/web/index.html" "$root/web/results.json" "$root/web/symptom_utf8.json")" != "my page
my data
my other data" ] || [ "$(ls -A "$root/web" | wc -l)" -ne 3 ]; then
	fail "run --out a user's folder touched it: $(ls -A "$root/web")"
else
	echo "ok: run --out a user's folder: refused, untouched"
fi

# racelab killed by the program it runs, with SIGKILL, which no handler
# sees: its guard ends the program, its child and a grandchild in a
# session of its own, says what happened, and exits as killed; no results
# file of an earlier run is left as if it were this one's
root=$work/kill_parent
mkdir -p "$root/cases" "$root/out"
cp harness/testdata/hostile/kill_parent.c "$root/cases/"
ln -s "$PWD/harness/hostile_kill_parent" "$root/cases/kill_parent"
# an earlier racelab's folder, marked as its own (harness/output.h)
echo '{"earlier": "run"}' >"$root/out/kill_parent.json"
touch "$root/out/.racelab-output"
out=$(timeout -k 5 45 harness/racelab run kill_parent --variant broken \
	--detector native --root "$root" --out "$root/out" 2>&1)
rc=$?
checks=$((checks + 1))
sleep 0.3
left=$(pgrep -af "$root/" || true)
[ -z "$left" ] || fail "kill_parent: its processes outlived racelab: $left"
[ "$rc" -eq 137 ] || fail "kill_parent: racelab exited $rc, not as killed (137)"
grep -q "was killed by SIGKILL before it finished" <<<"$out" ||
	fail "kill_parent: racelab's guard did not say it was killed: $out"
[ ! -e "$root/out/kill_parent.json" ] ||
	fail "kill_parent: an earlier kill_parent.json is left as if it were this run's"
[ -n "$left" ] || [ "$rc" -ne 137 ] || echo "ok: kill_parent: racelab killed, nothing left"

# racelab killed while a run is under way (Ctrl-C, a closed terminal, a
# kill, a kill -9 of the process its shell started) takes the run with
# it, all its processes, and dies of the same signal
for sig in TERM INT HUP KILL; do
	mkdir -p "$work/killed-$sig"
	# a child of its own, in its group, and a grandchild in a session of
	# its own: the kernel's parent-death signal reaches the program's
	# first process only
	printf '%s\n' '#include <unistd.h>' 'int main(void) {' \
		'	if (fork() == 0 && fork() == 0)' \
		'		setsid();' \
		'	for (;;)' \
		'		sleep(1);' '}' >"$work/killed-$sig/sleeper.c"
	# job control on: a background job that ignored SIGINT would keep
	# ignoring it, as racelab rightly does
	set -m
	harness/racelab compare "$work/killed-$sig/sleeper.c" --detector native \
		--out "$work/killed-$sig/out" >/dev/null 2>&1 &
	racelab_pid=$!
	set +m
	for _ in $(seq 1 300); do
		[ "$(pgrep -fc "$work/killed-$sig/out/.*/sleeper\$")" -ge 3 ] && break
		sleep 0.1
	done
	checks=$((checks + 1))
	if [ "$(pgrep -fc "$work/killed-$sig/out/.*/sleeper\$")" -lt 3 ]; then
		fail "SIG$sig: the sleeper never started under racelab compare"
		kill -KILL "$racelab_pid" 2>/dev/null
		continue
	fi
	kill -"$sig" "$racelab_pid"
	wait "$racelab_pid"
	rc=$?
	sleep 0.3
	left=$(pgrep -af "$work/killed-$sig/" || true)
	[ -z "$left" ] || fail "SIG$sig to racelab left its run behind: $left"
	[ "$rc" -eq $((128 + $(kill -l "$sig"))) ] ||
		fail "SIG$sig to racelab: it exited $rc, not of the signal"
done

# nothing the runs started may outlive them
left=$(pgrep -f "$work" || true)
if [ -n "$left" ]; then
	fail "processes left behind: $left"
fi
# nor the tools' private folders, also when racelab was killed
checks=$((checks + 1))
left=$(find "$TMPDIR" -maxdepth 1 -name 'racelab-tool.*')
[ -z "$left" ] || fail "private folders left behind: $left"

echo "$((checks - failures)) passed, $failures failed"
[ $failures -eq 0 ]
