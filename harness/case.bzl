"""racelab_case: one line in cases/BUILD or fixed/BUILD declares a case."""

# Every compiler option for case programs lives here. -O1 keeps a racy
# loop a loop (at -O2 it is hoisted and never loses an update);
# -fno-inline keeps each function its own frame, so that every tool's
# stacks name the marked line (Helgrind folds inlined frames away);
# DWARF 4, because Valgrind 3.19 cannot read all of clang 14's DWARF 5.
COPTS = ["-g", "-gdwarf-4", "-O1", "-fno-inline", "-Wall", "-Wextra"]
TSAN_COPTS = ["-fsanitize=thread"]

# The host tools' identity (harness/host_tools.bzl), which Bazel cannot
# see: the programs' compile and link actions, the gcc build and every
# test depend on it, so a cached program or result made by other versions
# of clang, gcc, the TSan runtimes, Valgrind or gdb is not reused. The
# compiler reads identity.h (-include): Bazel prunes a header no compile
# reads from what that compile depends on.
TOOLS_IDENTITY = "@racelab_tools//:versions.txt"
IDENTITY_COPTS = ["-include", "external/racelab_tools/identity.h"]

# gcc's ThreadSanitizer (Debian's libtsan2) is the same tool with another
# compiler and runtime; Bazel's toolchain here is clang (.bazelrc), so
# that build is a genrule that runs gcc with the same options. gcc's
# temporary files go beside its output, in the action's own tree, not in
# the host's /tmp, which Bazel 4.2's sandbox leaves writable.
GCC_TSAN_CMD = ("TMPDIR=$$PWD/$(@D) gcc %s %s -I$$(dirname $(location //harness:case/racelab.h))" +
                " -pthread -o $@ $(location %s)")

# detector name -> (which build it runs, Bazel test size), in table order:
# harness/BUILD makes rl_detectors[] from it, and builds the recipe
# detectors/NAME/NAME.c (dashes made underscores). The harness's
# own timeout per detector (in its recipe) stays well under the
# limit of the test size (small: 60 s, medium: 300 s).
# "" for the build: none, the detector reads the source (thread-safety).
# Sizes from what the runs measured (results.json's duration_s and
# max_rss_kb over 1,020 runs per detector: the catalogue broken at N = 20
# and 14 fixes at N = 20, on 2 cores): native and the watchdog at most
# 2.8 s and 3 MB, small (Bazel: 60 s, 20 MB); the tools need more memory
# than small allows (tsan 23 MB, tsan-gcc 42 MB, drd 49 MB, helgrind
# 67 MB, clang's analysis 85 MB; at most 20 s), medium (300 s, 100 MB).
DETECTORS = {
    "native": ("_plain", "small"),
    "tsan": ("_tsan", "medium"),
    "tsan-gcc": ("_tsan_gcc", "medium"),
    "helgrind": ("_plain", "medium"),
    "drd": ("_plain", "medium"),
    "watchdog": ("_plain", "small"),
    "thread-safety": ("", "medium"),
    "explore": ("_explore", "medium"),
}

# explore's build: clang's ThreadSanitizer instrumentation, with
# racelab's scheduler (//harness:explore_rt) linked in place of TSan's
# runtime, and the forcing devices off: the scheduler must find the
# interleaving itself (harness/build.c builds a user's program so too).
EXPLORE_COPTS = ["-fsanitize=thread", "-fno-omit-frame-pointer", "-DRL_NO_FORCING"]
# -z now: symbols bound before the search forks, not by each schedule
# afresh (a page fault each)
EXPLORE_LINKOPTS = ["-fsanitize=thread", "-fno-sanitize-link-runtime", "-Wl,-z,now"]

# The parts a correct program's explore test searches in, side by side
# (or on as many executors as remote execution gives).
EXPLORE_SHARDS = 2

