#!/usr/bin/env python3
"""plain_fix.py FIX COPY: writes the reference fix FIX into the
participant's COPY, under the copy's own header comment, with rl_lock()
and the like written as the pthread calls a textbook teaches and the
racelab:mark comments left out. Used by workshop_test.sh and
bench/exercise_check.sh to stand for a participant who fixed the copy."""
import re
import sys

fix, copy = sys.argv[1:]
text = open(fix).read()
body = text[text.index("*/") + 2:].lstrip("\n")
for ours, theirs in [("rl_lock(", "pthread_mutex_lock("),
                     ("rl_unlock(", "pthread_mutex_unlock("),
                     ("rl_cond_wait(", "pthread_cond_wait(")]:
    body = body.replace(ours, theirs)
body = re.sub(r"[ \t]*/\* racelab:mark [^*]*\*/", "", body)
mine = open(copy).read()
open(copy, "w").write(mine[:mine.index("*/") + 2] + "\n" + body)
