#!/bin/bash
# The lab's shared cache on loopback, end to end: bench/cache-server.sh
# starts nginx with tools/cache/nginx.conf on a free port, and a Bazel of
# its own runs one case's tests (counter_increment, broken and fixed,
# native and watchdog: the same `racelab test` as //cases and //fixed)
# with .bazelrc's --config=labcache, in a workspace made here:
#   1. an empty cache: every test runs, and is stored;
#   2. a clean output tree: every test result comes from the cache;
#   3. one stored result corrupted: Bazel's digest check refuses it and
#      runs that test again, and its result is not the forged one;
#   4. another tool-identity record (another machine's tools): every
#      test runs again, nothing reused;
#   5. the server down: the tests run here, pass, and Bazel says why;
#   6. a full store (a tmpfs of its own): nginx refuses each PUT, the
#      tests pass all the same.
# Everything (the server, the Bazel server, the mount) is in $TEST_TMPDIR
# and ended on the way out, whatever happens.
set -uo pipefail
runfiles=$PWD
export TMPDIR=${TEST_TMPDIR:-$(mktemp -d)}
work=$TMPDIR/labcache
rm -rf "$work"
mkdir -p "$work/home" "$work/tmp"
lab=$work/lab server=$work/server full=$work/full
full_pid=

lab_bazel() {
	# a Bazel of its own: Debian's system rc (its install base), no home
	# rc, no variable of the outer test's (TEST_TMPDIR would become its
	# output root)
	(cd "$lab" && env -i PATH=/bin:/usr/bin:/usr/local/bin HOME="$work/home" TMPDIR="$work/tmp" \
		bazel --nohome_rc --output_user_root="$work/root" \
		--max_idle_secs=120 "$@")
}
cleanup() {
	[ -d "$lab" ] && lab_bazel shutdown >/dev/null 2>&1
	"$runfiles/bench/cache-server.sh" stop --dir "$server" >/dev/null 2>&1
	"$runfiles/bench/cache-server.sh" stop --dir "$full" >/dev/null 2>&1
	[ -n "$full_pid" ] && kill -KILL "$full_pid" 2>/dev/null
	chmod -R u+w "$work" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

failures=0
check() {
	local what=$1
	shift
	if "$@"; then
		echo "ok: $what"
	else
		echo "FAIL: $what"
		failures=$((failures + 1))
	fi
}

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
	echo "FAIL: nginx is not installed: \`./racelab setup\` installs it (it is in its PACKAGES)"
	exit 1
fi

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ---- the workspace: one case's tests, with the repository's labcache
# configuration and WORKSPACE stand-ins
mkdir -p "$lab/harness" "$lab/cases" "$lab/fixed"
cp -L harness/racelab harness/case_test.sh "$lab/harness/"
for v in cases fixed; do
	cp -L "$v/counter_increment.c" "$v/counter_increment" "$lab/$v/"
done
cp -L ../racelab_tools/versions.txt "$lab/versions.txt"
for shim in rules_cc/cc/defs.bzl rules_java/java/defs.bzl remote_coverage_tools/BUILD; do
	# the file, and an empty BUILD for each package it needs
	mkdir -p "$lab/third_party/$(dirname "$shim")"
	cp -L "../$shim" "$lab/third_party/$shim"
	touch "$lab/third_party/${shim%%/*}/WORKSPACE" "$lab/third_party/${shim%%/*}/BUILD" \
		"$lab/third_party/$(dirname "$shim")/BUILD"
	echo "local_repository(name = \"${shim%%/*}\", path = \"third_party/${shim%%/*}\")" >>"$lab/WORKSPACE"
done
{
	grep -E '^(build|test):labcache ' .bazelrc
	echo 'build --nosandbox_debug --color=no --curses=no --jobs=2'
} >"$lab/.bazelrc"
{
	for v in broken fixed; do
		d=cases extra=
		# a fix's header takes its story from its case's (harness/case.bzl)
		[ $v = fixed ] && d=fixed extra=', "cases/counter_increment.c"'
		for det in native watchdog; do
			cat <<EOF
sh_test(
    name = "${v}_${det}_test",
    size = "small",
    srcs = ["harness/case_test.sh"],
    args = ["counter_increment", "--variant", "$v", "--detector", "$det"],
    data = ["harness/racelab", "$d/counter_increment.c", "$d/counter_increment", "versions.txt"$extra],
)
EOF
		done
	done
} >"$lab/BUILD"
tests=4

# ---- the server
port=$(free_port)
"$runfiles/bench/cache-server.sh" start --port "$port" --dir "$server" || exit 1
store=$server/store

# run NAME [BAZEL OPTION...]: bazel clean, then bazel test //... through
# the cache into $work/NAME.log; sets status, executed, cached, passed
run() {
	local name=$1 log=$work/$1.log start
	shift
	lab_bazel clean >/dev/null 2>&1
	start=$SECONDS
	lab_bazel test //... --config=labcache --remote_cache="http://127.0.0.1:$port" "$@" >"$log" 2>&1
	status=$?
	executed=$(sed -nE 's/^Executed ([0-9]+) out of.*/\1/p' "$log")
	cached=$(grep -cE '^//:[a-z_]+ +\(cached\) PASSED' "$log")
	passed=$(grep -cE '^//:[a-z_]+ +(\(cached\) )?PASSED' "$log")
	echo "$name: bazel exit $status, $passed of $tests passed, ${executed:-?} executed, $cached from the cache, $((SECONDS - start)) s"
	sed -nE 's/^INFO: ([0-9]+ processes.*)/    Bazel: \1/p' "$log"
	# what the user sees when the cache fails: Bazel's first warning
	grep -m1 -A2 -E '^WARNING: (Reading from|Writing to) Remote Cache' "$log" | cut -c1-240 | sed 's/^/    /'
}
all_passed() { [ "$status" -eq 0 ] && [ "$passed" -eq "$tests" ]; }
puts() { grep -cE "\"PUT /(ac|cas)/[0-9a-f]{64} HTTP/1.1\" $2 " "$1/logs/access.log"; }

run first
check "first run: the $tests tests pass and all ran" eval 'all_passed && [ "$executed" = $tests ]'
check "first run: results stored (ac/ and cas/ have entries)" \
	eval '[ -n "$(ls "$store/ac")" ] && [ -n "$(ls "$store/cas")" ]'

run second
check "second run: all $tests results from the cache, none executed" \
	eval 'all_passed && [ "$executed" = 0 ] && [ "$cached" = $tests ]'
check "second run: Bazel counts remote cache hits" grep -qE '^INFO: .*[0-9]+ remote cache hit' "$work/second.log"

# one result corrupted: the JUnit file racelab wrote for one test, as the
# second run fetched it, is a blob named by its SHA-256
xml=$lab/bazel-testlogs/broken_native_test/test.xml
blob=$store/cas/$(sha256sum <"$xml" | cut -c1-64)
check "the stored result of broken_native_test is in cas/" test -f "$blob"
echo '<testsuites><testsuite name="forged" tests="1" failures="0"/></testsuites>' >"$blob"
forged=$(sha256sum <"$blob" | cut -c1-64)
run corrupted
check "corrupted blob: Bazel's digest check refuses it" grep -q 'does not match received digest' "$work/corrupted.log"
check "corrupted blob: that test ran again, the $((tests - 1)) others came from the cache" \
	eval 'all_passed && [ "$executed" = 1 ] && [ "$cached" = $((tests - 1)) ]'
check "corrupted blob: the test's result is not the forged one" \
	eval '[ "$(sha256sum <"$xml" | cut -c1-64)" != "$forged" ] && grep -q "counter_increment" "$xml"'

# another machine's tools: the record differs in one line
cp "$lab/versions.txt" "$work/versions.txt"
echo "clang: Debian clang version 99.0.0 (another machine)" >>"$lab/versions.txt"
run other-tools
check "other tool versions: nothing reused, all $tests ran" eval 'all_passed && [ "$executed" = $tests ] && [ "$cached" = 0 ]'
cp "$work/versions.txt" "$lab/versions.txt"

# the server down
"$runfiles/bench/cache-server.sh" stop --dir "$server" >/dev/null
run server-down
check "server down: the tests ran here and passed" eval 'all_passed && [ "$executed" = $tests ]'
check "server down: Bazel warns that the cache cannot be reached" \
	grep -qiE 'WARNING.*(Remote Cache|remote cache)' "$work/server-down.log"

# a full store: a tmpfs of 64 KiB, filled, as the server's store in a
# mount namespace of its own (the server's folder, its logs and its
# temporary files stay outside it)
port=$(free_port)
mkdir -p "$full/store"
unshare -m --propagation private bash -c '
	mount -t tmpfs -o size=64k tmpfs "$1/store" || exit 1
	cat /dev/zero >"$1/store/filler" 2>/dev/null
	exec "$2" start --port "$3" --dir "$1"' - "$full" "$runfiles/bench/cache-server.sh" "$port" \
	>"$work/full-start.log" 2>&1
cat "$work/full-start.log"
full_pid=$(sed -nE 's/.*running, pid ([0-9]+),.*/\1/p' "$work/full-start.log")
check "full store: the server started on a full tmpfs" test -n "$full_pid"
run full-store
check "full store: the tests ran here and passed" eval 'all_passed && [ "$executed" = $tests ]'
refused=$(grep -oE '"PUT /[a-z]+/[0-9a-f]{64} HTTP/1.1" [0-9]+' "$full/logs/access.log" | awk '{print $NF}' | sort | uniq -c | tr -s ' ' | paste -sd, -)
echo "    nginx's answers to the PUTs (count status): $refused"
check "full store: nginx stored nothing and refused every PUT with a 5xx" \
	eval '[ "$(puts "$full" 201)" = 0 ] && [ "$(puts "$full" "5[0-9][0-9]")" -gt 0 ]'
check "full store: Bazel warns that it could not write to the cache" \
	grep -qiE 'WARNING.*Writing to Remote Cache' "$work/full-store.log"

if [ "$failures" -gt 0 ]; then
	echo "$failures checks failed; the logs:"
	for f in "$work"/*.log; do
		echo "==== $f"
		# indented: the inner Bazel's "//:x_test PASSED" lines must not
		# read as the outer run's (.ci/run counts lines that start so)
		grep -vE '^(Loading|Analyzing|\[)' "$f" | tail -40 | sed 's/^/    /'
	done
	exit 1
fi
echo "all checks passed"
