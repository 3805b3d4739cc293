#!/bin/bash
# The command line as a user meets it, in the runfiles tree: harness/racelab
# (the binary), ./racelab (the wrapper at the workspace root) and
# harness/cli.sh (what the wrapper and `bazel run //:cli` start).
#  - help: `help`, `--help`, `-h`, `help CMD` and `CMD --help` print to
#    stdout with status 0, naming every command and option;
#  - a bad command line is refused with one sentence on stderr, status 2,
#    the nearest name suggested, and by the wrapper before it installs or
#    builds anything (bazel, dpkg-query, apt-get and sudo are traps here);
#  - the wrapper and the binary say the same, word for word;
#  - paths the user gives are taken from where the user stands
#    ($BUILD_WORKING_DIRECTORY), and `results:` names the file written.
set -u
# Temporary files (racelab's, the tools', the compilers') in the test's own
# folder: Bazel 4.2 gives a test TMPDIR=/tmp, the host's, writable from
# its sandbox (docs/remote-execution.md).
export TMPDIR=${TEST_TMPDIR:-${TMPDIR:-/tmp}}
tmp=$(mktemp -d "${TEST_TMPDIR:-/tmp}/cli_test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failures=0 checks=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# Anything the wrapper may only do for a command line it accepted.
mkdir -p "$tmp/bin"
for tool in bazel dpkg-query apt-get sudo; do
	printf '#!/bin/sh\necho "%s $*" >>"%s/called"\nexit 97\n' "$tool" "$tmp" \
		>"$tmp/bin/$tool"
	chmod +x "$tmp/bin/$tool"
done
export PATH="$tmp/bin:$PATH"

# run WHO ARGS...: WHO's stdout, stderr and status in $out, $err, $rc
run() {
	local who=$1
	shift
	case $who in
	binary) harness/racelab "$@" >"$tmp/out" 2>"$tmp/err" ;;
	wrapper) ./racelab "$@" >"$tmp/out" 2>"$tmp/err" ;;
	esac
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
	checks=$((checks + 1))
}

# ---- help

commands="list run report compare exercise explore replay docs setup test"
options="--variant --detector --runs --check --from --docs --out --root --help"
for who in binary wrapper; do
	for args in help --help -h; do
		run "$who" $args
		[ "$rc" -eq 0 ] && [ -z "$err" ] ||
			fail "$who $args: status $rc, stderr '$err'"
		for word in $commands help; do
			grep -q "^\./racelab $word\b" "$tmp/out" ||
				fail "$who $args does not give the usage of $word"
		done
		for word in $options; do
			grep -q -- "$word\b" "$tmp/out" || fail "$who $args does not name $word"
		done
	done
	for c in $commands help; do
		for args in "help $c" "$c --help" "$c -h"; do
			[ "$c" = help ] && [ "$args" != "help help" ] && continue
			run "$who" $args
			[ "$rc" -eq 0 ] && [ -z "$err" ] && [[ $out == "./racelab $c"* ]] ||
				fail "$who $args: status $rc, stdout '${out:0:60}', stderr '$err'"
		done
	done
	# help wins wherever it stands before --, whatever else is wrong
	run "$who" run --runs 5x --help
	[ "$rc" -eq 0 ] && [[ $out == "./racelab run"* ]] ||
		fail "$who run --runs 5x --help: status $rc"
done
run binary run --help
grep -q -- '--variant V' "$tmp/out" && grep -q -- '--out DIR' "$tmp/out" &&
	! grep -q -- '--check' "$tmp/out" ||
	fail "run --help does not list run's options, and only them: $out"

