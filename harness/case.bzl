"""racelab_case: one line in cases/BUILD or fixed/BUILD declares a case."""

# Every compiler option for case programs lives here. -O1 keeps a racy
# loop a loop (at -O2 it is hoisted and never loses an update);
# -fno-inline keeps each function its own frame, so that every tool's
# stacks name the marked line (Helgrind folds inlined frames away);
# DWARF 4, because Valgrind 3.19 cannot read all of clang 14's DWARF 5.
COPTS = ["-g", "-gdwarf-4", "-O1", "-fno-inline", "-Wall", "-Wextra"]
TSAN_COPTS = ["-fsanitize=thread"]

# detector name -> (which build it runs, Bazel test size). The harness's
# own timeout per detector (harness/detectors/*.c) stays well under the
# limit of the test size (small: 60 s).
DETECTORS = {
    "native": ("", "small"),
    "tsan": ("_tsan", "small"),
    "helgrind": ("", "small"),
    "watchdog": ("", "small"),
}

def _program(stem):
    native.cc_binary(
        name = stem,
        srcs = [stem + ".c"],
        copts = COPTS,
        linkopts = ["-pthread"],
        deps = ["//harness:case_support"],
    )
    native.cc_binary(
        name = stem + "_tsan",
        srcs = [stem + ".c"],
        copts = COPTS + TSAN_COPTS,
        linkopts = ["-pthread", "-fsanitize=thread"],
        deps = ["//harness:case_support"],
    )

def racelab_case(name, alternatives = [], tags = []):
    """Declares one case's programs and tests in this package.

    In cases/ that is the broken program NAME.c; in fixed/ its fix NAME.c
    and any alternative fixes NAME.ALT.c; in a suite's folder (waiting/)
    the program NAME.c, which must be clean. Each program is built twice (plain
    for native and Valgrind, `NAME_tsan` with -fsanitize=thread), and gets
    one test per detector, `NAME[_ALT]_DETECTOR_test`, tagged with the
    detector and the variant so `--test_tag_filters=-helgrind` works.

    Args:
      name: the case, as its file is named.
      alternatives: names of alternative fixes (fixed/ only).
      tags: extra tags for every test, each with its reason beside it.
    """
    package = native.package_name()
    if package == "cases":
        programs = [(name, "broken")]
    elif package == "fixed":
        programs = [(name, "fixed")] + [
            (name + "." + alt, "fixed." + alt)
            for alt in alternatives
        ]
    else:
        # a suite of correct programs (waiting/): the folder is the variant
        programs = [(name, package)]
    for stem, variant in programs:
        _program(stem)
        for detector, (build, size) in DETECTORS.items():
            native.sh_test(
                name = "%s_%s_test" % (stem.replace(".", "_"), detector),
                size = size,
                srcs = ["//harness:case_test.sh"],
                args = [name, "--variant", variant, "--detector", detector],
                data = [
                    "//harness:racelab",
                    stem + ".c",
                    stem + build,
                ],
                tags = [detector, variant.split(".")[0]] + tags,
            )

def racelab_catalogue(name = "all"):
    """Closes a catalogue BUILD file.

    Fails the build when a program in this package has no racelab_case
    line, and declares `name`, every program here (sources and both
    builds), for the racelab command to run them all.
    """
    declared = native.existing_rules()
    programs = []
    for src in native.glob(["*.c"]):
        stem = src[:-2]
        if stem not in declared:
            fail("%s/%s has no racelab_case line in %s/BUILD" % (
                native.package_name(),
                src,
                native.package_name(),
            ))
        programs += [src, stem, stem + "_tsan"]
    native.filegroup(name = name, srcs = programs)