# The schedules an explore test searches, as a run, the report and
# compare do: issues 18 and 21 ask every fix and waiting program clean
# in 1000. The budget of issue 21 (explore's tests within 20 % of the
# rest of `bazel test //...`, bench/test_time.py) is not met at 1000 on
# 2 cores; at 500 the .ci/run of 7c8c40a measured 20.5 %. The
# catalogue's bugs show within 31 schedules; --test_arg=--schedules=N
# searches N instead.
EXPLORE_SCHEDULES = 1000

def _named_impl(ctx):
    path = ctx.label.package + "/" + ctx.attr.path
    return [DefaultInfo(runfiles = ctx.runfiles(
        files = [ctx.executable.binary],
        symlinks = {path: ctx.executable.binary},
    ))]

_named = rule(
    implementation = _named_impl,
    doc = "Puts a binary in the runfiles under another name, in its package.",
    attrs = {
        "binary": attr.label(executable = True, cfg = "target", mandatory = True),
        "path": attr.string(mandatory = True),
    },
)

def _program(stem):
    native.cc_binary(
        name = stem + "_plain",
        srcs = [stem + ".c"],
        copts = COPTS + IDENTITY_COPTS,
        linkopts = ["-pthread"],
        additional_linker_inputs = [TOOLS_IDENTITY],
        deps = [
            "//harness:case_support",
            "@racelab_tools//:identity",
        ],
    )
    native.cc_binary(
        name = stem + "_tsan",
        srcs = [stem + ".c"],
        copts = COPTS + TSAN_COPTS + IDENTITY_COPTS,
        linkopts = ["-pthread", "-fsanitize=thread"],
        additional_linker_inputs = [TOOLS_IDENTITY],
        deps = [
            "//harness:case_support",
            "@racelab_tools//:identity",
        ],
    )

    native.cc_binary(
        name = stem + "_explore",
        srcs = [stem + ".c"],
        copts = COPTS + EXPLORE_COPTS + IDENTITY_COPTS,
        linkopts = ["-pthread"] + EXPLORE_LINKOPTS,
        additional_linker_inputs = [TOOLS_IDENTITY],
        deps = [
            "//harness:case_support",
            "//harness:explore_rt",
            "@racelab_tools//:identity",
        ],
    )

    native.genrule(
        name = stem + "_tsan_gcc_build",
        srcs = [
            stem + ".c",
            "//harness:case/racelab.h",
            "//harness:case/racelab_shm.h",
            "//harness:case/thread_safety.h",
            TOOLS_IDENTITY,
        ],
        outs = [stem + "_tsan_gcc"],
        cmd = GCC_TSAN_CMD % (" ".join(COPTS), " ".join(TSAN_COPTS), stem + ".c"),
    )

    # racelab runs the plain build as PKG/STEM, beside PKG/STEM.c,
    # PKG/STEM_tsan and PKG/STEM_tsan_gcc; the target of that name is the
    # case's test_suite.
    _named(name = stem + "_named", binary = stem + "_plain", path = stem)

