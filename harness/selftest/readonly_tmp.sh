#!/bin/bash
# readonly_tmp.sh COMMAND...: runs COMMAND with /tmp and /dev/shm read-only
# (a mount namespace of its own), for the audit of docs/remote-execution.md:
#
#   bazel test //... --run_under=//harness/selftest:readonly_tmp
#
# Bazel 4.2's sandbox leaves the host's /tmp and /dev/shm writable to
# every test; a test that passes under this wrapper wrote in neither.
exec unshare --mount --propagation private /bin/bash -c '
	for d in /tmp /dev/shm; do
		mount --bind "$d" "$d" && mount -o remount,bind,ro "$d" || exit 125
	done
	exec "$@"' readonly_tmp "$@"
