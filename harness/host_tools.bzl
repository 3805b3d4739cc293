"""host_tools: the identity of the host's tools, as files a build can depend on.

The case programs are built by the host's clang and gcc (the toolchain
Bazel configures from the host) and judged by the host's Valgrind, gdb and
TSan runtimes, none of which Bazel sees as an input: by itself it would
reuse a test result, or a program built by another compiler, from a cache
filled with other versions of the tools. This repository rule writes down
what identifies them, and the case programs' compile and link actions, the
gcc build and every test that runs a tool depend on what it wrote, so that
a change of a tool changes their cache keys (docs/remote-execution.md):

  versions.txt  each tool's path and first line of `--version`, the Debian
                package versions (dpkg), the SHA-256 of both TSan runtimes
  chromium.txt  Chromium's package version, for the one test that runs it
                (html_test): a browser's frequent security updates need
                not invalidate the catalogue's thousand results
  labcache.txt  the package versions of nginx and of Bazel, for the one
                test that runs both (//tools/cache:labcache_test)
  identity.h    versions.txt's text in a C comment, for `-include` (case.bzl),
                so the compiler really reads it and a compile whose
                unused headers Bazel prunes still depends on it

It is `local`: Bazel runs it again at each server start (and on `bazel
sync --configure`), not at each build; `./racelab setup` ends the server
after it installs a package. Nothing it records varies between runs on
one machine (no time, no host name), so two checkouts on one machine, or
two machines with the same packages, get the same keys.
"""

# The PATH the actions get: --incompatible_strict_action_env (.bazelrc).
ACTION_PATH = "/bin:/usr/bin:/usr/local/bin"

# What a detector or a test runs, found as the actions find it.
TOOLS = ["clang", "gcc", "valgrind", "gdb", "python3"]

# What builds and judges the programs, as Debian names it (the README's
# package list, the versioned packages behind clang and gcc, the C library).
PACKAGES = [
    "clang-14",
    "libclang-rt-14-dev",
    "llvm-14",
    "gcc-12",
    "libgcc-12-dev",
    "libtsan2",
    "libc6",
    "libc6-dev",
    "valgrind",
    "gdb",
    "libexpat1-dev",
    "libjansson-dev",
    "libxml2-dev",
    "python3",
    "python3-jsonschema",
]

# Each a shell command: its output goes into versions.txt as it is.
_TOOL = """p=$(command -v "$1") || { echo "$1: not found on $PATH"; exit 0; }
echo "$1: $(readlink -f "$p"): $("$p" --version 2>&1 | head -n 1)"
"""

_PACKAGE = """command -v dpkg-query >/dev/null || { echo "dpkg: none (not Debian)"; exit 0; }
for p; do
	v=$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null) || v="not installed"
	echo "package $p: ${v:-not installed}"
done
"""

# The TSan runtimes the programs are linked with (clang's is static, in
# each _tsan binary; gcc's is libtsan.so.2 at run time).
_RUNTIME = """for f in "$(clang -print-file-name=libclang_rt.tsan-x86_64.a 2>/dev/null)" \
	"$(gcc -print-file-name=libtsan.so 2>/dev/null)"; do
	[ -f "$f" ] && echo "runtime $(readlink -f "$f"): $(sha256sum <"$(readlink -f "$f")" | cut -d' ' -f1)"
done
true
"""

def _run(rctx, script, args = []):
    r = rctx.execute(
        ["/bin/sh", "-c", script, "sh"] + args,
        environment = {"PATH": ACTION_PATH, "LC_ALL": "C"},
        timeout = 60,
    )
    if r.return_code != 0:
        fail("host_tools: %s failed: %s" % (script.split("\n")[0], r.stderr))
    return r.stdout

def _host_tools_impl(rctx):
    text = ""
    for tool in TOOLS:
        text += _run(rctx, _TOOL, [tool])
    text += _run(rctx, _PACKAGE, PACKAGES)
    text += _run(rctx, _RUNTIME)
    rctx.file("versions.txt", text)
    rctx.file("chromium.txt", _run(rctx, _PACKAGE, ["chromium"]))
    rctx.file("labcache.txt", _run(rctx, _PACKAGE, ["nginx", "bazel-bootstrap"]))
    rctx.file("identity.h", "/* The tools that built and judge this program " +
                            "(harness/host_tools.bzl):\n" +
                            text.replace("*/", "* /") + "*/\n")
    rctx.file("WORKSPACE", "workspace(name = \"%s\")\n" % rctx.name)
    rctx.file("BUILD", """# Made by //harness:host_tools.bzl at each Bazel server start.
package(default_visibility = ["//visibility:public"])

exports_files([
    "chromium.txt",
    "labcache.txt",
    "versions.txt",
])

# identity.h as a header, so that its compile actions read it (case.bzl).
cc_library(
    name = "identity",
    textual_hdrs = ["identity.h"],
)
""")

host_tools = repository_rule(
    implementation = _host_tools_impl,
    doc = "Writes versions.txt, chromium.txt, labcache.txt and identity.h: the host tools' identity.",
    local = True,
    configure = True,
)
