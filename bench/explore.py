#!/usr/bin/env python3
"""bench/explore.py - what racelab explore costs and finds, measured.

Prints, for docs/performance.md:
  1. schedules per second on a program of 3 threads and about 100
     scheduling points (bench/explore_speed.c), with --jobs 1 and 2,
     and the floor: the kernel's own cost of such a schedule, a fork,
     3 threads and an exit (bench/fork_floor.c);
  2. per program of the corpus (harness/explore/corpus) and strategy
     (pct, random, dfs): the schedule that first showed the bug (of at
     most --schedules), the steps per schedule and the racy points;
  3. against the stress test people run today (the plain program, built
     with clang -O1, in a loop for the same CPU time explore took to its
     first bug): bugs found per CPU-second, and their ratio.

usage: bench/explore.py [--schedules N] [--strategies pct,pct-pure,random,dfs]
                        [--only NAME,...] [--stress] [--write]
Everything it builds and runs goes to racelab-bench/explore/. With
--write it also writes docs/explore-performance.md.
"""
import argparse
import glob
import json
import os
import resource
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "racelab-bench", "explore")


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def explore(src, *opts, env=None):
    """Runs ./racelab explore; returns (explore.json or {}, CPU seconds,
    wall)."""
    name = os.path.basename(src).rsplit(".", 1)[0]
    path = os.path.join(OUT, name, "explore.json")
    if os.path.exists(path):
        os.remove(path)
    cpu, wall = children_cpu(), time.monotonic()
    subprocess.run([os.path.join(ROOT, "racelab"), "explore", src, "--out", OUT,
                    *opts], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False, env={**os.environ, **(env or {})})
    cpu, wall = children_cpu() - cpu, time.monotonic() - wall
    try:
        with open(path) as f:
            return json.load(f), cpu, wall
    except (OSError, ValueError):
        return {}, cpu, wall


# "pct" is explore's default (each 4th schedule a random walk); "pct-pure"
# is PCT alone (RL_EXPLORE_MIX=0).
STRATEGY = {
    "pct": (["--strategy", "pct"], {}),
    "pct-pure": (["--strategy", "pct"], {"RL_EXPLORE_MIX": "0"}),
    "random": (["--strategy", "random"], {}),
    "dfs": (["--strategy", "dfs"], {}),
}


