#!/bin/bash
# ./racelab's long way, which ../racelab takes unless everything is
# installed and built already (whether it is built, the binary it starts
# looks: harness/front.c).
#
# This script installs what racelab needs (setup), brings the build up to
# date with Bazel and runs the racelab binary (harness/main.c) from its
# runfiles tree, as `bazel run //:cli` would. It reads the command line
# first and refuses a bad one before it builds anything, in the binary's
# words: the usage texts and sentences here are the same as in
# harness/main.c, kept so by harness/selftest/cli_test.sh.
set -euo pipefail
# Paths the user gives are relative to where the user stands.
user_dir=$PWD
# the workspace: this file's folder's parent (no subshell: each process
# costs milliseconds, and the wrapper's own cost is measured by
# bench/performance.sh)
case $0 in */*) workspace=${0%/*}/.. ;; *) workspace=.. ;; esac
CDPATH='' cd -- "$workspace" && workspace=$PWD && CDPATH='' cd -- "$user_dir"

# python3-jsonschema and chromium: the tests of results.sarif (validated
# against the SARIF schema) and of index.html (drawn headless); nginx: the
# lab's shared Bazel cache (bench/cache-server.sh) and its test; cmocka:
# the runner of the C unit tests' named tests (harness/testutil.h).
PACKAGES=(bazel-bootstrap clang libclang-rt-14-dev llvm gcc libtsan2 valgrind
	gdb libexpat1-dev libjansson-dev libxml2-dev libzip-dev python3-jsonschema chromium
	nginx libcmocka-dev)

# ---- the command line, as harness/main.c reads it

COMMANDS=(list run report compare exercise explore replay docs setup test)
# compare has a grammar of its own (files, compiler flags, -- ARGS): the
# binary reads it, once built; only its help is said here.
declare -A KEYS=([list]=rh [run]=vdnjJmsSkorh [report]=vdnjJmsSBorh [compare]='' [exercise]='' [explore]='' [replay]=''
	[docs]=cfDjorh [setup]=h [test]=vdmsSkorh)
declare -A TAKES_CASE=([run]=1 [test]=1)
OPTION_KEYS=(v d n j J m s S k B c f D o r h)
declare -A OPTION_NAME=([v]=variant [d]=detector [n]=runs [j]=jobs [J]=json [m]=memory
	[s]=schedules [S]=seconds [k]=shard [B]=from-tests [c]=check [f]=from [D]=docs [o]=out [r]=root [h]=help)
declare -A METAVAR=([v]=V [d]=D [n]=N [j]=N [m]=SIZE [s]=N [S]=T [k]=K/N [f]=FILE [D]=DIR [o]=DIR [r]=DIR)
DETECTORS=(native tsan tsan-gcc helgrind drd watchdog thread-safety explore all)

# The texts, read when one is printed (no process started to print them;
# not read at all on the way to a run).
load_texts() {
text() { IFS= read -r -d '' "$1" || true; }
declare -gA USAGE OPTION_HELP
text USAGE_HEAD <<'TEXT'
racelab: paired broken and fixed pthread programs, each run under
ThreadSanitizer (clang and gcc), Helgrind, DRD, clang's thread-safety
analysis, its own check and racelab's watchdog, and judged
against the contract in its header.

usage: ./racelab COMMAND [CASE] [OPTIONS]     ./racelab COMMAND --help

TEXT

text 'USAGE[list]' <<'TEXT'
./racelab list [--root DIR]
    The catalogue: each case, its class, its fixes and its bug.
TEXT

text 'USAGE[run]' <<'TEXT'
./racelab run CASE [--variant V] [--detector D] [--runs N]
                   [--json] [--memory SIZE] [--schedules N]
                   [--seconds T] [--shard K/N] [--out DIR]
                   [--root DIR]
    One case, each variant under each detector: a line per run, and
    the results in DIR/CASE.json.
TEXT

text 'USAGE[report]' <<'TEXT'
./racelab report [--variant V] [--detector D] [--runs N]
                 [--json] [--memory SIZE] [--schedules N]
                 [--seconds T] [--from-tests] [--out DIR]
                 [--root DIR]
    Every case, as run does one: a table, each detector's scores, and
    the results in DIR/results.json.
TEXT

text 'USAGE[compare]' <<'TEXT'
./racelab compare FILE... [-I DIR] [-D NAME[=VALUE]] [-l LIB] [-L DIR]
                  [-std=STD] [--detector D,...] [--runs N]
                  [--schedules N] [--memory SIZE] [--out DIR]
                  [-- ARGS...]
./racelab compare CASE [--detector D,...] [--runs N] [--schedules N]
                       [--memory SIZE] [--out DIR]
    Any program (C, or C++ when a file ends in .cc or .cpp), built by
    racelab itself with no contract and no BUILD line, run under every
    detector (or those named) with ARGS: each bug found, which
    detector saw it and what each said, side by side. A case name
    compares its broken program and its fixes. explore runs up to
    --schedules N schedules (default 1000). --memory SIZE: the
    resident memory a run's processes, or a compiler, may hold
    (64M to 64G, default 4G). Status: 0 nothing found, 1 something
    found, 2 it could not be built or run.
TEXT

text 'USAGE[exercise]' <<'TEXT'
./racelab exercise list [--dir DIR]
./racelab exercise start|hint|reset NAME [--dir DIR]
./racelab exercise check|watch NAME [--all] [--runs N] [--dir DIR]
./racelab exercise solution NAME [--give-up] [--dir DIR]
./racelab exercise verify [NAME...]
    The workshop. start copies a broken program of the course into
    DIR (default: workshop/ in the workspace) without its answers;
    check builds your copy and runs it under every detector (--runs N
    of each fast one, default 3) and says what is still wrong: it stops
    at the first failing line (--all: every detector all the same);
    watch checks again on every save; hint gives the next hint; solution
    shows the reference fix once solved; reset starts again; list
    shows the course and your progress. verify proves each exercise
    unsolved as shipped and solved by its reference fixes. Status: 0
    done (check: solved), 1 not solved, 2 it could not run.
TEXT

text 'USAGE[explore]' <<'TEXT'
./racelab explore FILE... [-I DIR] [-D NAME[=VALUE]] [-l LIB] [-L DIR]
                  [-std=STD] [--schedules N] [--strategy S] [--depth D]
                  [--bound B] [--seed S] [--jobs J] [--all]
                  [--steps N] [--seconds T] [--out DIR] [-- ARGS...]
./racelab explore CASE [--schedules N] [--strategy S] ... [--out DIR]
    Runs a program (C, or C++) under up to N schedules (default 1000)
    that racelab's own scheduler chooses, one thread at a time, and
    stops at the first bug (--all: collects every distinct one): a
    failed assertion, a crash, an exit status the plain program does
    not give, a deadlock, a livelock (where the program marks its
    progress with rl_progress()); data races are reported beside.
    Each bug is told as a story and saved as a schedule file for
    `racelab replay`. Strategies: pct (default, bug depth --depth,
    3), random, dfs (every schedule with at most --bound
    preemptions, 2).
    --seconds T ends the search after T seconds, whatever N.
    A case name explores its broken program and each fix, with the
    forcing devices off. Status: 1 a bug found, 0 none in N
    schedules, 2 it could not be built or run, or the search was
    partial.
TEXT

text 'USAGE[replay]' <<'TEXT'
./racelab replay SCHEDULE [--runs N] [--out DIR]
    Runs a schedule file that explore saved, N times (default 1), and
    says whether the bug came back each time, or at which step the
    program went another way than when it was recorded. Status: 1
    the bug came back every time, 0 it did not, 2 it could not run.
TEXT

text 'USAGE[docs]' <<'TEXT'
./racelab docs [--check] [--from FILE] [--docs DIR]
               [--out DIR] [--root DIR]
    Writes the pages of docs/cases/ from a fresh run of the catalogue,
    and the examples in README.md and docs/ from their commands.
TEXT

text 'USAGE[setup]' <<'TEXT'
./racelab setup
    Installs the Debian packages racelab needs (apt-get; sudo when not
    root). Every other command but help does it first.
TEXT

text 'USAGE[test]' <<'TEXT'
./racelab test CASE --variant V --detector D [--memory SIZE]
                    [--schedules N] [--seconds T] [--shard K/N]
                    [--out DIR] [--root DIR]
    One run, judged as its Bazel test judges it: status 0 when the
    verdict passes. A variant and a detector, not all.
TEXT

text 'USAGE[help]' <<'TEXT'
./racelab help [COMMAND]
    This text, or one command's.
TEXT

text 'OPTION_HELP[v]' <<'TEXT'
    --variant V    broken, fixed, fixed.ALT (an alternative fix), waiting
                   (a program of the waiting suite) or all (the default)
TEXT

text 'OPTION_HELP[d]' <<'TEXT'
    --detector D   native, tsan, tsan-gcc, helgrind, drd, watchdog,
                   thread-safety, explore or all (the default)
TEXT

text 'OPTION_HELP[n]' <<'TEXT'
    --runs N       runs of each, a whole number from 1 to 1000 (default 1)
TEXT

text 'OPTION_HELP[j]' <<'TEXT'
    --jobs N       runs at once, each in a process of its own, 1 to 64
                   (default: the number of cores)
TEXT

text 'OPTION_HELP[J]' <<'TEXT'
    --json         the results document on stdout, for scripts; what is
                   printed for people goes to stderr (the files are kept)
TEXT

text 'OPTION_HELP[m]' <<'TEXT'
    --memory SIZE  the resident memory a run's processes may hold together,
                   the tool's own included, and a compiler's: 64M to 64G
                   (default 4G)
TEXT

text 'OPTION_HELP[s]' <<'TEXT'
    --schedules N  explore's schedules per program, 1 to 1000000
                   (default 1000)
TEXT

text 'OPTION_HELP[S]' <<'TEXT'
    --seconds T    explore's search time per program, 1 to 150 seconds
                   (default 150, within its run's limit of 200): a
                   search whose time runs out says how far it got
TEXT

text 'OPTION_HELP[k]' <<'TEXT'
    --shard K/N    explore's part K (from 0) of a search split N ways;
                   a Bazel test takes it from TEST_SHARD_INDEX
TEXT

text 'OPTION_HELP[B]' <<'TEXT'
    --from-tests   the catalogue run as its Bazel tests (bazel test, whose
                   cache keeps a result until its program or racelab
                   changes), the results read from them: one run each
TEXT

text 'OPTION_HELP[c]' <<'TEXT'
    --check        writes nothing; status 1 if a page is out of date
TEXT

text 'OPTION_HELP[f]' <<'TEXT'
    --from FILE    from a report's results.json instead of a fresh run
TEXT

text 'OPTION_HELP[D]' <<'TEXT'
    --docs DIR     where the pages are (default: docs/cases in the workspace)
TEXT

text 'OPTION_HELP[o]' <<'TEXT'
    --out DIR      where results and raw output go (default: racelab-report
                   in the workspace)
TEXT

text 'OPTION_HELP[r]' <<'TEXT'
    --root DIR     where cases/, fixed/ and waiting/ are, with their builds
                   (default: the ones Bazel built for ./racelab)
TEXT

text 'OPTION_HELP[h]' <<'TEXT'
    -h, --help     the usage of the command
TEXT

USAGE_PATHS="A relative DIR or FILE is taken from the directory racelab was started in."
}

print_command() {
	local k keys=${KEYS[$1]}
	load_texts
	printf '%s' "${USAGE[$1]}"
	for k in "${OPTION_KEYS[@]}"; do
		[[ $keys == *"$k"* ]] && printf '%s' "${OPTION_HELP[$k]}"
	done
	[[ $keys == *[fDor]* ]] && echo "$USAGE_PATHS"
	return 0
}

print_help() {
	local c k
	load_texts
	printf '%s' "$USAGE_HEAD"
	for c in "${COMMANDS[@]}"; do
		printf '%s\n' "${USAGE[$c]}"
	done
	printf '%s\nOptions:\n' "${USAGE[help]}"
	for k in "${OPTION_KEYS[@]}"; do
		printf '%s' "${OPTION_HELP[$k]}"
	done
	echo "$USAGE_PATHS"
	echo "Status: 0 when every verdict passes, 1 when one does not, 2 when the"
	echo "command line or the catalogue cannot be run."
}

# Levenshtein distance between $1 and $2 into $dist, bytes as the binary
# counts them.
distance() {
	local LC_ALL=C a=$1 b=$2 i j cost del ins sub
	local -a prev cur
	for ((j = 0; j <= ${#b}; j++)); do prev[j]=$j; done
	for ((i = 1; i <= ${#a}; i++)); do
		cur=([0]=$i)
		for ((j = 1; j <= ${#b}; j++)); do
			cost=1
			[ "${a:i-1:1}" = "${b:j-1:1}" ] && cost=0
			del=$((prev[j] + 1)) ins=$((cur[j - 1] + 1))
			sub=$((prev[j - 1] + cost))
			((ins < del)) && del=$ins
			((sub < del)) && del=$sub
			cur[j]=$del
		done
		prev=("${cur[@]}")
	done
	dist=${prev[${#b}]}
}

# The name the user may have meant, as the binary's closest(): the only
# one it begins (2 letters at least), else the nearest within 2 edits and
# fewer edits than it has letters; nothing when none is near.
closest() {
	local LC_ALL=C typed=$1 name dist best='' best_d=3 prefixed='' prefixes=0
	shift
	for name; do
		distance "$typed" "$name"
		if ((dist < best_d && dist < ${#typed})); then
			best=$name best_d=$dist
		fi
		if ((${#typed} >= 2)) && [[ $name == "$typed"* ]]; then
			prefixed=$name prefixes=$((prefixes + 1))
		fi
	done
	if ((prefixes == 1)); then echo "$prefixed"; else echo "$best"; fi
}

# "a, b, c and d"
list_words() {
	local out='' i n=$#
	for ((i = 1; i <= n; i++)); do
		if ((i == 1)); then out=${!i}
		elif ((i == n)); then out+=" and ${!i}"
		else out+=", ${!i}"; fi
	done
	echo "$out"
}

refuse() {
	echo "racelab: $*" >&2
	exit 2
}

unknown_command() {
	local near
	near=$(closest "$1" "${COMMANDS[@]}" help)
	[ -n "$near" ] && refuse "there is no command \`$1\`: did you mean \`$near\`?"
	refuse "there is no command \`$1\`: the commands are $(list_words "${COMMANDS[@]}" help)."
}

# Prints the command's usage and exits 0 when an argument before `--` is
# -h or --help.
help_if_asked() {
	local cmd=$1 arg
	shift
	for arg; do
		[ "$arg" = -- ] && break
		if [ "$arg" = -h ] || [ "$arg" = --help ]; then
			print_command "$cmd"
			exit 0
		fi
	done
}

# Checks the arguments after the command as the binary's parse() does;
# prints the command's usage and exits 0 on -h or --help.
check_arguments() {
	local cmd=$1 keys=${KEYS[$1]} arg name stripped value k key near have_case='' mb
	local options_end='' variant='' detector='' variant_value=all detector_value=all
	local limits_given=
	local -a names
	shift
	help_if_asked "$cmd" "$@"
	while (($#)); do
		arg=$1
		shift
		if [ -n "$options_end" ] || [[ $arg != -?* ]]; then
			[ -n "${TAKES_CASE[$cmd]:-}" ] ||
				refuse "$cmd takes no case name, but was given \`$arg\`."
			[ -z "$have_case" ] ||
				refuse "$cmd takes one case name, and \`$arg\` is a second."
			have_case=1
			continue
		fi
		if [ "$arg" = -- ]; then
			options_end=1
			continue
		fi
		name=${arg%%=*}
		key=
		if [[ $name == --* ]]; then
			for k in "${OPTION_KEYS[@]}"; do
				if [ "--${OPTION_NAME[$k]}" = "$name" ] && [[ $keys == *"$k"* ]]; then
					key=$k
				fi
			done
		fi
		if [ -z "$key" ]; then
			names=()
			for ((k = 0; k < ${#keys}; k++)); do
				names+=("${OPTION_NAME[${keys:k:1}]}")
			done
			stripped=$name
			while [[ $stripped == -* ]]; do stripped=${stripped#-}; done
			near=$(closest "$stripped" "${names[@]}")
			[ -n "$near" ] && refuse "$cmd has no option \`$name\`: did you mean \`--$near\`?"
			refuse "$cmd has no option \`$name\`: \`./racelab $cmd --help\` lists its options."
		fi
		if [ -z "${METAVAR[$key]:-}" ]; then
			[ "$name" = "$arg" ] || refuse "\`$name\` takes no value."
			[ "$key" = B ] && from_tests=1
			continue
		fi
		case $key in n | m | s | S) limits_given=1 ;; esac
		if [ "$name" != "$arg" ]; then
			value=${arg#*=}
		elif (($#)) && [[ $1 != --* ]]; then
			value=$1
			shift
		else
			refuse "\`$name\` needs a value: \`$name ${METAVAR[$key]}\`."
		fi
		case $key in
		v) variant=1 variant_value=$value ;;
		d)
			detector=1 detector_value=$value
			if [[ " ${DETECTORS[*]} " != *" $value "* ]]; then
				near=$(closest "$value" "${DETECTORS[@]}")
				[ -n "$near" ] && refuse "there is no detector \`$value\`: did you mean \`$near\`?"
				refuse "there is no detector \`$value\`: the detectors are $(list_words "${DETECTORS[@]}")."
			fi
			;;
		n)
			if ! [[ $value =~ ^[0-9]{1,4}$ ]] || ((10#$value < 1 || 10#$value > 1000)); then
				refuse "\`--runs\` takes a whole number from 1 to 1000, not \`$value\`."
			fi
			;;
		S)
			if ! [[ $value =~ ^[0-9]{1,3}$ ]] || ((10#$value < 1 || 10#$value > 150)); then
				refuse "\`--seconds\` takes a whole number from 1 to 150, not \`$value\`."
			fi
			;;
		j)
			if ! [[ $value =~ ^[0-9]{1,2}$ ]] || ((10#$value < 1 || 10#$value > 64)); then
				refuse "\`--jobs\` takes a whole number from 1 to 64, not \`$value\`."
			fi
			;;
		m)
			# as main.c's parse_memory: 1 to 5 digits, then M or G
			mb=-1
			if [[ $value =~ ^([0-9]{1,5})([MG])$ ]]; then
				mb=$((10#${BASH_REMATCH[1]}))
				[ "${BASH_REMATCH[2]}" = M ] || mb=$((mb * 1024))
			fi
			if ((mb < 64 || mb > 65536)); then
				refuse "\`--memory\` takes a size from 64M to 64G, such as 512M or 4G, not \`$value\`."
			fi
			;;
		esac
	done
	if [ -n "$from_tests" ] && [ -n "$limits_given" ]; then
		refuse "\`--from-tests\` reads the results of the Bazel tests, one run each with their own limits: it takes no --runs, --memory, --schedules or --seconds."
	fi
	selected_variant=$variant_value selected_detector=$detector_value
	if [ -n "${TAKES_CASE[$cmd]:-}" ] && [ -z "$have_case" ]; then
		refuse "$cmd needs a case name: \`./racelab $cmd CASE\` (\`./racelab list\` shows the catalogue)."
	fi
	if [ "$cmd" = test ] && { [ -z "$variant" ] || [ -z "$detector" ] ||
		[ "$variant_value" = all ] || [ "$detector_value" = all ]; }; then
		refuse "test needs --variant V and --detector D, one of each (not all)."
	fi
	return 0
}

# ---- setup

missing_packages() {
	local p installed
	# one dpkg-query for all: a process per package cost most of a second
	installed=" $(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "${PACKAGES[@]}" \
		2>/dev/null | awk '$1 == "ii" { printf "%s ", $2 }')"
	for p in "${PACKAGES[@]}"; do
		[[ $installed == *" $p "* ]] || echo "$p"
	done
}

# Skipped when nothing was installed or removed since the last check found
# every package: the stamp is newer than dpkg's own record and than this
# file, where the list is (`./racelab setup` itself always asks dpkg;
# ../racelab looks at the same stamp). dpkg-query costs tens of
# milliseconds, more than a short run.
setup_stamp=$workspace/.racelab-setup
setup() {
	local missing sudo=
	if [ "$cmd" != setup ] && [ "$setup_stamp" -nt /var/lib/dpkg/status ] &&
		[ "$setup_stamp" -nt "$workspace/harness/racelab.bash" ]; then
		return 0
	fi
	missing=$(missing_packages)
	if [ -z "$missing" ]; then
		printf '%s\n' "${PACKAGES[*]}" >"$setup_stamp.new" 2>/dev/null &&
			mv -f "$setup_stamp.new" "$setup_stamp" 2>/dev/null || true
		return 0
	fi
	[ "$(id -u)" -ne 0 ] && sudo=sudo
	echo "racelab: installing $(echo $missing) ..." >&2
	$sudo apt-get update -qq >&2
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >&2 || {
		echo "racelab: could not install $(echo $missing): install them with apt-get and try again" >&2
		exit 2
	}
	# Bazel records the tools' versions (harness/host_tools.bzl) when its
	# server starts: a running server would keep the old record.
	(cd "$workspace" && bazel shutdown >/dev/null 2>&1) || true
}

# ---- the command

# what check_arguments learns of report's selection
from_tests='' selected_variant=all selected_detector=all
cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
"" | help | -h | --help)
	[ $# -le 1 ] || refuse "help takes one command at most."
	if [ $# -eq 0 ] || [ -z "$cmd" ]; then
		print_help
	elif [ "$1" = help ]; then
		load_texts
		printf '%s' "${USAGE[help]}"
	elif [ -n "$1" ] && [ -n "${KEYS[$1]+set}" ]; then
		print_command "$1"
	else
		unknown_command "$1"
	fi
	exit 0
	;;
-*)
	refuse "a command comes first, then its options, but \`$cmd\` came first: \`./racelab help\` lists them."
	;;
esac
[ -n "${KEYS[$cmd]+set}" ] || unknown_command "$cmd"
if [ "$cmd" = compare ] || [ "$cmd" = exercise ] || [ "$cmd" = explore ] ||
	[ "$cmd" = replay ]; then
	help_if_asked "$cmd" "$@"
	# exercise's subcommand, refused before anything is built, in the
	# binary's words (harness/workshop/commands.c: parse)
	if [ "$cmd" = exercise ]; then
		subs=(list start check watch hint solution reset verify)
		[ $# -gt 0 ] || refuse "exercise needs a subcommand: list, start, check, watch, hint, solution, reset or verify (\`./racelab help exercise\`)."
		case " ${subs[*]} " in
		*" $1 "*) ;;
		*)
			near=$(closest "$1" "${subs[@]}")
			[ -n "$near" ] && refuse "exercise has no subcommand \`$1\`: did you mean \`$near\`?"
			refuse "exercise has no subcommand \`$1\`: it has list, start, check, watch, hint, solution, reset and verify."
			;;
		esac
	fi
	# Only the racelab binary is built: compare, exercise, explore and
	# replay build the program themselves, so a program that does not build cannot stop
	# them, nor the catalogue.
	setup
	cd "$workspace"
	# skipped, as below, when no source of the harness changed since
	stamp=.racelab-built-harness
	if [ ! -e "$stamp" ] || [ ! -x bazel-bin/harness/racelab ] ||
		[ -n "$(find WORKSPACE BUILD .bazelrc harness third_party \
			-newer "$stamp" -print -quit 2>/dev/null)" ]; then
		rm -f "$stamp"
		touch "$stamp.new"
		# --show_result=0: no "Target ... up-to-date" lines
		bazel build --noshow_progress --show_result=0 --ui_event_filters=-info //harness:racelab >&2
		[ -x bazel-bin/harness/racelab ] && mv "$stamp.new" "$stamp"
	fi
	BUILD_WORKSPACE_DIRECTORY=$workspace BUILD_WORKING_DIRECTORY=$user_dir \
		exec bazel-bin/harness/racelab "$cmd" "$@"
fi
check_arguments "$cmd" "$@"

setup
[ "$cmd" = setup ] && exit 0
cd "$workspace"
# The build is skipped when nothing it reads changed since the last one
# (a no-op Bazel build still costs about a second): the stamp is newer
# than every file and folder of the workspace's sources (the same stamp
# and sources ../racelab names to the binary in RACELAB_FRONT).
stamp=.racelab-built
if [ ! -e "$stamp" ] || [ ! -x bazel-bin/cli.runfiles/racelab/harness/cli.sh ] ||
	[ -n "$(find WORKSPACE BUILD .bazelrc cases fixed waiting harness third_party \
		-newer "$stamp" -print -quit 2>/dev/null)" ]; then
	rm -f "$stamp"
	# stamped with the time before the build: a source changed while it
	# ran is newer, and is built next time
	touch "$stamp.new"
	# Bazel's own progress on a terminal; one line in a log
	progress=(--noshow_progress)
	if [ -t 2 ]; then
		progress=(--show_progress)
	else
		echo "racelab: building the harness and the catalogue (the first time: several minutes) ..." >&2
	fi
	bazel build "${progress[@]}" --show_result=0 --ui_event_filters=-info //:cli >&2
	mv "$stamp.new" "$stamp"
fi
# report --from-tests: the catalogue's tests, run by Bazel (or taken from
# its cache) before the binary reads their results from bazel-testlogs.
# Failing tests are results, not a stop; a build that fails is.
if [ "$cmd" = report ] && [ -n "$from_tests" ]; then
	targets=(//cases:all //fixed:all)
	case $selected_variant in
	all) ;;
	broken) targets=(//cases:all) ;;
	*) targets=(//fixed:all) ;;
	esac
	filters=-exercise
	[ "$selected_detector" = all ] || filters="$selected_detector,-exercise"
	status=0
	bazel test --keep_going --test_summary=terse --test_tag_filters="$filters" \
		"${targets[@]}" >&2 || status=$?
	if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
		echo "racelab: the catalogue's Bazel tests could not be built or run (bazel test exited $status): see above" >&2
		exit 2
	fi
fi
# Run it from its runfiles tree, as `bazel run //:cli` would, without
# holding Bazel's lock while the catalogue runs; it is told where the
# workspace is and where the user stands, as `bazel run` tells it.
# cli.sh is read by this shell, not started as another: it sets the
# defaults and execs the binary.
cd bazel-bin/cli.runfiles/racelab
export BUILD_WORKSPACE_DIRECTORY=$workspace BUILD_WORKING_DIRECTORY=$user_dir
. harness/cli.sh "$cmd" "$@"
