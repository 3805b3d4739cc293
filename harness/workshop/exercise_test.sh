#!/bin/bash
# exercise_test NAME: the workshop's self-check for one exercise (the
# maintainers' `racelab exercise verify NAME`): its untouched copy is not
# solved, and its reference fix and each alternative fix are.
set -uo pipefail
exec harness/racelab exercise verify "$1" --root "$PWD"