def fork_floor(schedules, threads):
    """bench/fork_floor.c, built and run: its JSON line."""
    exe = os.path.join(OUT, "fork_floor")
    subprocess.run(["clang", "-O2", "-pthread",
                    os.path.join(ROOT, "bench", "fork_floor.c"), "-o", exe],
                   check=True)
    out = subprocess.run([exe, str(schedules), str(threads)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def build_plain(src):
    name = os.path.basename(src).rsplit(".", 1)[0]
    exe = os.path.join(OUT, "plain", name)
    os.makedirs(os.path.dirname(exe), exist_ok=True)
    cc = "clang++" if src.endswith(".cpp") else "clang"
    subprocess.run([cc, "-g", "-O1", "-pthread", src, "-o", exe], check=True)
    return exe


def stress(exe, cpu_budget):
    """The plain program in a loop for cpu_budget CPU-seconds: (bugs, runs,
    CPU seconds). A run that fails, dies or outlives 5 s is a bug."""
    bugs = runs = 0
    start = children_cpu()
    while children_cpu() - start < cpu_budget:
        try:
            rc = subprocess.run([exe], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, timeout=5).returncode
        except subprocess.TimeoutExpired:
            rc = -9
        runs += 1
        bugs += rc != 0
    return bugs, runs, children_cpu() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--schedules", type=int, default=1000)
    ap.add_argument("--strategies", default="pct,pct-pure,random,dfs")
    ap.add_argument("--only", default="")
    ap.add_argument("--stress", action="store_true",
                    help="also the stress-test comparison (slower)")
    ap.add_argument("--write", action="store_true",
                    help="also write docs/explore-performance.md")
    a = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    page = None
    if a.write:
        page = open(os.path.join(ROOT, "docs", "explore-performance.md"), "w")

        class Tee:
            def write(self, text):
                sys.__stdout__.write(text)
                page.write(text)

            def flush(self):
                sys.__stdout__.flush()
                page.flush()
        sys.stdout = Tee()
        print("# racelab explore, measured\n")
        print("<!-- written by bench/explore.py --write; do not edit by hand -->\n")
        load = os.getloadavg()[0]
        print(f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores "
              f"(load {load:.2f} at the start) by `bench/explore.py "
              f"{' '.join(sys.argv[1:])}`.\n")
    subprocess.run([os.path.join(ROOT, "racelab"), "setup"], check=True,
                   stdout=subprocess.DEVNULL)

    print("## Schedules per second\n")
    speed = os.path.join(ROOT, "bench", "explore_speed.c")
    print("`wall s`: `racelab explore` as a whole, its build of the program"
          " (about a second) included; `search s`: the schedules alone"
          " (explore.json's search_seconds, from the servers' start to their"
          " end). Per core: the search's rate over the jobs.\n")
    print("| jobs | schedules | wall s | search s | schedules/s | per core | steps/schedule |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for jobs in (1, 2):
        doc, cpu, wall = explore(speed, "--schedules", "2000", "--jobs", str(jobs))
        n = doc.get("schedules_run", 0)
        search = doc.get("search_seconds") or wall
        print(f"| {jobs} | {n} | {wall:.2f} | {search:.2f} | {n / search:.0f} |"
              f" {n / search / jobs:.0f} | {doc.get('max_steps')} |")
    floor = fork_floor(2000, 3)
    print(f"| the floor | {floor['schedules']} | | {floor['seconds']:.2f} |"
          f" {floor['schedules'] / floor['seconds']:.0f} |"
          f" {floor['schedules'] / floor['seconds']:.0f} | 0 |")
    print("\nThe floor (bench/fork_floor.c): what the kernel alone costs a"
          " schedule of explore_speed.c, a process forked, its 3 threads"
          " created and joined, the process ended and waited for, with no"
          " scheduling: the rate explore's cannot pass on this machine.")

    progs = sorted(glob.glob(os.path.join(ROOT, "harness/explore/corpus/*.c")) +
                   glob.glob(os.path.join(ROOT, "harness/explore/corpus/*.cpp")))
    if a.only:
        keep = set(a.only.split(","))
        progs = [p for p in progs if os.path.basename(p).rsplit(".", 1)[0] in keep]
    strategies = a.strategies.split(",")
    print(f"\n## Schedules to the first bug (of {a.schedules}; - : none)\n")
    print("pct: explore's default, PCT depth 3 with each 4th schedule a random walk;"
          " pct-pure: PCT alone; dfs: at most 2 preemptions.\n")
    print("| program | " + " | ".join(strategies) + " | steps | racy points |")
    print("|---|" + "---:|" * len(strategies) + "---:|---:|")
    found = {s: 0 for s in strategies}
    first_cpu = {}
    for p in progs:
        name = os.path.basename(p).rsplit(".", 1)[0]
        cells, steps, points = [], 0, 0
        for s in strategies:
            opts, env = STRATEGY[s]
            doc, cpu, _ = explore(p, *opts, "--schedules", str(a.schedules), env=env)
            bugs = doc.get("bugs", [])
            if bugs:
                cells.append(str(bugs[0]["schedule"] + 1))
                found[s] += 1
                if s == strategies[0]:
                    first_cpu[p] = cpu
            else:
                cells.append("?" if not doc else
                             "-" + ("" if doc.get("complete") is not True else " (all)"))
            steps = max(steps, doc.get("max_steps") or 0)
            points = max(points, doc.get("racy_points") or 0)
        print(f"| {name} | " + " | ".join(cells) + f" | {steps} | {points} |")
    print("| **found** | " + " | ".join(f"{found[s]} of {len(progs)}" for s in strategies)
          + " | | |")

    if a.stress:
        print(f"\n## Against the stress test (the plain program in a loop, same CPU time as {strategies[0]} to its first bug)\n")
        totals = [0, 0.0, 0, 0.0]	# explore bugs, CPU; stress bugs, CPU
        print("The explore CPU time includes its build of the program (clang, the"
              " scheduler, llvm-symbolizer): what a user pays for the first bug.\n")
        print("| program | explore CPU s | stress runs | stress bugs | explore bugs/CPU-s | stress bugs/CPU-s | ratio |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for p, cpu in first_cpu.items():
            name = os.path.basename(p).rsplit(".", 1)[0]
            budget = max(cpu, 1.0)
            bugs, runs, scpu = stress(build_plain(p), budget)
            e_rate = 1 / cpu if cpu else float("inf")
            s_rate = bugs / scpu if scpu else 0
            ratio = f"{e_rate / s_rate:.2g}x" if s_rate else "stress found none"
            totals[0] += 1
            totals[1] += cpu
            totals[2] += bugs
            totals[3] += scpu
            print(f"| {name} | {cpu:.2f} | {runs} | {bugs} | {e_rate:.2f} | {s_rate:.3f} | {ratio} |")
    if a.stress and first_cpu:
        e_all = totals[0] / totals[1] if totals[1] else 0
        s_all = totals[2] / totals[3] if totals[3] else 0
        print(f"| **all** | {totals[1]:.1f} | | {totals[2]} | {e_all:.3f} | {s_all:.3f} | "
              + (f"{e_all / s_all:.2g}x" if s_all else "stress found none") + " |")
    if page:
        sys.stdout = sys.__stdout__
        page.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
