#!/usr/bin/env python3
"""racelab's speed, measured: prints the figures and writes docs/performance.md.

usage: bench/performance.sh [--reps N] [--sizes 20,40,80] [--no-matrix]
                            [--out FILE]

1. The cost of one run. The same program (counter_increment, broken) run
   under the same tool with the same options, by hand, through the
   racelab binary (`harness/racelab run --detector D` in the runfiles
   tree) and through `./racelab run` as typed, in turns (by hand, binary,
   wrapper, by hand, ...) so all see the same machine; the medians of
   wall and CPU time. The extra is what racelab adds: its own start,
   building nothing (the binaries are Bazel's), the watchdog's watch,
   reading the report, writing results.json, .sarif and .html; and the
   wrapper's start.
2. The wrapper's own cost: `./racelab run CASE --detector native` as
   typed against the binary with the arguments the wrapper gives it.
3. The matrix: `racelab report` (every case, broken and fixed and each
   alternative fix, under every detector, on every core) over a catalogue
   of 20, 40 and 80 cases (beyond the 52 real ones, copies under new
   names), wall time and time per result; and what each detector costs
   in it (the sum of its runs' durations), the watchdog's among them.
"""
import argparse
import ctypes
import datetime
import json
import os
import re
import shlex
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNFILES = os.path.join(ROOT, "bazel-bin", "cli.runfiles", "racelab")
CASE = "counter_increment"


def become_subreaper():
    """Orphans of the runs (TSan's llvm-symbolizer, which the program
    leaves to init) come back to this process, so their CPU time is
    counted on both sides alike, as racelab (itself a subreaper) counts
    it."""
    libc = ctypes.CDLL(None, use_errno=True)
    PR_SET_CHILD_SUBREAPER = 36
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit("bench: cannot become a subreaper: CPU times would miss orphans")