def racelab_case(name, alternatives = [], tags = []):
    """Declares one case's programs and tests in this package.

    In cases/ that is the broken program NAME.c; in fixed/ its fix NAME.c
    and any alternative fixes NAME.ALT.c; in a suite's folder (waiting/)
    the program NAME.c, which must be clean. Each program STEM (NAME or
    NAME.ALT) is built three times, `STEM_plain` (for native, Helgrind,
    DRD and the watchdog), `STEM_tsan` (clang -fsanitize=thread) and
    `STEM_tsan_gcc` (gcc -fsanitize=thread), and racelab finds them as
    PKG/STEM (`STEM_named` puts the plain build there in the runfiles),
    PKG/STEM_tsan and PKG/STEM_tsan_gcc; thread-safety reads PKG/STEM.c. Each program gets one test per detector,
    `STEM_DETECTOR_test` (dots made underscores), tagged with the detector
    and the variant so `--test_tag_filters=-helgrind` works.

    The target NAME is a test_suite: `bazel test //cases:NAME` runs the
    whole case, its broken program's tests and its fixes' (it names
    //fixed:NAME); `bazel test //fixed:NAME` runs the fixes' tests only,
    alternatives included; `bazel test //waiting:NAME` that program's.
    The suites are tagged manual, so that a wildcard does not expand them:
    `bazel test //cases:all` runs the broken programs' tests and no fix's.

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
    tests = []
    for stem, variant in programs:
        if not native.glob([stem + ".c"]):
            fail("%s/BUILD declares racelab_case(\"%s\"%s), but there is no %s/%s.c." % (
                package,
                name,
                ", alternatives = [...]" if stem != name else "",
                package,
                stem,
            ))
        _program(stem)
        for detector, (build, size) in DETECTORS.items():
            test = "%s_%s_test" % (stem.replace(".", "_"), detector.replace("-", "_"))
            native.sh_test(
                name = test,
                size = size,
                # explore searches a correct program in parts, each of
                # which must find nothing (case_test.sh: --shard); a
                # broken program's search is one, since a part of it
                # may not reach the bug
                shard_count = EXPLORE_SHARDS if detector == "explore" and variant != "broken" else None,
                srcs = ["//harness:case_test.sh"],
                args = [name, "--variant", variant, "--detector", detector] + (
                    ["--schedules", str(EXPLORE_SCHEDULES)] if detector == "explore" else []
                ),
                data = [
                    "//harness:racelab",
                    stem + ".c",
                    TOOLS_IDENTITY,
                ] + (
                    # a fix's header takes its story from its case's
                    ["//cases:%s.c" % name] if package == "fixed" else []
                ) + ([stem + build] if build else ["//harness:case_headers"]) +
                ([stem + "_named"] if build == "_plain" else []),
                tags = [detector, variant.split(".")[0]] + tags,
            )
            tests.append(":" + test)
    if package == "fixed":
        # the workshop's self-check: the exercise is unsolved as shipped,
        # solved by each of these fixes (racelab exercise verify)
        native.sh_test(
            name = name + "_exercise_test",
            size = "medium",
            srcs = ["//harness:workshop/exercise_test.sh"],
            args = [name],
            data = [
                "//harness:racelab",
                "//harness:case_headers",
                "//harness:workshop/probe.c",
                "//harness:explore/rt.c",
                "//cases:course.txt",
                "//cases:%s.c" % name,
                TOOLS_IDENTITY,
            ] + ["%s.c" % stem for stem, _ in programs],
            tags = ["exercise"] + tags,
        )
        tests.append(":" + name + "_exercise_test")
    if package == "cases":
        tests.append("//fixed:" + name)
    native.test_suite(name = name, tests = tests, tags = ["manual"])

def racelab_catalogue(name = "programs"):
    """Closes a catalogue BUILD file.

    Fails the build when a program in this package has no racelab_case
    line, and declares `name`, every program here (sources and every
    builds, where racelab looks for them), for the racelab command to run
    them all. (Not `all`: that name would hide Bazel's own `:all`, and
    `bazel test //cases:all` would find no test.)
    """
    declared = native.existing_rules()
    programs = []
    for src in native.glob(["*.c"]):
        stem = src[:-2]
        if stem + "_named" not in declared:
            fail("%s/%s has no racelab_case line in %s/BUILD" % (
                native.package_name(),
                src,
                native.package_name(),
            ))
        programs += [src, stem + "_named", stem + "_tsan", stem + "_tsan_gcc", stem + "_explore"]

    # data, not srcs: only its data's runfiles keep their symlinks, and
    # the plain builds are there under the names racelab looks for.
    native.filegroup(name = name, data = programs + ["//harness:case_headers"])

    # the sources alone (the workshop reads every exercise's header)
    native.filegroup(name = "sources", srcs = native.glob(["*.c"]))
