#!/bin/sh
# regenerate.sh - recapture what clang's thread-safety analysis writes for
# the programs in programs/, as the thread-safety detector runs it
# (thread_safety.c): NAME.txt is clang's stderr, its exit status checked.
# Sources are given by relative path from the repository root, so the
# paths in the captures are relative. clean.txt is a correct annotated
# program's (nothing); plain.txt an unannotated race's (blind).
set -eu

root=$(cd "$(dirname "$0")/../../../.." && pwd)
cd "$root"
data=harness/detectors/thread_safety/testdata

for p in guarded misuse order plain clean; do
	if ! clang -fsyntax-only -Wthread-safety -Wthread-safety-beta \
		-fno-caret-diagnostics -fno-color-diagnostics \
		-fdiagnostics-show-option -Iharness/case \
		"$data/programs/$p.c" 2>"$data/$p.txt"; then
		echo "regenerate.sh: clang failed on $p.c" >&2
		exit 1
	fi
done
echo "regenerate.sh: captures written to $data"
