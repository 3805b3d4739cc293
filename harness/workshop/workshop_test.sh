#!/bin/bash
# workshop_test: `racelab exercise` as a participant uses it.
#
#   walkthrough  three exercises: start, check (not solved, the finding
#                shown at a line of the copy), hint, hint, the reference
#                fix written as plain pthread code, check (solved), list
#                showing the progress; then watch reacting to a save.
#   cheats       "fixes" that are not fixes, on two exercises, each
#                rejected with its reason; textbook fixes accepted.
set -uo pipefail
# Temporary files (racelab's, the tools', the compilers') in the test's own
# folder: Bazel 4.2 gives a test TMPDIR=/tmp, the host's, writable from
# its sandbox (docs/remote-execution.md).
export TMPDIR=${TEST_TMPDIR:-${TMPDIR:-/tmp}}
root=$PWD
racelab=${RACELAB:-$root/harness/racelab}
work=${TEST_TMPDIR:-$(mktemp -d)}/workshop
part=${1:-walkthrough}
failures=0 checks=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# ex ARGS...: racelab exercise ARGS in the working folder; output in $out
ex() {
	out=$("$racelab" exercise "$@" --root "$root" --dir "$work" 2>&1)
	rc=$?
	checks=$((checks + 1))
}

# expect RC TEXT WHAT: the last ex ended with RC and said TEXT
expect() {
	local flat
	# the screen wraps at 80 columns: compared with its blanks squeezed
	flat=$(printf '%s\n' "$out" | tr -s ' \n' '  ')
	[ "$rc" -eq "$1" ] && [[ $flat == *"$2"* ]] || {
		fail "$3: want status $1 and '$2', got status $rc:"
		printf '%s\n' "$out" | sed 's/^/    | /'
	}
}

# plain_fix NAME: the reference fix in the copy, as plain pthread calls
plain_fix() {
	python3 "$root/harness/workshop/plain_fix.py" "$root/fixed/$1.c" "$work/$1.c"
}