def timed(argv, env=None, cwd=None):
    """Runs argv to its end, and every process it leaves behind; (wall s,
    CPU s of it and all its descendants)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    wall = time.monotonic() - t0
    while True:
        try:
            os.wait()
        except ChildProcessError:
            break
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def tool_options(tmp):
    """Each detector's options as racelab states them in its results
    (results.json: detectors.D.options), from one run of each: what is
    run by hand is then what racelab runs, never a copy kept here."""
    racelab = os.path.join(RUNFILES, "harness", "racelab")
    out = os.path.join(tmp, "options")
    subprocess.run([racelab, "run", CASE, "--variant", "broken", "--detector",
                    "native", "--jobs", "1", "--out", out], cwd=RUNFILES,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    with open(os.path.join(out, CASE + ".json"), encoding="utf-8") as f:
        detectors = json.load(f)["detectors"]
    return {d: detectors[d]["options"] for d in ("tsan", "helgrind", "drd")}


def by_hand(detector, tmp, options):
    """The tool's own command line for the program, from racelab's stated
    options (TOOL and RUN: the folders racelab would make, here tmp;
    PROGRAM: the case's build), with nothing of racelab's around it."""
    plain = os.path.join(RUNFILES, "cases", CASE + "_plain")
    env = dict(os.environ)
    if detector == "native":
        return [plain], env
    # the stated command is the one prepare() builds, quoted as a shell
    # would: its NAME=VALUE words first, then the argv, PROGRAM the build
    words = shlex.split(options[detector].replace("TOOL/", tmp + "/")
                        .replace("RUN/", tmp + "/"))
    while words and re.match(r"^[A-Z_][A-Z0-9_]*=", words[0]):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    build = {"tsan": CASE + "_tsan"}.get(detector, CASE + "_plain")
    return [os.path.join(RUNFILES, "cases", build) if w == "PROGRAM" else w
            for w in words], env


def overhead(reps, tmp):
    """Per detector, the medians (wall, CPU) of the tool by hand, of the
    racelab binary in the runfiles tree, and of ./racelab as typed (the
    wrapper, nothing to build: it execs the same binary), in turns."""
    rows = []
    racelab = os.path.join(RUNFILES, "harness", "racelab")
    wrapper = os.path.join(ROOT, "racelab")
    options = tool_options(tmp)
    # one wrapper run first: it builds if a source changed, and stamps
    timed([wrapper, "run", CASE, "--variant", "broken", "--detector", "native",
           "--out", os.path.join(tmp, "stamp")], cwd=ROOT)
    for detector in ("native", "tsan", "helgrind", "drd"):
        hand, binary, typed = [], [], []
        for k in range(reps):
            d = os.path.join(tmp, f"hand-{detector}-{k}")
            os.makedirs(d)
            argv, env = by_hand(detector, d, options)
            hand.append(timed(argv, env=env))
            binary.append(timed([racelab, "run", CASE, "--variant", "broken",
                                 "--detector", detector, "--jobs", "1",
                                 "--out", os.path.join(tmp, f"bin-{detector}-{k}")],
                                cwd=RUNFILES))
            typed.append(timed([wrapper, "run", CASE, "--variant", "broken",
                                "--detector", detector, "--jobs", "1",
                                "--out", os.path.join(tmp, f"typed-{detector}-{k}")],
                               cwd=ROOT))
        med = [(statistics.median(w for w, _ in side),
                statistics.median(c for _, c in side))
               for side in (hand, binary, typed)]
        rows.append((detector, med))
    return rows


def wrapper_cost(reps, tmp):
    """(binary, wrapper) median wall: the wrapper as typed, and the binary
    with the arguments the wrapper gives it (cli.sh's defaults), in
    turns, 3 * reps each after one to warm up."""
    out = os.path.join(tmp, "warm")
    typed = [os.path.join(ROOT, "racelab"), "run", CASE, "--variant", "broken",
             "--detector", "native", "--out", out]
    binary = [os.path.join(RUNFILES, "harness", "racelab"), "run",
              "--root", RUNFILES, "--out", os.path.join(ROOT, "racelab-report"),
              CASE, "--variant", "broken", "--detector", "native", "--out", out]
    env = dict(os.environ, BUILD_WORKSPACE_DIRECTORY=ROOT,
               BUILD_WORKING_DIRECTORY=ROOT)
    timed(typed, cwd=ROOT)
    b, t = [], []
    for _ in range(3 * reps):
        b.append(timed(binary, cwd=RUNFILES, env=env)[0])
        t.append(timed(typed, cwd=ROOT)[0])
    return statistics.median(b), statistics.median(t)


def catalogue_names():
    return sorted(f[:-2] for f in os.listdir(os.path.join(ROOT, "cases"))
                  if f.endswith(".c"))


def build_root(tmp, size):
    """A catalogue of size cases under tmp/root-SIZE: the real cases (their
    sources and Bazel's binaries), and past 52 copies named NAME_copyK."""
    real = catalogue_names()
    root = os.path.join(tmp, f"root-{size}")
    for folder in ("cases", "fixed"):
        os.makedirs(os.path.join(root, folder))
    os.makedirs(os.path.join(root, "harness"))
    os.symlink(os.path.join(RUNFILES, "harness", "case"),
               os.path.join(root, "harness", "case"))
    for i in range(size):
        name = real[i % len(real)]
        new = name if i < len(real) else f"{name}_copy{i // len(real)}"
        for folder in ("cases", "fixed"):
            src_dir = os.path.join(RUNFILES, folder)
            for f in os.listdir(src_dir):
                if f != name and not (f.startswith(name + "_") or f.startswith(name + ".")):
                    continue
                rest = f[len(name):]
                # NAME_x of another case (counter_increment_loop for
                # counter_increment) is not this case's
                if rest.startswith("_") and rest not in ("_plain", "_tsan", "_tsan_gcc",
                                                         "_named", "_explore"):
                    continue
                dst = os.path.join(root, folder, new + rest)
                src = os.path.join(src_dir, f)
                if f.endswith(".c") and new != name:
                    with open(src) as fh:
                        text = fh.read()
                    text = re.sub(r"racelab case: " + re.escape(name) + r"\b",
                                  "racelab case: " + new, text, count=1)
                    with open(dst, "w") as fh:
                        fh.write(text)
                else:
                    os.symlink(os.path.realpath(src), dst)
    return root


def matrix(tmp, sizes):
    rows = []
    racelab = os.path.join(RUNFILES, "harness", "racelab")
    for size in sizes:
        root = build_root(tmp, size)
        out = os.path.join(tmp, f"report-{size}")
        t0 = time.monotonic()
        subprocess.run([racelab, "report", "--root", root, "--out", out],
                       cwd=RUNFILES, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        wall = time.monotonic() - t0
        with open(os.path.join(out, "results.json")) as fh:
            results = json.load(fh)["results"]
        per_detector = {}
        for r in results:
            per_detector[r["detector"]] = per_detector.get(r["detector"], 0) + r.get("duration_s", 0)
        # a copy's binaries name the original's source in their debug
        # info, so its marks do not match and Valgrind's verdicts on it
        # fail: copies are there for their run time only
        failed = sum(1 for r in results
                     if not r["passed"] and "_copy" not in r["case"])
        rows.append((size, len(results), failed, wall, per_detector))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--sizes", default="20,40,80")
    ap.add_argument("--no-matrix", action="store_true")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "performance.md"))
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",") if s]
    become_subreaper()
    tmp = tempfile.mkdtemp(prefix="racelab-bench.")
    lines = []

    def say(text=""):
        print(text, flush=True)
        lines.append(text)

    kept = None
    if a.no_matrix and os.path.exists(a.out):
        # the matrix of the last full run is kept, with its own date
        with open(a.out, encoding="utf-8") as fh:
            old = fh.read()
        if "## The matrix" in old:
            when = re.search(r"^Measured (\S+)", old, re.M)
            section = old[old.index("## The matrix"):].rstrip("\n")
            # kept before: its own date, not the page's
            note = re.search(r"^\(Measured (\S+), by the last full run[^\n]*\n+",
                             section, re.M)
            if note:
                when = note
                section = section[:note.start()] + section[note.end():]
            kept = (section, when.group(1) if when else "earlier")
    try:
        load = os.getloadavg()[0]
        say(f"Measured {datetime.date.today()} on {os.cpu_count()} cores "
            f"(load {load:.2f} at the start) by `bench/performance.sh"
            f"{' --reps %d' % a.reps if a.reps != 7 else ''}`.")
        say()
        say(f"## The cost of one run ({CASE}, broken; median of {a.reps}, in turns)")
        say()
        say("The tool by hand with exactly the options racelab states "
            "(results.json: `detectors.D.options`), the racelab binary "
            "(`harness/racelab run` in the runfiles tree: its start, the "
            "watchdog's watch, reading the report, writing results.json, "
            ".sarif and .html), and `./racelab run` as typed (the wrapper, "
            "nothing to build). CPU counts every process a side started, "
            "orphans included (TSan's llvm-symbolizer outlives the program "
            "it served: this script is a subreaper, as racelab is).")
        say()
        say("| detector | by hand, wall | binary, wall | extra | ./racelab, wall | extra "
            "| by hand, CPU | binary, CPU | ratio | ./racelab, CPU | ratio |")
        say("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for det, ((hw, hc), (bw, bc), (tw, tc)) in overhead(a.reps, tmp):
            say(f"| {det} | {hw:.3f} s | {bw:.3f} s | {100 * (bw - hw) / hw:+.0f} % "
                f"| {tw:.3f} s | {100 * (tw - hw) / hw:+.0f} % "
                f"| {hc:.3f} s | {bc:.3f} s | {bc / hc:.2f}x | {tc:.3f} s | {tc / hc:.2f}x |")
        say()
        say("## The wrapper's own cost")
        say()
        bw, tw = wrapper_cost(a.reps, tmp)
        say(f"`./racelab run {CASE} --variant broken --detector native` as typed, "
            f"nothing to build: {tw * 1000:.1f} ms; the binary it execs, with the "
            f"same arguments: {bw * 1000:.1f} ms; the wrapper's own: "
            f"{(tw - bw) * 1000:.1f} ms (medians of {a.reps * 3}, in turns).")
        if kept:
            section, when = kept
            say()
            head, _, rest = section.partition("\n")
            say(head)
            say()
            say(f"(Measured {when}, by the last full run of this script; "
                "`--no-matrix` keeps it as it was.)")
            say()
            body = rest.lstrip("\n")
            say(body)
        if not a.no_matrix:
            say()
            say("## The matrix: `racelab report` as the catalogue grows")
            say()
            say("Every case broken and fixed (and each alternative fix) under "
                "every detector, one run each, on every core. Past the 52 real "
                "cases, copies under new names, for their run time only (their "
                "binaries name the original source, so their verdicts are not "
                "counted in `failed`). Run time: the sum of the runs' own "
                "durations per detector.")
            say()
            rows = matrix(tmp, sizes)
            dets = sorted({d for r in rows for d in r[4]})
            say("| cases | results | failed (real cases) | wall | per result | "
                + " | ".join(f"{d} (run time)" for d in dets) + " |")
            say("|---:|---:|---:|---:|---:|" + "---:|" * len(dets))
            for size, n, failed, wall, per in rows:
                say(f"| {size} | {n} | {failed} | {wall:.0f} s | {wall / n:.2f} s | "
                    + " | ".join(f"{per.get(d, 0):.0f} s" for d in dets) + " |")
            total = sum(rows[-1][4].values())
            wd = rows[-1][4].get("watchdog", 0)
            say()
            say(f"At {rows[-1][0]} cases the watchdog's runs take {wd:.0f} s of "
                f"{total:.0f} s of run time ({100 * wd / total:.0f} %): what judging "
                f"it from the native run would save, at most.")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    with open(a.out, "w") as fh:
        fh.write("# Performance\n\n<!-- written by bench/performance.sh; "
                 "do not edit by hand -->\n\n")
        fh.write("\n".join(lines) + "\n")
    print(f"\nwritten: {a.out}")


if __name__ == "__main__":
    sys.exit(main())
