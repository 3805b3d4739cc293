"""Validates racelab's SARIF against the SARIF 2.1.0 schema and reads it.

usage: sarif_check.py SCHEMA RACE_DIR RACE_SOURCE HANG_DIR

RACE_DIR holds counter_increment.json and counter_increment.sarif, the
results of counter_increment under every detector, HANG_DIR those of deadlock_abba under the watchdog (run with
BUILD_WORKSPACE_DIRECTORY=/src/racelab). Prints one line per failed check
and exits 1 when any failed.
"""
import copy
import json
import re
import subprocess
import sys

import jsonschema

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
    return ok


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def validate(validator, log, name):
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    for e in errors[:10]:
        failures.append("%s is not valid SARIF 2.1.0: %s at %s" % (
            name, e.message, "/".join(str(p) for p in e.path)))
    return not errors


def marked_lines(source):
    with open(source, encoding="utf-8") as f:
        return {n for n, line in enumerate(f, 1) if "racelab:mark" in line}


def line_of(location):
    return location.get("physicalLocation", {}).get("region", {}).get("startLine")


def run_of(log, name):
    for run in log["runs"]:
        if run["tool"]["driver"]["name"] == name:
            return run
    check(False, "no SARIF run for the detector %s" % name)
    return {"tool": {"driver": {"name": name}}, "results": [], "properties": {}}


def version_line(command):
    try:
        out = subprocess.run([command, "--version"], capture_output=True, text=True).stdout
    except OSError:
        return None
    return out.splitlines()[0] if out else None


def check_race_run(run, doc, source, marks):
    name = run["tool"]["driver"]["name"]
    races = [r for r in run["results"] if r["ruleId"] == "data-race"]
    if not check(races, "%s: no data-race result" % name):
        return
    r = races[0]
    rules = run["tool"]["driver"]["rules"]
    check(rules[r["ruleIndex"]]["id"] == "data-race",
          "%s: ruleIndex does not name the data-race rule" % name)
    check(r["level"] == "error", "%s: a data race is level %s" % (name, r["level"]))
    art = r["locations"][0]["physicalLocation"]["artifactLocation"]
    check(art == {"uri": "cases/counter_increment.c", "uriBaseId": "%SRCROOT%"},
          "%s: the location's artifact is %s" % (name, art))
    check(line_of(r["locations"][0]) in marks,
          "%s: the data race is at line %s, not a marked line %s" % (
              name, line_of(r["locations"][0]), sorted(marks)))
    related = r.get("relatedLocations", [])
    check(related and line_of(related[0]) in marks,
          "%s: no related location at a marked line (the other access): %s" % (
              name, [line_of(x) for x in related]))
    flows = r.get("codeFlows", [{}])[0].get("threadFlows", [])
    check(len(flows) >= 2 and all(f["locations"] for f in flows),
          "%s: want a thread flow per access stack, got %d" % (name, len(flows)))
    check(r["properties"].get("verdict") == "detected" and
          r["properties"].get("variant") == "broken",
          "%s: the result's properties do not carry racelab's verdict" % name)
    headlines = [f["headline"] for row in doc["results"] if row["detector"] == name
                 for f in row["findings"]]
    check(r["message"]["text"] in headlines,
          "%s: the message is not the tool's headline" % name)