# ---- refusals: "ARGS|what stderr must say"
refusals=(
	"frobnicate|there is no command \`frobnicate\`: the commands are list, run, report, compare, exercise, explore, replay, docs, setup, test and help."
	"reprot|did you mean \`report\`?"
	"repo|did you mean \`report\`?"
	"lsit|did you mean \`list\`?"
	"help frobnicate|there is no command \`frobnicate\`"
	"help run report|help takes one command at most."
	"--runs 5|a command comes first"
	"run|run needs a case name"
	"run --variant fixed|run needs a case name"
	"run a b|run takes one case name, and \`b\` is a second."
	"report counter_increment|report takes no case name"
	"run x --runs 5x|\`--runs\` takes a whole number from 1 to 1000, not \`5x\`."
	"run x --runs 1e9|not \`1e9\`."
	"run x --runs=0|not \`0\`."
	"run x --runs 1001|not \`1001\`."
	"run x --runs -5|not \`-5\`."
	"run x --runs ' 5'|not \` 5\`."
	"run x --runs 00005|not \`00005\`."
	"run x --memory 5x|\`--memory\` takes a size from 64M to 64G, such as 512M or 4G, not \`5x\`."
	"run x --memory 63M|not \`63M\`."
	"run x --memory 65G|not \`65G\`."
	"run x --memory 4g|not \`4g\`."
	"run x --memory 999999999G|not \`999999999G\`."
	"run x --runs|\`--runs\` needs a value: \`--runs N\`."
	"run x --out --runs 3|\`--out\` needs a value: \`--out DIR\`."
	"run x --varient fixed|run has no option \`--varient\`: did you mean \`--variant\`?"
	"run x --run 3|did you mean \`--runs\`?"
	"run x -runs 3|run has no option \`-runs\`: did you mean \`--runs\`?"
	"run x --check|run has no option \`--check\`: \`./racelab run --help\` lists its options."
	"run x -x|run has no option \`-x\`"
	"run x --var=fixed|did you mean \`--variant\`?"
	"docs --check=yes|\`--check\` takes no value."
	"list --help=1|\`--help\` takes no value."
	"list --out x|list has no option \`--out\`"
	"run x --detector tsna|there is no detector \`tsna\`: did you mean \`tsan\`?"
	"run x --detector foo|the detectors are native, tsan, tsan-gcc, helgrind, drd, watchdog, thread-safety, explore and all."
	"test x|test needs --variant V and --detector D, one of each (not all)."
	"test x --variant broken --detector all|test needs --variant V"
	"setup now|setup takes no case name"
	"exercise|exercise needs a subcommand: list, start, check, watch, hint, solution, reset or verify"
	"exercise chek counter_increment|exercise has no subcommand \`chek\`: did you mean \`check\`?"
	"exercise frobnicate|exercise has no subcommand \`frobnicate\`: it has list, start"
	"report --from-tests --runs 2|\`--from-tests\` reads the results of the Bazel tests, one run each with their own limits: it takes no --runs, --memory, --schedules or --seconds."
	"report --schedules 5 --from-tests|it takes no --runs, --memory, --schedules or --seconds."
	"report --seconds 5 --from-tests|it takes no --runs, --memory, --schedules or --seconds."
	"run x --seconds 151|\`--seconds\` takes a whole number from 1 to 150, not \`151\`."
	"report --from-tests=yes|\`--from-tests\` takes no value."
	"report --from-test|did you mean \`--from-tests\`?"
)
for entry in "${refusals[@]}"; do
	args=${entry%%|*} want=${entry#*|}
	eval "set -- $args"
	run binary "$@"
	b_out=$out b_err=$err b_rc=$rc
	rm -f "$tmp/called"
	run wrapper "$@"
	[ "$b_rc" -eq 2 ] && [ -z "$b_out" ] && [[ $b_err == "racelab: "* ]] &&
		[ "$(printf '%s\n' "$b_err" | wc -l)" -eq 1 ] ||
		fail "binary $args: want one sentence on stderr and status 2, got status $b_rc, stdout '$b_out', stderr '$b_err'"
	[[ $b_err == *"$want"* ]] || fail "binary $args: stderr '$b_err' does not say '$want'"
	[ "$rc" -eq "$b_rc" ] && [ "$out" = "$b_out" ] && [ "$err" = "$b_err" ] ||
		fail "wrapper $args: status $rc, stderr '$err'; the binary: status $b_rc, stderr '$b_err'"
	[ ! -e "$tmp/called" ] ||
		fail "wrapper $args ran $(cat "$tmp/called") before refusing"
done
# The same help, word for word.
for args in help "run --help" "help docs" "help exercise" "exercise --help" "setup -h" "test --help" "list --help" "report -h"; do
	run binary $args
	b_out=$out
	run wrapper $args
	[ "$out" = "$b_out" ] || {
		fail "wrapper $args and the binary print different help:"
		diff <(echo "$b_out") <(echo "$out")
	}
done
[ ! -e "$tmp/called" ] || fail "help ran $(cat "$tmp/called")"

# ---- the binary's own refusal of setup, and of a case not in the catalogue
run binary setup
[ "$rc" -eq 2 ] && [[ $err == *"./racelab setup"* ]] || fail "binary setup: status $rc, '$err'"
run binary run counter_incremnt --detector native
[ "$rc" -eq 2 ] && [[ $err == *"did you mean \`counter_increment\`?"* ]] ||
	fail "a misspelt case: status $rc, '$err'"

# ---- a reader that stops early (| head): racelab dies of SIGPIPE, as any
# command does, and nothing is said of it (its guard speaks of SIGKILL only)
# (a reader gone before racelab writes: SIGPIPE nearly every time)
harness/racelab list 2>"$tmp/err" | exec 0<&-
rc=${PIPESTATUS[0]}
checks=$((checks + 1))
{ [ "$rc" -eq 0 ] || [ "$rc" -eq 141 ]; } && [ ! -s "$tmp/err" ] ||
	fail "racelab list | (a reader gone): status $rc, stderr '$(cat "$tmp/err")'"

# ---- explore's search, its time run out: clean in what it searched,
# and the verdict says how far it got (1000000 schedules in 1 s)
run binary test counter_increment --variant fixed --detector explore \
	--schedules 1000000 --seconds 1 --out "$tmp/explore"
checks=$((checks + 1))
[ "$rc" -eq 0 ] && [[ $out =~ "explore reported nothing in "[0-9]+" of 1000000 schedules: the search's time ran out first" ]] ||
	fail "explore --seconds 1: status $rc, stdout '$out', stderr '$err'"

# ---- paths relative to where the user stands
user=$tmp/user
mkdir -p "$user"
BUILD_WORKING_DIRECTORY=$user run binary run counter_increment --variant fixed \
	--detector native --out myout
results=$(printf '%s\n' "$out" | sed -n 's/^results: //p')
[ "$rc" -eq 0 ] && [ "$results" = "$user/myout/counter_increment.json" ] && [ -s "$results" ] ||
	fail "--out myout from $user: status $rc, results '$results', stdout '$out', stderr '$err'"
[ ! -e myout ] || fail "--out myout was written in the runfiles tree"
# --root, --from and --docs alike: one case's own little catalogue
mkdir -p "$user/mini/cases" "$user/mini/fixed"
for v in cases fixed; do
	cp "$v/counter_increment.c" "$user/mini/$v/"
	ln -s "$PWD/$v/counter_increment" "$user/mini/$v/counter_increment"
done
BUILD_WORKING_DIRECTORY=$user run binary docs --root mini --from myout/counter_increment.json \
	--docs pages --out raw
[ "$rc" -eq 0 ] && [ -s "$user/pages/counter_increment.md" ] ||
	fail "docs --root mini --from myout/counter_increment.json --docs pages: status $rc, '$out' '$err'"
# the page's diff is the fix: the code below the two headers, its hunks
# at the files' own lines
page=$user/pages/counter_increment.md
hunk=$(grep -m1 '^@@ -' "$page")
first=$(grep -m1 -A1 '^@@ -' "$page" | tail -1)
a=$(sed 's/^@@ -\([0-9]*\).*/\1/' <<<"$hunk")
b=$(sed 's/^@@ -[0-9,]* +\([0-9]*\).*/\1/' <<<"$hunk")
checks=$((checks + 1))
if sed -n '/^```diff/,/^```$/p' "$page" | grep -q -e 'racelab fix' -e '^[-+ ] \* bug:' ||
	[ "$(sed -n "${a}p" cases/counter_increment.c)" != "${first:1}" ] ||
	[ "$(sed -n "${b}p" fixed/counter_increment.c)" != "${first:1}" ]; then
	fail "the page's diff shows more than the code, or at other lines: '$hunk' '$first' $(sed -n '/^```diff/,/^```$/p' "$page" | head -12)"
fi
BUILD_WORKING_DIRECTORY=$user run binary docs --check --root mini \
	--from=myout/counter_increment.json --docs=pages
[ "$rc" -eq 0 ] || fail "docs --check of the pages just written: status $rc, '$out' '$err'"
# the workspace's own pages: an example is the output of its command, run
# again by docs; --check says which page's example changed; a command
# that fails is never shown
ws=$tmp/ws
mkdir -p "$ws/docs/cases"
printf 'Its options:\n\n<!-- the output of: ./racelab replay --help -->\n```\nold words\n```\nthe end\n' \
	>"$ws/README.md"
cp "$ws/README.md" "$tmp/readme.before"
examples() {
	BUILD_WORKSPACE_DIRECTORY=$ws BUILD_WORKING_DIRECTORY=$user run binary docs \
		--root mini --from=myout/counter_increment.json --docs="$ws/docs/cases" "$@"
}
examples --check
[ "$rc" -eq 1 ] && grep -q "README.md has an example whose output has changed" "$tmp/err" &&
	cmp -s "$ws/README.md" "$tmp/readme.before" ||
	fail "docs --check of an example out of date: status $rc, '$out' '$err'"
examples
[ "$rc" -eq 0 ] && grep -q "^docs: 1 example in README.md and docs/ written from their output$" "$tmp/out" &&
	[ "$(sed -n 5p "$ws/README.md")" = '$ ./racelab replay --help' ] &&
	grep -q '^\./racelab replay SCHEDULE' "$ws/README.md" &&
	! grep -q 'old words' "$ws/README.md" && [ "$(tail -1 "$ws/README.md")" = "the end" ] ||
	fail "docs writing an example: status $rc, '$out' '$err': $(cat "$ws/README.md")"
examples --check
[ "$rc" -eq 0 ] || fail "docs --check of the example just written: status $rc, '$out' '$err'"
printf '<!-- the output of: ./racelab explore nosuch.c -->\n```\n```\n' >"$ws/docs/page.md"
examples
[ "$rc" -eq 1 ] && grep -q "page.md: the example \`./racelab explore nosuch.c\` did not run: it ended exited (status 2)" "$tmp/err" &&
	[ "$(cat "$ws/docs/page.md" | wc -l)" -eq 3 ] ||
	fail "docs with an example that fails: status $rc, '$out' '$err'"
# without BUILD_WORKING_DIRECTORY a relative path is taken from here
(cd "$user" && "$OLDPWD/harness/racelab" run counter_increment --root mini \
	--variant fixed --detector native --out here >"$tmp/out" 2>&1)
[ -s "$user/here/counter_increment.json" ] || fail "--out here, run from $user: $(cat "$tmp/out")"

# --json: the results document alone on stdout, the lines for people on
# stderr; piped, no colour and no progress line
BUILD_WORKING_DIRECTORY=$user run binary run counter_increment --variant broken \
	--detector native --out jsonout --json
python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
rows = doc["results"]
assert len(rows) == 1, rows
assert rows[0]["case"] == "counter_increment" and rows[0]["detector"] == "native", rows[0]
assert rows[0]["verdict"] == "detected", rows[0]
' "$tmp/out" && [[ $err == *"results: $user/jsonout/counter_increment.json"* ]] ||
	fail "run --json: stdout is not the results document alone, or stderr lacks the lines: status $rc, stdout '$out', stderr '$err'"
[[ $out$err != *$'\033'* ]] && [[ $err != *$'\r'* ]] ||
	fail "run, piped: colour or a progress line in '$out' '$err'"
# on a terminal (script(1) gives one): the progress line, and colour
# unless NO_COLOR is set
term() {
	env "$@" SHELL=/bin/bash BUILD_WORKING_DIRECTORY="$user" script -qec \
		"$PWD/harness/racelab run counter_increment --variant broken --detector native --runs 6 --out termout" \
		/dev/null >"$tmp/term" 2>&1
}
term
grep -q $'\033\\[Kracelab: 6/6 counter_increment broken native' "$tmp/term" &&
	grep -q $'\033\\[32mdetected 6/6' "$tmp/term" ||
	fail "run on a terminal: no progress line or no colour: $(cat -v "$tmp/term")"
term NO_COLOR=1
grep -q $'\033\\[Kracelab: 6/6' "$tmp/term" && ! grep -q $'\033\\[32m' "$tmp/term" ||
	fail "run on a terminal with NO_COLOR: colour, or no progress: $(cat -v "$tmp/term")"
checks=$((checks + 4))

# ---- the catalogue: what is missing is said, one sentence each, status 2
cat_ok=$tmp/catalogue-ok
cat_bad=$tmp/catalogue-bad
header() {
	printf '/* racelab case: %s\n * bug: none.\n * class: race\n * expect %s: clean\n */\nint main(void) { return 0; }\n' "$1" "${2:-tsan}"
}
mkdir -p "$cat_ok/cases" "$cat_ok/fixed" "$cat_bad/cases" "$cat_bad/fixed"
header a >"$cat_ok/cases/a.c"
header a >"$cat_ok/fixed/a.c"
header a >"$cat_ok/fixed/a.mutex.c"
printf 'racelab_case("a")\n' >"$cat_ok/cases/BUILD"
printf 'racelab_case("a", alternatives = ["mutex"])\n' >"$cat_ok/fixed/BUILD"
run binary list --root "$cat_ok"
[ "$rc" -eq 0 ] && [ -z "$err" ] && [[ $out == "a "* ]] ||
	fail "list of a whole catalogue: status $rc, stdout '$out', stderr '$err'"
header a >"$cat_bad/cases/a.c"
header a >"$cat_bad/fixed/a.c"
header nofix >"$cat_bad/cases/nofix.c"
header typo tsna >"$cat_bad/cases/typo.c"
header typo >"$cat_bad/fixed/typo.c"
printf 'racelab_case("a")\n\nracelab_case("nofix")\n\nracelab_case("ghost")\n' \
	>"$cat_bad/cases/BUILD"
printf 'racelab_case(\n    "a",\n    alternatives = ["mutex"],\n)\n' >"$cat_bad/fixed/BUILD"
run binary list --root "$cat_bad"
[ "$rc" -eq 2 ] ||
	fail "list of a catalogue with holes: status $rc, want 2"
for want in \
	"racelab: cases/nofix.c has no fix: there is no fixed/nofix.c (every broken program needs one)." \
	"racelab: cases/typo.c: \`expect tsna:\` names no detector racelab has: did you mean \`expect tsan:\`?"; do
	grep -qxF -- "$want" <<<"$err" ||
		fail "list of a catalogue with holes does not say '$want': '$err'"
done
[ "$(printf '%s\n' "$err" | wc -l)" -eq 2 ] ||
	fail "list of a catalogue with holes: want 2 sentences, got '$err'"
checks=$((checks + 2))

# the user's TSAN_OPTIONS are kept (merged with racelab's), and a
# suppression that hides the expected race is said in the verdict
printf 'race:counter_increment.c\n' >"$tmp/race.supp"
TSAN_OPTIONS="suppressions=$tmp/race.supp" BUILD_WORKING_DIRECTORY=$user \
	run binary run counter_increment --variant broken --detector tsan --out suppout
[ "$rc" -eq 1 ] && [[ $out == *"missed"*"tsan matched 1 report to your suppressions"*"hides the bug"* ]] ||
	fail "run under TSAN_OPTIONS=suppressions=FILE: status $rc, '$out' '$err'"

# Valgrind's tools alike, from VALGRIND_OPTS and from ~/.valgrindrc: only
# the user's suppressions are counted (Valgrind's own default ones hide
# something in every run, and would make any verdict say so), and Helgrind
# and DRD count every occurrence they hid, not one per race
cat >"$tmp/vg.supp" <<'EOF'
{
   counter-increment-race
   Helgrind:Race
   fun:increment
}
{
   counter-increment-conflict
   drd:ConflictingAccess
   fun:increment
}
EOF
VALGRIND_OPTS="--suppressions=$tmp/vg.supp" BUILD_WORKING_DIRECTORY=$user \
	run binary run counter_increment --variant broken --detector helgrind --out suppout
[ "$rc" -eq 1 ] && [[ $out == *"missed"*"helgrind matched "[1-9]*" report"*" to your suppressions"*"hides the bug"*"without the suppressions in your VALGRIND_OPTS"* ]] ||
	fail "run under VALGRIND_OPTS=--suppressions=FILE: status $rc, '$out' '$err'"
mkdir -p "$tmp/home"
printf -- '--suppressions=%s\n' "$tmp/vg.supp" >"$tmp/home/.valgrindrc"
HOME=$tmp/home BUILD_WORKING_DIRECTORY=$user \
	run binary run counter_increment --variant broken --detector drd --out suppout
[ "$rc" -eq 1 ] && [[ $out == *"missed"*"drd matched "[1-9]*" report"*" to your suppressions"*"hides the bug"* ]] ||
	fail "run with --suppressions=FILE in ~/.valgrindrc: status $rc, '$out' '$err'"
rm -rf "$tmp/home"

# cli.sh: the workspace's defaults, and the user's relative paths
ws=$tmp/ws
mkdir -p "$ws"
BUILD_WORKSPACE_DIRECTORY=$ws BUILD_WORKING_DIRECTORY=$user \
	harness/cli.sh run counter_increment --variant fixed --detector native \
	>"$tmp/out" 2>&1
grep -qx "results: $ws/racelab-report/counter_increment.json" "$tmp/out" ||
	fail "cli.sh run: not in the workspace's racelab-report: $(cat "$tmp/out")"
BUILD_WORKSPACE_DIRECTORY=$ws BUILD_WORKING_DIRECTORY=$user \
	harness/cli.sh run counter_increment --variant fixed --detector native \
	--out viacli >"$tmp/out" 2>&1
grep -qx "results: $user/viacli/counter_increment.json" "$tmp/out" && [ -s "$user/viacli/counter_increment.json" ] ||
	fail "cli.sh run --out viacli: $(cat "$tmp/out")"
checks=$((checks + 6))

# ---- 80 columns

# On an 80-column terminal (script(1) gives the commands one) no line of
# run or list is longer: the names on one line, the why and next steps
# wrapped under them (issue 19, item 17). A pipe still gets one line a
# result, for grep (the checks above).
script -qec "stty cols 80 rows 24; harness/racelab run counter_increment --variant broken --detector native --out '$tmp/narrow'; harness/racelab list --root ." \
	/dev/null >"$tmp/narrow.txt" 2>&1
# (the lines that name the files written are a path, whatever its length)
long=$(tr '\r' '\n' <"$tmp/narrow.txt" | sed 's/\x1b\[[0-9;]*[A-Za-z]//g' |
	grep -v -E '^(results|sarif|page): ' | awk 'length($0) > 80')
checks=$((checks + 2))
[ -z "$long" ] || fail "on an 80-column terminal these lines are longer: $long"
grep -q "counter_increment.*broken.*native" "$tmp/narrow.txt" ||
	fail "run on a terminal said no result: $(cat "$tmp/narrow.txt")"

# ---- the short way (../racelab, sh): the binary at once when the set-up
# is fresh, racelab.bash otherwise; the binary itself (harness/front.c)
# looks whether a source changed since the last build, and hands the
# user's words to racelab.bash when one did

# A workspace of stand-ins: each binary and racelab.bash says who it is
# and with what (racelab.bash also where it was started, when not where
# the user stands, and whether it sees the front's RACELAB_FRONT); the
# real ./racelab and harness/cli.sh.
sw=$tmp/short
mkdir -p "$sw/harness/explore" "$sw/cases" "$sw/fixed" "$sw/waiting" "$sw/third_party" \
	"$sw/bazel-bin/cli.runfiles/racelab/harness" "$sw/bazel-bin/harness"
touch "$sw/WORKSPACE" "$sw/BUILD" "$sw/.bazelrc" "$sw/cases/a.c" "$sw/waiting/w.c" \
	"$sw/harness/explore/rt.c"
cp racelab "$sw/racelab"
cp harness/cli.sh "$sw/bazel-bin/cli.runfiles/racelab/harness/cli.sh"
stand_in() {
	printf '#!/bin/sh\necho "%s $*"\n' "$2" >"$1"
	chmod +x "$1"
}
printf '#!/bin/sh\nw=\n[ "$PWD" = "%s" ] || w=" in $PWD"\n[ -z "${RACELAB_FRONT+set}" ] || w="$w with RACELAB_FRONT"\necho "long $*$w"\n' \
	"$tmp" >"$sw/harness/racelab.bash"
chmod +x "$sw/harness/racelab.bash"
stand_in "$sw/bazel-bin/cli.runfiles/racelab/harness/racelab" catalogue
stand_in "$sw/bazel-bin/harness/racelab" harness
# the stamps, newer than every source (to the nanosecond) and than dpkg's
# record
old() { touch -h -d '2000-01-01' "$@"; }
stamped() { touch -h -d '2020-01-01 00:00:00.500000000' "$@"; }
past_stamp() { touch -h -d '2020-01-01 00:00:00.700000000' "$@"; }
find "$sw/WORKSPACE" "$sw/BUILD" "$sw/.bazelrc" "$sw/cases" "$sw/fixed" "$sw/waiting" \
	"$sw/harness" "$sw/third_party" -exec touch -h -d '2000-01-01' {} +
touch "$sw/.racelab-setup" "$sw/.racelab-built" "$sw/.racelab-built-harness"
stamped "$sw/.racelab-built" "$sw/.racelab-built-harness"
short() { (cd "$tmp" && "$sw/racelab" "$@" 2>&1); }
checks=$((checks + 20))
if [ -f /var/lib/dpkg/status ] && [ /var/lib/dpkg/status -ot "$sw/.racelab-setup" ]; then
	out=$(short run x --variant broken)
	[ "$out" = "catalogue run --root $sw/bazel-bin/cli.runfiles/racelab --out $sw/racelab-report x --variant broken" ] ||
		fail "short way, fresh: '$out'"
	out=$(short compare r.c --detector tsan)
	[ "$out" = "harness compare r.c --detector tsan" ] || fail "short way, compare: '$out'"
	out=$(short run x --help)
	[ "$out" = "long run x --help" ] || fail "short way, --help: '$out'"
	out=$(short report --from-tests)
	[ "$out" = "long report --from-tests" ] || fail "short way, --from-tests: '$out'"
	out=$(short setup)
	[ "$out" = "long setup" ] || fail "short way, setup: '$out'"

	# The real binary in both places, over a catalogue of one case.
	ln -sf "$PWD/harness/racelab" "$sw/bazel-bin/cli.runfiles/racelab/harness/racelab"
	ln -sf "$PWD/harness/racelab" "$sw/bazel-bin/harness/racelab"
	mini=$sw/bazel-bin/cli.runfiles/racelab
	mkdir -p "$mini/cases" "$mini/fixed"
	header a >"$mini/cases/a.c"
	header a >"$mini/fixed/a.c"
	printf 'racelab_case("a")\n' >"$mini/cases/BUILD"
	printf 'racelab_case("a")\n' >"$mini/fixed/BUILD"
	refusal="racelab: exercise has no subcommand \`frobnicate\`: it has list, start, check, watch, hint, solution, reset and verify."
	out=$(short list)
	[[ $out == "a "* ]] || fail "short way, fresh, the real binary: list said '$out'"
	out=$(short exercise frobnicate)
	[ "$out" = "$refusal" ] || fail "short way, fresh, the real binary: exercise frobnicate said '$out'"
	# a source of the harness newer than the stamps, by 0.2 s, two
	# folders down: the long way for both binaries, with the user's own
	# words (not cli.sh's defaults), from where the user stands
	past_stamp "$sw/harness/explore/rt.c"
	out=$(short list)
	[ "$out" = "long list" ] || fail "short way, harness/explore/rt.c edited after the build: list said '$out'"
	out=$(short run x --variant broken -- --out y)
	[ "$out" = "long run x --variant broken -- --out y" ] ||
		fail "short way, harness/explore/rt.c edited after the build: run said '$out'"
	out=$(short exercise frobnicate)
	[ "$out" = "long exercise frobnicate" ] ||
		fail "short way, harness/explore/rt.c edited after the build: exercise said '$out'"
	old "$sw/harness/explore/rt.c"
	# a case edited: the catalogue's binary goes the long way, the
	# harness's does not (it builds no case)
	past_stamp "$sw/cases/a.c"
	out=$(short run x)
	[ "$out" = "long run x" ] || fail "short way, a case edited after the build: '$out'"
	out=$(short exercise frobnicate)
	[ "$out" = "$refusal" ] || fail "short way, exercise after a case edit: '$out'"
	old "$sw/cases/a.c"
	out=$(short list)
	[[ $out == "a "* ]] || fail "short way, fresh again: list said '$out'"
	# a file removed (its folder changed), a link newer than the stamp
	# (not followed: its target is old), the stamp missing, a folder
	# missing: the long way
	rm "$sw/waiting/w.c"
	out=$(short list)
	[ "$out" = "long list" ] || fail "short way, a file of waiting/ removed: '$out'"
	old "$sw/waiting"
	ln -s ../WORKSPACE "$sw/third_party/link"
	past_stamp "$sw/third_party/link"
	old "$sw/third_party"
	out=$(short compare r.c)
	[ "$out" = "long compare r.c" ] || fail "short way, a link newer than the stamp: '$out'"
	old "$sw/third_party/link"
	mv "$sw/.racelab-built" "$sw/.racelab-built.gone"
	out=$(short list)
	[ "$out" = "long list" ] || fail "short way, no stamp: '$out'"
	mv "$sw/.racelab-built.gone" "$sw/.racelab-built"
	mv "$sw/waiting" "$sw/waiting.gone"
	out=$(short list)
	[ "$out" = "long list" ] || fail "short way, no waiting/: '$out'"
	mv "$sw/waiting.gone" "$sw/waiting"
	old "$sw"/*
	out=$(short list)
	[[ $out == "a "* ]] || fail "short way, fresh at the end: list said '$out'"
	# the binary run as Bazel runs it (no RACELAB_FRONT) never looks
	past_stamp "$sw/harness/explore/rt.c"
	out=$(cd "$mini" && harness/racelab list --root . 2>&1)
	[[ $out == "a "* ]] || fail "the binary without RACELAB_FRONT, a source newer than the stamp: '$out'"
	# a front's word list the binary cannot read is refused, not run
	out=$(cd "$mini" && RACELAB_FRONT=x BUILD_WORKSPACE_DIRECTORY=$sw \
		BUILD_WORKING_DIRECTORY=$tmp harness/racelab list --root "$mini" 2>&1)
	[[ $out == "racelab: RACELAB_FRONT is not ../racelab's"* ]] ||
		fail "RACELAB_FRONT=x: '$out'"
else
	echo "(the short way is not tried: dpkg's record is not older than a new file here)"
	checks=$((checks - 20))
fi

echo "$((checks - failures)) passed, $failures failed"
[ $failures -eq 0 ]
