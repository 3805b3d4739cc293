#!/bin/bash
# harness/selftest/sarif_multitool.sh FILE.sarif... - Microsoft's SARIF
# Multitool (its `validate`: the SARIF 2.1.0 schema and its rules)
# on racelab's SARIF; status 0 only when every file has no error and no
# warning. The tool comes from npm (@microsoft/sarif-multitool-linux,
# pinned, 104 MB), installed once into racelab's cache outside the
# checkout, and is kept out of `bazel test` and of the README's main
# command. .ci/run runs it on the report's SARIF and a compare's.
set -uo pipefail
VERSION=5.7.0
cache=${XDG_CACHE_HOME:-$HOME/.cache}/racelab/sarif-multitool-$VERSION
tool=$cache/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool

[ $# -gt 0 ] || { echo "usage: harness/selftest/sarif_multitool.sh FILE.sarif..." >&2; exit 2; }
if [ ! -x "$tool" ]; then
	if ! command -v npm >/dev/null; then
		sudo=
		[ "$(id -u)" -ne 0 ] && sudo=sudo
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq npm >&2 ||
			{ echo "sarif: npm could not be installed" >&2; exit 2; }
	fi
	mkdir -p "$cache"
	npm install --prefix "$cache" --no-audit --no-fund --loglevel=error \
		"@microsoft/sarif-multitool-linux@$VERSION" >&2 ||
		{ echo "sarif: the SARIF Multitool $VERSION could not be installed from npm" >&2; exit 2; }
	chmod u+x "$tool"	# npm may leave its postinstall (chmod) unrun
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for f in "$@"; do
	if [ ! -s "$f" ]; then
		echo "sarif: $f: no such SARIF file"
		status=1
		continue
	fi
	"$tool" validate "$f" -o "$work/log.sarif" >"$work/out.txt" 2>&1
	rc=$?
	# what it found is a SARIF log of its own: every result is a problem
	if ! summary=$(python3 - "$work/log.sarif" <<'PY'
import collections, json, sys
log = json.load(open(sys.argv[1]))
found = collections.Counter()
for run in log.get("runs", []):
    for r in run.get("results", []):
        found["%s %s" % (r.get("level", "warning"), r.get("ruleId"))] += 1
print(", ".join("%d %s" % (n, k) for k, n in sorted(found.items())) or "no error, no warning")
sys.exit(1 if found else 0)
PY
	) || [ "$rc" -ne 0 ]; then
		echo "sarif: $f: ${summary:-the Multitool failed (status $rc)}"
		grep -m5 -E 'warning|error' "$work/out.txt" | cut -c1-300
		status=1
	else
		echo "sarif: $f: $summary (SARIF Multitool $VERSION)"
	fi
	rm -f "$work/log.sarif"
done
exit $status
