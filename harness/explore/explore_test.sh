#!/bin/bash
# explore_test: `racelab explore` on programs written outside the
# catalogue. Each program given after --bugs has one rare bug, said in
# its header (`bug: assertion | deadlock | crash | exit`): explore must
# find a bug of that kind within 1000 schedules, and `racelab replay`
# must bring it back 10 times out of 10. Each program after --clean is
# correct (a fix, a program of waiting/): explore must find nothing in
# 1000 schedules, and must not call its search complete when it was cut.
# Each program after --hostile says in its header what explore must do
# with it: ` * status: N` (its exit status), ` * said: TEXT` (a sentence
# it must print) and ` * replay: diverged` (replay must say where the
# program went another way).
#
# --flag F passes F to every explore after it (-DRL_NO_FORCING, for the
# catalogue's programs); --skip NAME leaves out a program of that name
# (BUILD says why). Under Bazel's sharding (TEST_TOTAL_SHARDS) each shard
# takes every N-th program.
#
# usage: explore_test.sh [--flag F] [--skip NAME]... [--bugs FILE...]
#                        [--clean FILE...] [--hostile FILE...]
set -uo pipefail
export TMPDIR=${TEST_TMPDIR:-${TMPDIR:-/tmp}}
root=$PWD
racelab=$root/harness/racelab
out=${TEST_TMPDIR:-$(mktemp -d)}/explore
failures=0
checks=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

kind_of() {
	sed -n 's/^ \* bug: *\([a-z]*\).*/\1/p' "$1" | head -1
}

mode=
flags=()
skip=" "
index=0
shard=${TEST_SHARD_INDEX:-0}
shards=${TEST_TOTAL_SHARDS:-1}
[ -n "${TEST_SHARD_STATUS_FILE:-}" ] && touch "$TEST_SHARD_STATUS_FILE"
take=
for arg; do
	if [ -n "$take" ]; then
		case $take in
		flag) flags+=("$arg") ;;
		skip) skip="$skip$arg " ;;
		esac
		take=
		continue
	fi
	case $arg in
	--bugs | --clean | --hostile) mode=${arg#--}; continue ;;
	--flag | --skip) take=${arg#--}; continue ;;
	esac
	name=$(basename "$arg")
	name=${name%.c}
	name=${name%.cpp}
	[[ $skip == *" $name "* ]] && continue
	index=$((index + 1))
	[ $(((index - 1) % shards)) -eq "$shard" ] || continue
	dir=$out/$mode
	# a program may name explore's options in its header
	# (` * explore: --strategy random`): said there, with the reason
	read -r -a opts <<<"$(sed -n 's/^ \* explore: *//p' "$arg" | head -1)"
	mkdir -p "$dir"
	"$racelab" explore "$arg" "${flags[@]}" "${opts[@]}" --root "$root" --out "$dir" >"$dir.$name.txt" 2>&1
	status=$?
	checks=$((checks + 1))
	json=$dir/$name/explore.json
	if [ "$mode" = hostile ]; then
		want=$(sed -n 's/^ \* status: *//p' "$arg" | head -1)
		said=$(sed -n 's/^ \* said: *//p' "$arg" | head -1)
		cat "$dir.$name.txt"
		[ "$status" = "$want" ] || fail "$name: status $status, its header says $want"
		if [ -n "$said" ]; then
			checks=$((checks + 1))
			grep -qF -- "$said" "$dir.$name.txt" || fail "$name: explore did not say '$said'"
		fi
		if grep -q '^ \* screen: 80' "$arg"; then
			# the same search on a terminal of 80 columns (script(1)
			# gives one): no line past 80 but a file's path, and the
			# partial lines still there, wrapped under their start
			printf -v cmd '%q ' "$racelab" explore "$arg" "${flags[@]}" "${opts[@]}" \
				--root "$root" --out "$dir/narrow"
			script -qec "stty cols 80 rows 24; $cmd" /dev/null >"$dir.$name.narrow.txt" 2>&1
			narrow=$(tr '\r' '\n' <"$dir.$name.narrow.txt" | sed 's/\x1b\[[0-9;]*[A-Za-z]//g')
			long=$(grep -v '^results: ' <<<"$narrow" | awk 'length($0) > 80')
			checks=$((checks + 1))
			[ -z "$long" ] && grep -q '^partial: ' <<<"$narrow" &&
				grep -q '^         ' <<<"$narrow" ||
				fail "$name: on an 80-column terminal, lines past 80 or no wrapped partial line: ${long:-$narrow}"
		fi
		if grep -q '^ \* replay: diverged' "$arg"; then
			# the clock decides the program's path: of 10 replays,
			# those that do not bring the bug back must say where
			# the program went another way
			"$racelab" replay "$dir/$name/bug-1.schedule" --runs 10 \
				--out "$dir/replay" >"$dir.$name.replay.txt" 2>&1
			checks=$((checks + 1))
			cat "$dir.$name.replay.txt"
			missed=$(grep -c 'did not come back' "$dir.$name.replay.txt")
			told=$(grep -c 'diverged' "$dir.$name.replay.txt")
			[ "$missed" -gt 0 ] && [ "$told" -ge "$missed" ] ||
				fail "$name: of 10 replays $missed missed the bug and $told said where they diverged"
		fi
	elif [ "$mode" = bugs ]; then
		want=$(kind_of "$arg")
		got=$(python3 -c 'import json,sys; b=json.load(open(sys.argv[1]))["bugs"]; print(b[0]["kind"] if b else "")' "$json" 2>/dev/null)
		# glibc's assert() aborts: explore says assertion when its
		# message is there
		if [ "$status" -ne 1 ] || [ "$got" != "$want" ]; then
			cat "$dir.$name.txt"
			fail "$name: explore found '$got' (status $status), its header says '$want'"
			continue
		fi
		head -40 "$dir.$name.txt"
		"$racelab" replay "$dir/$name/bug-1.schedule" --runs 10 \
			--out "$dir/replay" >"$dir.$name.replay.txt" 2>&1
		status=$?
		checks=$((checks + 1))
		tail -1 "$dir.$name.replay.txt"
		[ "$status" -eq 1 ] && grep -q "came back in 10 of 10 runs" "$dir.$name.replay.txt" ||
			{ cat "$dir.$name.replay.txt"; fail "$name: replay did not bring the $want back 10 of 10 (status $status)"; }
	else
		# no bug and no race; a search explore could not finish (a
		# child process, a signal, a schedule past its time) is status
		# 2 and must say why in a `partial:` line, never "no bug"
		if grep -qE '^bug [0-9]+:|^[0-9]+ data races?' "$dir.$name.txt" ||
			{ [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; } ||
			{ [ "$status" -eq 0 ] && ! grep -qE '^no bug( in 1000 schedules|: the program has one schedule)' "$dir.$name.txt"; } ||
			{ [ "$status" -eq 2 ] && ! grep -q '^partial: ' "$dir.$name.txt"; }; then
			cat "$dir.$name.txt"
			fail "$name: explore reported a bug in a correct program, or ended without saying why (status $status)"
		elif [ "$status" -eq 2 ]; then
			echo "ok $name: no bug; partial: $(grep -m1 '^partial: ' "$dir.$name.txt" | cut -c10-)"
		else
			echo "ok $name: $(grep '^no bug' "$dir.$name.txt")"
		fi
	fi
done
echo "$((checks - failures)) of $checks checks passed"
[ "$failures" -eq 0 ]
