#!/bin/bash
# Verdicts under load: the whole catalogue (broken and fixed) and the
# waiting suite, RUNS times each under every detector, while two
# CPU-bound processes (`yes > /dev/null`) run beside. Any verdict that
# does not pass is printed with its reason; the last line is the count.
# A waiting program called hung, or a hang missed because the machine was
# busy, shows here.
#
#   bench/load_run.sh [RUNS]          (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
./racelab setup
bazel build --noshow_progress --show_result=0 --ui_event_filters=-info //:cli >&2

hogs=()
stop_hogs() { [ ${#hogs[@]} -eq 0 ] || kill "${hogs[@]}" 2>/dev/null || true; }
trap stop_hogs EXIT
for _ in 1 2; do
	yes >/dev/null &
	hogs+=($!)
done

out=$(mktemp -d)
trap 'stop_hogs; rm -rf "$out"' EXIT
start=$(date +%s)
status=0
./racelab report --runs "$runs" --out "$out/catalogue" >"$out/catalogue.txt" || status=1
for src in waiting/*.c; do
	name=$(basename "$src" .c)
	./racelab run "$name" --variant waiting --runs "$runs" --out "$out/waiting/$name" \
		>"$out/waiting-$name.txt" || status=1
done
end=$(date +%s)

# every result of every run, from the results files
python3 - "$out" "$((end - start))" <<'PY'
import json, glob, sys, collections
out, secs = sys.argv[1], int(sys.argv[2])
files = [f"{out}/catalogue/results.json"] + glob.glob(f"{out}/waiting/*/*.json")
total, bad, verdicts = 0, [], collections.Counter()
for f in files:
    for r in json.load(open(f))["results"]:
        total += 1
        verdicts[(r["variant"].split(".")[0], r["detector"], r["verdict"])] += 1
        if not r["passed"]:
            bad.append(f'{r["case"]} {r["variant"]} {r["detector"]} run {r["run"]}: {r["verdict"]}: {r["why"]}')
for line in bad:
    print("WRONG", line)
print("verdicts (variant, detector, verdict): count")
for k in sorted(verdicts):
    print(f"  {k[0]:8} {k[1]:9} {k[2]:15} {verdicts[k]}")
print(f"{total} runs with two CPU hogs beside, {len(bad)} wrong verdicts, {secs} s")
PY
exit $status
