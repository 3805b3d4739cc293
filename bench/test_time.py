#!/usr/bin/env python3
"""bench/test_time.py - where the time of `bazel test //...` goes, by kind
of test, and what explore's tests add to it (the budget of issue 21: a
cold `bazel test //...` within 20 % of its time without them).

    bench/test_time.py --run [BAZEL_TEST_OPTION...]   # runs bazel test //...
    bench/test_time.py BEP.json                      # reads a run's events
    bench/test_time.py --summary LOG                 # reads Bazel's summary

With --run it runs `bazel test //... --nocache_test_results` (every test
runs; what is built stays built) with Bazel's build event protocol
written to racelab-bench/test-time/bep.json, then reads it. The figures
are Bazel's own: each test attempt's testAttemptDurationMillis, and for
a sharded test each shard's. The kinds are read from the target names
(the case macro's NAME_DETECTOR_test, harness/case.bzl). Test seconds are
summed over tests; with N jobs the wall time is about that sum / N, so
the share of a kind in the sum is its share of the run.

--summary reads the summary Bazel prints at the end of `bazel test`
(`//pkg:name  PASSED in 12.3s`, and for a sharded test the line after it,
`Stats over N runs: ... avg = Xs`, read as N shards of X s): the log of
.ci/run or of bench/remote-cache.sh, which keep no build events.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "racelab-bench", "test-time")

# a case test's last word before _test is its detector (harness/case.bzl)
DETECTORS = ("native", "watchdog", "tsan", "tsan_gcc", "helgrind", "drd",
             "thread_safety", "explore", "exercise")


def kind(label):
    pkg, _, name = label.partition(":")
    if pkg in ("//cases", "//fixed", "//waiting") and name.endswith("_test"):
        stem = name[:-len("_test")]
        for d in sorted(DETECTORS, key=len, reverse=True):
            if stem.endswith("_" + d):
                return f"{pkg[2:]} {d.replace('_', '-')}"
    return f"{pkg[2:] or '.'} other"


def read_events(path):
    """(label, shard) -> seconds of its last attempt, and its status."""
    tests = {}
    with open(path) as f:
        for line in f:
            try:
                e = json.loads(line)
            except ValueError:
                continue
            tid = e.get("id", {}).get("testResult")
            res = e.get("testResult")
            if not tid or res is None:
                continue
            key = (tid["label"], tid.get("shard", 1), tid.get("run", 1))
            tests[key] = (int(res.get("testAttemptDurationMillis", 0)) / 1000,
                          res.get("status", "?"),
                          bool(res.get("cachedLocally")))
    return tests


SUMMARY = re.compile(r"^(//\S+)\s+(\(cached\) )?([A-Z][A-Z ]*?) in ([0-9.]+)s$")
STATS = re.compile(r"^\s+Stats over ([0-9]+) runs: .*avg = ([0-9.]+)s")


def read_summary(path):
    """The same as read_events, from Bazel's printed summary."""
    tests, last = {}, None
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            m = SUMMARY.match(line)
            if m:
                last = m.group(1)
                tests[(last, 1, 1)] = (float(m.group(4)), m.group(3),
                                       bool(m.group(2)))
                continue
            m = STATS.match(line)
            if m and last:
                secs, status, cached = tests.pop((last, 1, 1))
                for shard in range(int(m.group(1))):
                    tests[(last, shard + 1, 1)] = (float(m.group(2)), status,
                                                   cached)
            last = None
    return tests


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bep", nargs="?", help="a build event JSON file")
    ap.add_argument("--summary", metavar="LOG",
                    help="read the summary Bazel printed at the end of a log")
    ap.add_argument("--run", nargs=argparse.REMAINDER,
                    help="run bazel test //... first, with these options")
    a = ap.parse_args()
    if a.run is not None:
        os.makedirs(OUT, exist_ok=True)
        bep = os.path.join(OUT, "bep.json")
        rc = subprocess.run(["bazel", "test", "//...", "--nocache_test_results",
                             f"--build_event_json_file={bep}", *a.run],
                            cwd=ROOT).returncode
        print(f"bazel test //... ended with status {rc}", file=sys.stderr)
    elif a.bep or a.summary:
        bep = a.bep or a.summary
    else:
        ap.error("give a build event file, --summary LOG, or --run")
    tests = read_summary(bep) if a.summary else read_events(bep)
    if not tests:
        sys.exit(f"test_time: no test result in {bep}")
    by = collections.defaultdict(lambda: [0, 0.0, 0])
    for (label, _, _), (secs, status, cached) in tests.items():
        k = by[kind(label)]
        k[0] += 1
        k[1] += secs
        k[2] += cached
    total = sum(v[1] for v in by.values())
    print(f"{'kind':<22} {'results':>7} {'test s':>9} {'share':>6}")
    for name, (n, secs, cached) in sorted(by.items(), key=lambda kv: -kv[1][1]):
        note = f"  ({cached} cached)" if cached else ""
        print(f"{name:<22} {n:>7} {secs:>9.0f} {100 * secs / total:>5.1f}%{note}")
    explore = sum(v[1] for k, v in by.items() if k.endswith(" explore"))
    rest = total - explore
    print(f"{'all':<22} {sum(v[0] for v in by.values()):>7} {total:>9.0f}")
    adds = f"{100 * explore / rest:.1f} %" if rest else "everything"
    print(f"explore's tests: {explore:.0f} test s; the rest: {rest:.0f} test s;"
          f" explore adds {adds} to the rest"
          " (the budget: 20 %; the workshop's checks run explore too, at most"
          " 1 s each, counted in 'exercise')")


if __name__ == "__main__":
    main()
