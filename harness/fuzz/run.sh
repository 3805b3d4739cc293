#!/bin/bash
# harness/fuzz/run.sh [SECONDS] - builds racelab's four libFuzzer targets
# with plain clang (outside Bazel) and runs each for SECONDS (default 30),
# as many at once as there are cores:
#   tsan      rl_parse_tsan()            seeds detectors/tsan{,_gcc}/testdata/*.txt
#   valgrind  rl_parse_{helgrind,drd}_xml_supps(), rl_vg_supp_names()
#                                        seeds detectors/{helgrind,drd}/testdata/*.xml
#   contract  rl_contract_parse()        seeds testdata/contract, cases/, fixed/
#   explore   rl_parse_explore()         seeds detectors/explore/testdata/*.json
# Prints each target's executions, whether it crashed and how many inputs
# its kept corpus holds; exits 1 on any crash (or a target that does not
# build), with the crashing input saved under racelab-fuzz/ (or
# $RACELAB_FUZZ_OUT). Reproduce one with
#   racelab-fuzz/NAME_fuzz racelab-fuzz/NAME-crash-...
# The seeds are read from the repository at run time. What a run grows is
# kept in racelab-fuzz/corpus/NAME/ and read again by the next run beside
# the seeds: after each run the kept inputs and the new ones are merged
# (libFuzzer's -merge=1) into the fewest that cover what they cover
# beyond the seeds, so the folder stays small. A fresh clone has none,
# and starts from the seeds alone.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

seconds=${1:-30}
case $seconds in
'' | *[!0-9]*)
	echo "usage: harness/fuzz/run.sh [SECONDS]" >&2
	exit 2
	;;
esac
out=${RACELAB_FUZZ_OUT:-$PWD/racelab-fuzz}
work=$(mktemp -d "${TMPDIR:-/tmp}/racelab-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$out/corpus"

# shellcheck disable=SC2054  # one option with commas in it
CFLAGS=(-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
	-g -O1 -std=gnu11 -Wall -Wextra)
PARSERS=(harness/util.c harness/finding.c harness/detectors/tsan/parse.c
	harness/detectors/valgrind/xml.c harness/detectors/valgrind/supp.c
	harness/detectors/helgrind/parse.c
	harness/detectors/drd/parse.c
	harness/detectors/explore/parse.c)

# The contract reader checks each `expect D:` against racelab's detectors:
# their names, in harness/case.bzl's DETECTORS, as rl_detectors[] (Bazel
# makes the real one, with each detector's recipe, which the reader does
# not need).
names=$(sed -n '/^DETECTORS = {/,/^}/s/^ *"\([a-z-]*\)": .*/\1/p' harness/case.bzl)
if [ -z "$names" ]; then
	echo "fuzz: no detector names in harness/case.bzl's DETECTORS"
	exit 1
fi
{
	echo '#include <stddef.h>'
	echo '#include <string.h>'
	echo "#include \"$PWD/harness/detector.h\""
	i=0
	for n in $names; do
		echo "static const struct rl_detector d$i = { .name = \"$n\" };"
		i=$((i + 1))
	done
	printf 'const struct rl_detector *const rl_detectors[] = {'
	for ((k = 0; k < i; k++)); do printf ' &d%d,' "$k"; done
	echo ' NULL };'
	echo 'const struct rl_detector *rl_detector_find(const char *name)'
	echo '{'
	echo '	for (int i = 0; rl_detectors[i]; i++)'
	echo '		if (strcmp(rl_detectors[i]->name, name) == 0)'
	echo '			return rl_detectors[i];'
	echo '	return NULL;'
	echo '}'
} >"$work/detectors_list.c"

# name: the sources beyond the parsers, then the seed files
sources() {
	case $1 in
	tsan | valgrind | explore) echo "harness/fuzz/$1_fuzz.c" ;;
	contract) echo "harness/fuzz/contract_fuzz.c harness/contract.c harness/words.c $work/detectors_list.c" ;;
	esac
}
seeds() {
	case $1 in
	tsan) ls harness/detectors/tsan/testdata/*.txt \
		harness/detectors/tsan_gcc/testdata/*.txt ;;
	valgrind) ls harness/detectors/helgrind/testdata/*.xml \
		harness/detectors/drd/testdata/*.xml ;;
	contract) ls harness/testdata/contract/*.c cases/*.c fixed/*.c ;;
	explore) ls harness/detectors/explore/testdata/*.json ;;
	esac
}

# count DIR: the files in DIR.
count() {
	find "$1" -maxdepth 1 -type f | wc -l
}

# keep NAME BIN SEEDS GROWN: merges the kept corpus of NAME and the inputs
# the run grew (GROWN) into a new kept corpus, the fewest inputs that
# cover what they cover beyond the seeds: -merge=1 adds to its first
# folder only what brings new coverage, so the merge starts from a copy
# of the seeds, which are taken out after (they stay in the repository).
# The new folder replaces the old one only once the merge succeeded.
keep() {
	local name=$1 bin=$2 seeds=$3 grown=$4 kept=$out/corpus/$1 new f
	new=$(mktemp -d "$out/corpus/.$name.XXXXXX") || return 1
	cp "$seeds"/* "$new"/
	if ! "$bin" -merge=1 -timeout=10 -rss_limit_mb=1024 \
		"$new" "$kept" "$grown" >"$work/$name.merge" 2>&1; then
		rm -rf "$new"
		cp "$work/$name.merge" "$out/$name.merge.log"
		echo "fuzz $name: the corpus could not be merged, kept as it was (log: $out/$name.merge.log)"
		return 1
	fi
	for f in "$seeds"/*; do
		rm -f "$new/${f##*/}"
	done
	rm -rf "$kept.old"
	mv "$kept" "$kept.old" && mv "$new" "$kept" && rm -rf "$kept.old"
}