walkthrough() {
	local name line
	for name in counter_increment deadlock_abba lost_wakeup_signal_first; do
		ex start "$name"
		expect 0 "$work/$name.c" "start $name"
		grep -q "racelab:mark\|^ \* expect\|^ \* hint:\|^ \* fix:" "$work/$name.c" &&
			fail "start $name: the copy keeps the answers (marks, expect, hint or fix lines)"
		ex start "$name"
		expect 2 "is there already" "start $name twice"
		ex check "$name"
		expect 1 "Not solved yet" "check $name untouched"
		# the finding at a line of the participant's copy
		line=$(printf '%s\n' "$out" | tr '\n' ' ' | grep -o -m1 -E "@ +$name\.c:[0-9]+" || true)
		[ -n "$line" ] || fail "check $name: no finding at a line of $name.c in:
$out"
		ex hint "$name"
		expect 0 "Hint 1 of" "first hint of $name"
		ex hint "$name"
		expect 0 "of" "second hint of $name"
		[[ $out == *"Hint 2 of"* || $out == *"the fix in words"* || $out == *"goes wrong"* ]] ||
			fail "second hint of $name: $out"
		# past the hints in words: explore's story of the copy as it
		# was started, at the copy's own lines, before the fix in words
		if [ "$name" = deadlock_abba ]; then
			while [[ $out == *"Hint "*" of "* ]]; do
				ex hint "$name"
			done
			expect 0 "goes wrong" "the story hint of $name"
			long=$(printf '%s\n' "$out" | awk 'length > 80' | head -3)
			[ -z "$long" ] || fail "the story hint of $name: lines over 80 columns: $long"
			line=$(printf '%s\n' "$out" | tr '\n' ' ' | grep -o -m1 -E "waits for mutex [^ ]+ \(held by thread [0-9]\) at $name\.c:[0-9]+" |
				head -1 | grep -o -E "[0-9]+$" || true)
			[ -n "$line" ] && sed -n "${line}p" "$work/$name.c" | grep -q "lock" &&
				[[ $out == *"preempted here"* ]] ||
				fail "the story hint of $name: no lock call of the copy at line '$line': $out"
			ex hint "$name"
			expect 0 "the fix in words" "the hint after the story of $name"
		fi
		ex solution "$name"
		expect 2 "not solved yet" "solution of $name before it is solved"
		plain_fix "$name"
		grep -q "rl_lock(&\|rl_unlock(&" "$work/$name.c" && fail "plain_fix $name left rl_lock in"
		ex check "$name"
		expect 0 "Solved" "check $name with the reference fix in plain pthread calls"
		ex solution "$name"
		expect 0 "+++ fixed/$name.c" "solution of $name once solved"
	done
	ex list
	expect 0 "3 of " "list after three"
	for name in counter_increment deadlock_abba lost_wakeup_signal_first; do
		grep -q "\[x\] *[0-9]* $name " <<<"$out" ||
			fail "list does not show $name solved: $out"
	done
	jq -e '.exercises.counter_increment.hints == 2 and .exercises.counter_increment.status == "solved"' \
		"$work/progress.json" >/dev/null 2>&1 ||
		python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["exercises"]["counter_increment"]; sys.exit(not (e["hints"] == 2 and e["status"] == "solved"))' \
			"$work/progress.json" || fail "progress.json: $(cat "$work/progress.json")"

	# solved once, broken again: the list says so
	ex reset deadlock_abba
	ex check deadlock_abba
	expect 1 "Not solved yet" "check deadlock_abba broken again"
	ex list
	grep -q "\[!\] *[0-9]* deadlock_abba *solved once; your copy fails now" <<<"$out" ||
		fail "list does not show deadlock_abba as solved once and failing now: $out"
	plain_fix deadlock_abba
	ex check deadlock_abba
	expect 0 "Solved" "check deadlock_abba fixed again"
	ex list
	grep -q "\[x\] *[0-9]* deadlock_abba " <<<"$out" ||
		fail "list does not show deadlock_abba solved again: $out"

	# watch: a save is checked again
	ex reset counter_increment
	expect 0 "as it was at the start" "reset"
	"$racelab" exercise watch counter_increment --root "$root" --dir "$work" >"$work/watch.out" 2>&1 &
	local watcher=$! waited=0
	until grep -q "Watching" "$work/watch.out" || ((waited > 600)); do
		sleep 0.2
		waited=$((waited + 1))
	done
	grep -q "Not solved yet" "$work/watch.out" || fail "watch: the first check is not on screen: $(cat "$work/watch.out")"
	plain_fix counter_increment
	waited=0
	until grep -q "Solved" "$work/watch.out" || ((waited > 600)); do
		sleep 0.2
		waited=$((waited + 1))
	done
	grep -q "Solved" "$work/watch.out" || fail "watch did not check the saved fix: $(cat "$work/watch.out")"
	kill -TERM "$watcher"
	wait "$watcher" 2>/dev/null
	checks=$((checks + 1))
}

# cheat NAME WHY PYTHON: the untouched copy of NAME changed by PYTHON (a
# function of the text s) must not be solved, and the check must say WHY
cheat() {
	local name=$1 why=$2 change=$3
	rm -rf "${work:?}"
	ex start "$name"
	python3 - "$work/$name.c" "$change" <<'PY' || fail "cheat on $name: the change did not apply: $change"
import sys
path, change = sys.argv[1:]
s = open(path).read()
t = eval(change)
if t == s:
    sys.exit(1)
open(path, "w").write(t)
PY
	ex check "$name"
	expect 1 "$why" "cheat on $name ($change)"
	# the screen fits 80 columns (the first line names the copy's path;
	# a path alone on its row, to copy, is not cut)
	long=$(printf '%s\n' "$out" | tail -n +2 | awk 'length > 80 && !/^ *[^ ]+$/' | head -3)
	[ -z "$long" ] || fail "cheat on $name: lines over 80 columns: $long"
}