def check_race(schema_validator, race_dir, source):
    log = load(race_dir + "/counter_increment.sarif")
    doc = load(race_dir + "/counter_increment.json")
    if not validate(schema_validator, log, "counter_increment.sarif"):
        return
    marks = marked_lines(source)
    names = [run["tool"]["driver"]["name"] for run in log["runs"]]
    rows = []
    for row in doc["results"]:
        if row["detector"] not in rows:
            rows.append(row["detector"])
    check(names == rows, "one run per detector, in the rows' order: got %s, want %s" % (names, rows))
    for d in ("native", "tsan", "helgrind", "watchdog"):
        check(d in names, "no run for %s" % d)

    tsan, helgrind = run_of(log, "tsan"), run_of(log, "helgrind")
    check_race_run(tsan, doc, source, marks)
    check_race_run(helgrind, doc, source, marks)

    # the tools' versions, read from the tools themselves
    for tool in ("clang", "gcc", "valgrind"):
        check(doc["tools"].get(tool) == version_line(tool),
              "results: tools.%s is %r, %s --version says %r" % (
                  tool, doc["tools"].get(tool), tool, version_line(tool)))
    # SARIF's version is the number (a tool reads it as one), the whole
    # line is the fullName
    def number(line):
        m = re.search(r"(?<![A-Za-z0-9])v?([0-9][0-9.]*[0-9]|[0-9])", line)
        return m.group(1) if m else None
    for run, tool in ((tsan, "clang"), (helgrind, "valgrind")) + (
            ((run_of(log, "tsan-gcc"), "gcc"),) if "tsan-gcc" in names else ()):
        drv = run["tool"]["driver"]
        check(drv.get("version") == number(doc["tools"][tool]),
              "%s's driver version %r is not %s's number (%r)" % (
                  drv["name"], drv.get("version"), tool, doc["tools"][tool]))
        check(doc["tools"][tool] in drv.get("fullName", ""),
              "%s's driver fullName %r does not hold %s's version line" % (
                  drv["name"], drv.get("fullName"), tool))
    check(tsan["tool"]["driver"].get("informationUri", "").startswith("https://"),
          "tsan's driver has no informationUri")
    opts = doc["detectors"]["tsan"]["options"]
    check("TSAN_OPTIONS=" in opts and "second_deadlock_stack=1" in opts,
          "tsan's options are %r" % opts)
    check(tsan["properties"].get("options") == opts,
          "the tsan run does not carry its options")
    check("--tool=helgrind" in (doc["detectors"]["helgrind"]["options"] or ""),
          "helgrind's options do not say --tool=helgrind")

    # the program's own check: a result with a place but no code flow
    native = run_of(log, "native")
    own = [r for r in native["results"] if r["ruleId"] == "lost-update"]
    if check(own, "native: no lost-update result"):
        check("codeFlows" not in own[0], "native: a symptom has a code flow")
        loc = own[0]["locations"][0]["physicalLocation"]
        # the whole file (SARIF 3.30): line 1 to its last
        lines = len(open(source).read().splitlines())
        check(loc["artifactLocation"]["uri"] == "cases/counter_increment.c"
              and loc.get("region") == {"startLine": 1, "endLine": lines},
              "native: the symptom's location is %s, not lines 1 to %d" % (loc, lines))
    watchdog = run_of(log, "watchdog")
    check(watchdog["results"] == [] and
          [v["verdict"] for v in watchdog["properties"]["verdicts"]] == ["blind"],
          "watchdog: want no result and the verdict blind")


def check_hang(schema_validator, hang_dir):
    log = load(hang_dir + "/deadlock_abba.sarif")
    if not validate(schema_validator, log, "deadlock_abba.sarif"):
        return
    run = run_of(log, "watchdog")
    base = run.get("originalUriBaseIds", {}).get("%SRCROOT%", {}).get("uri")
    check(base == "file:///src/racelab/", "%%SRCROOT%% is %r, want the workspace" % base)
    deadlocks = [r for r in run["results"] if r["ruleId"] == "deadlock"]
    if check(deadlocks, "watchdog: no deadlock result for deadlock_abba"):
        check(deadlocks[0]["properties"]["verdict"] == "detected",
              "watchdog: the deadlock's verdict is not detected")
        check(line_of(deadlocks[0]["locations"][0]) in marked_lines(
            "cases/deadlock_abba.c"), "watchdog: the deadlock is not at a marked line")


def check_validator_fails(schema_validator, race_dir):
    """A test that cannot fail proves nothing: a broken log must not pass."""
    log = load(race_dir + "/counter_increment.sarif")
    broken = copy.deepcopy(log)
    for run in broken["runs"]:
        for r in run["results"]:
            del r["message"]
            r["level"] = "fatal"
    broken["version"] = "2.0.0"
    check(not schema_validator.is_valid(broken),
          "the schema accepts a log with no message, level fatal, version 2.0.0")


def main():
    schema = load(sys.argv[1])
    jsonschema.Draft4Validator.check_schema(schema)
    validator = jsonschema.Draft4Validator(schema)
    race_dir, source, hang_dir = sys.argv[2:5]
    check_race(validator, race_dir, source)
    check_hang(validator, hang_dir)
    check_validator_fails(validator, race_dir)
    for f in failures:
        print("FAIL: " + f)
    if not failures:
        print("ok: both logs are valid SARIF 2.1.0 and say what racelab saw")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