# fuzz_target NAME: builds and runs one target, prints what it found;
# status 1 on a crash or a target that does not build.
fuzz_target() {
	local name=$1 bin corpus seeded kept before log rc execs seed crash corpus_line
	local -a dict
	bin=$work/${name}_fuzz
	# shellcheck disable=SC2046  # sources() is a list of paths
	if ! clang "${CFLAGS[@]}" -o "$bin" $(sources $name) "${PARSERS[@]}" \
		-lexpat -ljansson 2>"$work/$name.build"; then
		cat "$work/$name.build"
		echo "fuzz $name: FAILED to build"
		return 1
	fi
	# new inputs go to the first folder; the seeds and the kept corpus
	# are read, never written
	corpus=$work/corpus-$name
	seeded=$work/seeds-$name
	kept=$out/corpus/$name
	mkdir -p "$corpus" "$seeded" "$kept"
	seeds $name | while read -r f; do
		cp "$f" "$seeded/$(echo "$f" | tr / _)"
	done
	before=$(count "$kept")
	dict=()
	[ -f "harness/fuzz/$name.dict" ] && dict=(-dict="harness/fuzz/$name.dict")
	log=$work/$name.log
	# -timeout: an input that takes 10 s is a hang, reported as a crash.
	# -rss_limit_mb: the machine is shared; a parser has no need of more.
	"$bin" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 \
		-rss_limit_mb=1024 -artifact_prefix="$out/$name-" "${dict[@]}" \
		"$corpus" "$seeded" "$kept" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	seed=$(sed -n 's/^INFO: Seed: *//p' "$log" | head -1)
	crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
	# kept after a crash too: what led there is worth reading again
	keep "$name" "$bin" "$seeded" "$corpus"
	corpus_line="corpus: $(count "$kept") inputs kept in $kept ($before before, $(count "$corpus") new this run), $(count "$seeded") seeds"
	if [ "$rc" -eq 0 ] && [ -z "$crash" ]; then
		echo "fuzz $name: ${execs:-?} executions in ${seconds} s, no crash (seed $seed)"
		echo "  $corpus_line"
		return 0
	fi
	cp "$bin" "$out/${name}_fuzz"
	cp "$log" "$out/$name.log"
	grep -m1 -E '^==[0-9]+==ERROR|runtime error|broken promise|ERROR: libFuzzer' "$log"
	echo "fuzz $name: CRASHED after ${execs:-?} executions (exit $rc, seed $seed)"
	echo "  $corpus_line"
	echo "  input: ${crash:-none written, see the log}"
	echo "  log: $out/$name.log"
	echo "  again: $out/${name}_fuzz ${crash:-}"
	return 1
}

# The targets, as many at once as there are cores (each for SECONDS of
# its own), their reports in order.
status=0
targets=(tsan valgrind contract explore)
at_once=$(nproc 2>/dev/null || echo 1)
for ((i = 0; i < ${#targets[@]}; i += at_once)); do
	pids=()
	for name in "${targets[@]:i:at_once}"; do
		fuzz_target "$name" >"$work/$name.out" 2>&1 &
		pids+=($!)
	done
	k=0
	for name in "${targets[@]:i:at_once}"; do
		wait "${pids[k]}" || status=1
		cat "$work/$name.out"
		k=$((k + 1))
	done
done
exit $status