cheats() {
	local create='RL_CHECK(pthread_create(&threads[i], NULL, worker, NULL));'
	local join='RL_CHECK(pthread_join(threads[i], NULL));'
	cheat counter_increment "0 threads started; the exercise needs 4" \
		"s.replace('$create', 'worker(NULL);').replace('$join', ';')"
	cheat counter_increment "1 thread started; the exercise needs 4" \
		"s.replace('$create', '{ $create $join }')"
	cheat counter_increment "updates lost" \
		"s.replace('		increment();', '		;')"
	cheat counter_increment "it sleeps" \
		"s.replace('	long seen = counter;', '	usleep(50);\n	long seen = counter;').replace('#include <stdio.h>', '#include <stdio.h>\n#include <unistd.h>')"
	cheat counter_increment "\`no_sanitize\` turns ThreadSanitizer off" \
		"s.replace('static void increment(void)', '__attribute__((no_sanitize(\"thread\"))) static void increment(void)')"
	cheat counter_increment "\`__SANITIZE_THREAD__\` asks whether ThreadSanitizer is on" \
		"s.replace('	long seen = counter;', '#ifndef __SANITIZE_THREAD__\n	long seen = counter;').replace('	counter = seen + 1;', '	counter = seen + 1;\n#endif')"
	cheat counter_increment "Valgrind's client requests" \
		"s.replace('int main(void)\n{', '#include <valgrind/helgrind.h>\nint main(void)\n{\n	VALGRIND_HG_DISABLE_CHECKING(&counter, sizeof counter);')"
	cheat counter_increment "\`__tsan_default_options\` calls or defines" \
		"s.replace('int main(void)', 'const char *__tsan_default_options(void) { return \"report_bugs=0\"; }\n\nint main(void)')"
	cheat counter_increment "rl_window() is gone, and the check needs it" \
		"s.replace('	rl_window();\n', '')"
	cheat deadlock_abba "never two at once" \
		"s.replace('RL_CHECK(pthread_create(&b, NULL, pay_alice, NULL));\n	RL_CHECK(pthread_join(a, NULL));', 'RL_CHECK(pthread_join(a, NULL));\n	RL_CHECK(pthread_create(&b, NULL, pay_alice, NULL));')"
	cheat deadlock_abba "a transfer was not made" \
		"s.replace('	rl_lock(&from->lock);\n	rl_window();\n	rl_lock(&to->lock);', '	rl_lock(&from->lock);\n	rl_window();\n	if (pthread_mutex_trylock(&to->lock)) { rl_unlock(&from->lock); return; }')"
	cheat deadlock_abba "it sleeps" \
		"s.replace('	rl_window();', '	usleep(1000);\n	rl_window();').replace('#include <stdio.h>', '#include <stdio.h>\n#include <unistd.h>')"
	cheat deadlock_abba "Valgrind's client requests" \
		"s.replace('#include \"racelab.h\"', '#include \"racelab.h\"\n#include <valgrind/helgrind.h>').replace('	rl_window_init(2);', '	ANNOTATE_BENIGN_RACE_SIZED(&alice, sizeof alice, \"\");\n	rl_window_init(2);')"
	# a trylock-and-retry "fix" of the philosophers: each takes its left
	# fork, tries the right one, and on failure puts the left one down and
	# tries again at once. In lock step (rl_window()) they all fail, for
	# ever: a livelock, said by the watchdog in seconds, without the
	# rl_progress() marks this exercise never mentions, and without a
	# Helgrind line about racelab's own stop at its time limit
	cheat dining_philosophers "livelock: 5 threads keep taking a lock and letting it go when pthread_mutex_trylock() finds the next one taken, and none gets past" \
		"s.replace('	rl_lock(&fork_lock[first]);\n	rl_window();\n	rl_lock(&fork_lock[second]);', '	for (;;) {\n		rl_lock(&fork_lock[first]);\n		rl_window();\n		if (pthread_mutex_trylock(&fork_lock[second]) == 0)\n			break;\n		rl_unlock(&fork_lock[first]);\n	}')"
	# (the watchdog's run may slip out of lock step on a loaded machine;
	# Helgrind's and DRD's runs then find the livelock: said as one)
	{ grep -q "rl_progress\|time limit" <<<"$out" ||
		grep "helgrind\|drd" <<<"$out" | grep -qv "livelock"; } &&
		fail "the trylock-retry philosophers: a line about rl_progress(), the time limit, or Helgrind or DRD not about the livelock: $out"
	took=$(grep -o "Checked in [0-9.]* s" <<<"$out" | grep -o "[0-9.]*" || echo 999)
	awk -v t="$took" 'BEGIN { exit !(t < 30) }' ||
		fail "the trylock-retry philosophers: checked in $took s, not within the watchdog's few seconds: $out"
	cheat unlocked_error_path "\`NO_THREAD_SAFETY_ANALYSIS\` turns clang's thread-safety analysis off" \
		"s.replace('#include \"thread_safety.h\"\n', '#include \"thread_safety.h\"\n#define QUIET NO_THREAD_SAFETY_ANALYSIS\n')"
	# decoys: the threads started do none of the work, main does it all
	# (or all but a token write each); the check counts the writes
	local joined='RL_CHECK(pthread_join(threads[i], NULL));'
	cheat counter_increment_loop "the 4 threads you start never write \`counter\`: main makes all 40000 writes" \
		"s.replace('int main(void)', 'static void *spin(void *arg)\n{\n	for (volatile int i = 0; i < 100000; i++)\n		;\n	return arg;\n}\n\nint main(void)').replace('NULL, worker, NULL', 'NULL, spin, NULL').replace('$joined', '$joined\n	for (int i = 0; i < WORKERS; i++)\n		worker(NULL);')"
	cheat counter_increment_loop "the threads you start make 8 of the 40008 writes to \`counter\`: main makes the rest" \
		"s.replace('int main(void)', 'static pthread_mutex_t token_lock = PTHREAD_MUTEX_INITIALIZER;\n\nstatic void *token(void *arg)\n{\n	pthread_mutex_lock(&token_lock);\n	counter++;\n	counter--;\n	pthread_mutex_unlock(&token_lock);\n	return arg;\n}\n\nint main(void)').replace('NULL, worker, NULL', 'NULL, token, NULL').replace('$joined', '$joined\n	for (int i = 0; i < WORKERS; i++)\n		worker(NULL);')"
	# turn-taking: each worker waits for its turn on a mutex and a
	# condition variable; or holds one lock over its whole loop
	cheat counter_increment_loop "your threads take turns: in 3 runs that switch threads at random, each one's writes to \`counter\` all came before the next one's" \
		"s.replace('static void *worker(void *arg)\n{\n	(void)arg;\n', 'static pthread_mutex_t turn_lock = PTHREAD_MUTEX_INITIALIZER;\nstatic pthread_cond_t turn_cond = PTHREAD_COND_INITIALIZER;\nstatic int turn;\n\nstatic void *worker(void *arg)\n{\n	pthread_mutex_lock(&turn_lock);\n	while (turn != (int)(long)arg)\n		pthread_cond_wait(&turn_cond, &turn_lock);\n	pthread_mutex_unlock(&turn_lock);\n').replace('	return NULL;\n}', '	pthread_mutex_lock(&turn_lock);\n	turn++;\n	pthread_cond_broadcast(&turn_cond);\n	pthread_mutex_unlock(&turn_lock);\n	return NULL;\n}', 1).replace('NULL, worker, NULL', 'NULL, worker, (void *)(long)i')"
	cheat counter_increment_loop "your threads take turns" \
		"s.replace('static void *worker(void *arg)\n{\n	(void)arg;\n', 'static pthread_mutex_t loop_lock = PTHREAD_MUTEX_INITIALIZER;\n\nstatic void *worker(void *arg)\n{\n	(void)arg;\n	pthread_mutex_lock(&loop_lock);\n').replace('	return NULL;\n}', '	pthread_mutex_unlock(&loop_lock);\n	return NULL;\n}', 1)"
	# the program's own check is the exercise's judge: it cannot be
	# turned off, rewritten, or silenced through racelab.h
	cheat bank_withdraw "changes the program's own check" \
		"s.replace('	if (balance < 0 || paid_out + balance != OPENING)', '	if (0 && (balance < 0 || paid_out + balance != OPENING))')"
	cheat bank_withdraw "changes the program's own check" \
		"s.replace('rl_symptom(\"wrong-result\"', 'rl_symptom(\"benign\"')"
	cheat bank_withdraw "changes racelab.h's own rl_symptom" \
		"s.replace('#include \"racelab.h\"', '#include \"racelab.h\"\n#undef rl_symptom\n#define rl_symptom(...) ((void)0)')"
	cheat bank_withdraw "changes racelab.h's own RL_CHECK" \
		"s.replace('#include \"racelab.h\"', '#include \"racelab.h\"\n#undef RL_CHECK\n#define RL_CHECK(x) ((void)(x))')"
	# a removed forcing device named where it was: the ticket lock the
	# hint describes, with take_log_lock() (and its rl_window()s) now a
	# plain ticket_lock(): the logger's windows would wait for a reporter
	# that never comes to one (issue 20, item 4); with rl_window() put
	# back in reporter(), as the line says, the hint's fix is solved
	for back in no yes; do
		rm -rf "${work:?}"
		ex start greedy_relock
		python3 - "$work/greedy_relock.c" "$back" <<'PY' || fail "greedy_relock's ticket lock: the change did not apply"
import re
import sys
path, back = sys.argv[1:]
s = open(path).read()
t = s.replace("static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;", """struct ticket_lock {
	pthread_mutex_t mutex;
	pthread_cond_t turn;
	unsigned long next, serving;
};

static struct ticket_lock log_lock = { PTHREAD_MUTEX_INITIALIZER,
				       PTHREAD_COND_INITIALIZER, 0, 0 };

static void ticket_lock(struct ticket_lock *t)
{
	unsigned long mine;

	pthread_mutex_lock(&t->mutex);
	mine = t->next++;
	while (t->serving != mine)
		pthread_cond_wait(&t->turn, &t->mutex);
	pthread_mutex_unlock(&t->mutex);
}

static void ticket_unlock(struct ticket_lock *t)
{
	pthread_mutex_lock(&t->mutex);
	t->serving++;
	pthread_cond_broadcast(&t->turn);
	pthread_mutex_unlock(&t->mutex);
}""")
t = t.replace("rl_lock(&log_lock);", "ticket_lock(&log_lock);")
t = t.replace("rl_unlock(&log_lock);", "ticket_unlock(&log_lock);")
t = re.sub(r"static void take_log_lock\(void\)\n\{.*?\n\}\n",
           "static void take_log_lock(void)\n{\n\tticket_lock(&log_lock);\n}\n", t, flags=re.S)
if back == "yes":
    t = t.replace("do {\n\t\ttake_log_lock();", "do {\n\t\trl_window();\n\t\ttake_log_lock();")
if "ticket_lock(&log_lock);\n}" not in t or (back == "yes" and "rl_window();\n\t\ttake_log_lock();" not in t):
    sys.exit(1)
open(path, "w").write(t)
PY
		ex check greedy_relock
		if [ "$back" = no ]; then
			expect 1 "rl_window() is gone from reporter(), and the check needs it there" \
				"greedy_relock: the hint's ticket lock, the reporter's rl_window()s gone with take_log_lock's body"
		else
			expect 0 "Solved" "greedy_relock: the hint's ticket lock, rl_window() kept in reporter()"
		fi
	done
	# a header of the participant's own, which would compile
	rm -rf "${work:?}"
	ex start bank_withdraw
	printf '#undef rl_symptom\n#define rl_symptom(...) ((void)0)\n' >"$work/quiet.h"
	sed -i 's/^#include "racelab.h"$/#include "racelab.h"\n#include "quiet.h"/' "$work/bank_withdraw.c"
	ex check bank_withdraw
	expect 1 "brings in a header of your own" "a header of the participant's own, included"
	# a racelab.h of the participant's own beside the copy
	rm -rf "${work:?}"
	ex start bank_withdraw
	printf '#include "%s/harness/case/racelab.h"\n#undef rl_symptom\n#define rl_symptom(...) ((void)0)\n' "$root" >"$work/racelab.h"
	ex check bank_withdraw
	expect 1 "racelab.h stands beside your copy" "a racelab.h of the participant's own beside the copy"
	cheat bank_withdraw "\`exit(0)\` ends the program before its own check" \
		"s.replace('	printf(\"paid out', '	exit(0);\n	printf(\"paid out')"
	cheat bank_withdraw "\`return 0\` ends the program before its own check" \
		"s.replace('	printf(\"paid out', '	if (balance < 0)\n		return 0;\n	printf(\"paid out')"
	# right only under the forcing devices: the consumer looks at the
	# data under the lock, lets go, and waits only if it was not there.
	# The forcing makes the consumer come after the signal, so every
	# tool's run is clean; a schedule where the signal falls between the
	# look and the wait loses it, and explore, forcing off, finds it
	cheat lost_wakeup_signal_first "explore's schedule that breaks it" \
		"s.replace('	rl_lock(&data_lock);\n	rl_cond_wait(&loaded_cond, &data_lock);\n	result = data;\n	rl_unlock(&data_lock);', '	int ready;\n\n	rl_lock(&data_lock);\n	ready = data != 0;\n	rl_unlock(&data_lock);\n	if (!ready) {\n		rl_lock(&data_lock);\n		rl_cond_wait(&loaded_cond, &data_lock);\n		rl_unlock(&data_lock);\n	}\n	rl_lock(&data_lock);\n	result = data;\n	rl_unlock(&data_lock);')"
	grep -q "FAIL  explore         lost-wakeup" <<<"$out" ||
		fail "the fix right only under forcing: explore's line is not a lost wakeup: $out"
	# a tool's options in the environment are not the program's fix
	rm -rf "${work:?}"
	ex start counter_increment
	# (--all: its own check fails first, and a check stops there)
	out=$(TSAN_OPTIONS=report_bugs=0 "$racelab" exercise check counter_increment --all --root "$root" --dir "$work" 2>&1)
	rc=$?
	checks=$((checks + 1))
	expect 1 "the check ignores your TSAN_OPTIONS" "TSAN_OPTIONS=report_bugs=0 on an untouched copy"
	grep -q "FAIL  tsan " <<<"$out" || fail "TSAN_OPTIONS=report_bugs=0 silenced tsan: $out"
	# and the textbook fixes pass: a mutex in plain calls, a C11 atomic
	rm -rf "${work:?}"
	ex start counter_increment
	python3 - "$work/counter_increment.c" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace("#include <stdio.h>", "#include <stdatomic.h>\n#include <stdio.h>")
s = s.replace("static long counter;", "static atomic_long counter;")
s = s.replace("\tlong seen = counter;\n\trl_window();\n\tcounter = seen + 1;",
              "\trl_window();\n\tatomic_fetch_add(&counter, 1);")
open(p, "w").write(s)
PY
	ex check counter_increment
	expect 0 "Solved" "counter_increment fixed with a C11 atomic_fetch_add"
	# a local sum per thread, added once under a lock: the threads still
	# do the work
	rm -rf "${work:?}"
	ex start counter_increment_loop
	python3 - "$work/counter_increment_loop.c" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace("static volatile long counter;", "static volatile long counter;\nstatic pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;")
s = s.replace("\tfor (int i = 0; i < ROUNDS; i++) {\n\t\tcounter++;\n\t}\n",
              "\tlong sum = 0;\n\n\tfor (int i = 0; i < ROUNDS; i++)\n\t\tsum++;\n\tpthread_mutex_lock(&counter_lock);\n\tcounter += sum;\n\tpthread_mutex_unlock(&counter_lock);\n")
open(p, "w").write(s)
PY
	ex check counter_increment_loop
	expect 0 "Solved" "counter_increment_loop fixed with a local sum per thread"
}

mkdir -p "$work"
case $part in
walkthrough) walkthrough ;;
cheats) cheats ;;
*) fail "no part $part" ;;
esac
pgrep -f "$work/" >/dev/null && fail "processes of the checks outlived them: $(pgrep -af "$work/")"
echo "$checks checks, $failures failures"
[ "$failures" -eq 0 ]
