/* verdict.c - see verdict.h. */
#include "verdict.h"

#include <stdio.h>
#include <string.h>

static const char *const names[] = {
	[RL_DETECTED] = "detected",   [RL_MISSED] = "missed",
	[RL_NOT_SHOWN] = "not-shown",
	[RL_BLIND] = "blind",	      [RL_UNEXPECTED] = "unexpected",
	[RL_CLEAN] = "clean",	      [RL_FLAGGED] = "flagged",
	[RL_FALSE_POSITIVE] = "false-positive", [RL_HUNG] = "hung",
	[RL_NO_CONTRACT] = "no-contract", [RL_ERROR] = "error",
	[RL_FOUND] = "found",
};

const char *rl_verdict_name(enum rl_verdict v)
{
	return names[v];
}

int rl_verdict_passes(enum rl_verdict v)
{
	return v == RL_DETECTED || v == RL_BLIND || v == RL_CLEAN ||
	       v == RL_FALSE_POSITIVE || v == RL_NOT_SHOWN;
}

const struct rl_frame *rl_finding_where(const struct rl_finding *f,
					const char *source_suffix, int nth)
{
	for (size_t i = 0; i < f->nstacks; i++) {
		const struct rl_frame *fr =
			rl_stack_frame_in(&f->stacks[i], source_suffix);
		if (fr && nth-- == 0)
			return fr;
	}
	return NULL;
}

/* Where f points at a marked line: the frame, or NULL. A finding without
 * stacks (a symptom, a crash), or whose stacks have no frames (the
 * watchdog's, when the debugger gave none in time), has nowhere to point
 * and counts by category: *counts is set and NULL returned. */
static const struct rl_frame *at_mark(const struct rl_contract *c,
				      const struct rl_finding *f,
				      const char *suffix, int *counts)
{
	/* no frames at all (the debugger gave none in time on a loaded
	 * machine): nowhere to point, so it counts by category too */
	*counts = 1;
	for (size_t i = 0; i < f->nstacks; i++)
		if (f->stacks[i].nframes)
			*counts = 0;
	for (size_t i = 0; i < f->nstacks; i++) {
		const struct rl_frame *fr =
			rl_stack_frame_in(&f->stacks[i], suffix);
		if (fr && rl_contract_mark_at(c, fr->line)) {
			*counts = 1;
			return fr;
		}
	}
	return NULL;
}

/* "data-race at cases/x.c:12" for the first finding not of category skip
 * (-1: any). */
static void describe(const struct rl_findings *fs, const char *suffix,
		     int skip, char *buf, size_t len)
{
	char at[32];

	for (size_t i = 0; i < fs->n; i++) {
		const struct rl_finding *f = &fs->v[i];
		const struct rl_frame *fr = rl_finding_where(f, suffix, 0);

		if ((int)f->category == skip)
			continue;
		if (fr)
			snprintf(buf, len, "%s at %s%s", rl_category_name(f->category),
				 suffix, rl_line_text(fr->line, at, sizeof at));
		else
			snprintf(buf, len, "%s (%s)", rl_category_name(f->category),
				 f->headline ? f->headline : f->kind);
		return;
	}
	snprintf(buf, len, "nothing");
}

/* Stopped by one of racelab's limits, not by the watchdog. */
static int capped(const struct rl_outcome *o)
{
	return o->output_capped || o->memory_capped;
}

/* The run itself went wrong: no verdict on the bug can be given. */
static int run_failed(const struct rl_evidence *e, struct rl_judgement *j)
{
	const struct rl_outcome *o = e->outcome;

	j->verdict = RL_ERROR;
	if (e->tool_failed && e->tool_failed[0]) {
		snprintf(j->why, sizeof j->why,
			 "%s itself failed (%s), so what it said of the program cannot be judged",
			 e->detector, e->tool_failed);
		snprintf(j->next, sizeof j->next,
			 "This is the tool's limit, not necessarily the program's: try the other detectors, or the tool's options (see its raw output kept beside the results).");
	} else if (o->how == RL_SPAWN_FAILED) {
		snprintf(j->why, sizeof j->why, "%s", o->error);
		snprintf(j->next, sizeof j->next,
			 "Build it first (`bazel build //...`) or check the path.");
	} else if (o->output_capped) {
		snprintf(j->why, sizeof j->why,
			 "the program wrote more to its stdout or stderr than racelab keeps (the cap) and was stopped");
		snprintf(j->next, sizeof j->next,
			 "Make it print less; racelab keeps what it wrote up to the cap.");
	} else if (o->memory_capped) {
		snprintf(j->why, sizeof j->why,
			 "the program's processes held %ld MiB of resident memory together under %s, more than racelab's limit of %ld MiB (--memory), and were stopped",
			 o->resident_kb / 1024, e->detector,
			 o->resident_limit_kb / 1024);
		snprintf(j->next, sizeof j->next,
			 "Find what grows without end (a leak, a queue no one empties), or raise the limit with --memory: it counts all the run's processes, the tool's own memory included.");
	} else if (o->file_capped) {
		snprintf(j->why, sizeof j->why,
			 "the program wrote a file larger than racelab's limit (RLIMIT_FSIZE) and was killed by SIGXFSZ");
		snprintf(j->next, sizeof j->next,
			 "Make it write smaller files.");
	} else if (o->how == RL_TIMED_OUT) {
		if (e->waiting && e->waiting[0]) {
			snprintf(j->why, sizeof j->why,
				 "the program did not finish within %.0f s under %s and was killed; it was still waiting, not hung: %s",
				 o->duration_s, e->detector, e->waiting);
			snprintf(j->next, sizeof j->next,
				 "If it waits by design, make it wait less than racelab's time limit; else find what it waits for that never comes.");
			return 1;
		}
		if (e->was_busy && e->marks_progress)
			snprintf(j->why, sizeof j->why,
				 "the program did not finish within %.0f s under %s and was killed; its threads kept using CPU and last marked progress %.1f s before the end, too recently to call it a livelock: slow, or stuck only now and then",
				 o->duration_s, e->detector, e->progress_age_s);
		else
			snprintf(j->why, sizeof j->why,
				 "the program did not finish within %.0f s under %s and was killed; %s",
				 o->duration_s, e->detector,
				 !e->was_busy ? "its threads were not all asleep long enough to call it a hang" :
				 "its threads kept using CPU to the end, and racelab cannot tell a livelock from long work");
		snprintf(j->next, sizeof j->next,
			 "Find the loop that never ends; or, if it spins by design and includes racelab.h, mark its progress (rl_marks_progress(), rl_progress()) so the watchdog can judge it.");
	} else if (e->parse_failed) {
		snprintf(j->why, sizeof j->why, "%s's output could not be read: %s",
			 e->detector, e->parse_error);
		snprintf(j->next, sizeof j->next,
			 "Look at the raw output kept beside the results.");
	} else if (o->how == RL_EXITED && o->exit_code != 0 &&
		   !(e->findings_exit_code &&
		     o->exit_code == e->findings_exit_code &&
		     e->findings->n > 0)) {
		snprintf(j->why, sizeof j->why,
			 "the program exited with status %d%s", o->exit_code,
			 o->exit_code == e->findings_exit_code ?
				 ", the tool's 'found something' status, yet racelab read no finding" :
				 "");
		snprintf(j->next, sizeof j->next,
			 "Its stderr, kept with the results, says why.");
	} else {
		return 0;
	}
	return 1;
}

static void judge_finding(const struct rl_contract *c, const struct rl_expect *x,
			  const struct rl_evidence *e, struct rl_judgement *j)
{
	const struct rl_findings *fs = e->findings;
	const char *cat = rl_category_name(x->category);
	char seen[256], at[32];

	for (size_t i = 0; i < fs->n; i++) {
		const struct rl_frame *fr;
		int counts;

		if ((int)fs->v[i].category != x->category)
			continue;
		fr = at_mark(c, &fs->v[i], e->source_suffix, &counts);
		if (!counts)
			continue;
		j->verdict = RL_DETECTED;
		if (fr)
			snprintf(j->why, sizeof j->why, "%s reported %s at %s%s",
				 e->detector, cat, e->source_suffix,
				 rl_line_text(fr->line, at, sizeof at));
		else
			snprintf(j->why, sizeof j->why, "%s reported %s: %s",
				 e->detector, cat,
				 fs->v[i].headline ? fs->v[i].headline :
						      fs->v[i].kind);
		return;
	}
	if (x->kind == RL_EXPECT_CHANCE) {
		j->verdict = RL_NOT_SHOWN;
		snprintf(j->why, sizeof j->why,
			 "%s did not show this run; it shows only by chance: %s",
			 cat, x->reason);
		return;
	}
	describe(fs, e->source_suffix, -1, seen, sizeof seen);
	j->verdict = RL_MISSED;
	snprintf(j->why, sizeof j->why,
		 "%s was expected to report %s at a marked line of %s, and reported %s",
		 e->detector, cat, e->source, seen);
	snprintf(j->next, sizeof j->next,
		 "Check that the bug still happens and its `racelab:mark` lines are right, then run `%s`.",
		 e->rerun);
}

static void judge(const struct rl_contract *c, const struct rl_evidence *e,
		  struct rl_judgement *j);
static void judge_open(const struct rl_evidence *e, struct rl_judgement *j);

/* A verdict that rests on what the tool did not say: wrong when its
 * output could not be read to its end. */
static int rests_on_silence(enum rl_verdict v)
{
	return v == RL_MISSED || v == RL_NOT_SHOWN || v == RL_BLIND ||
	       v == RL_CLEAN || v == RL_FALSE_POSITIVE;
}

/* The program ended the run itself (exited, or died of a signal of its
 * own), so the tool had every chance to finish its output. */
static int ended_by_program(const struct rl_outcome *o)
{
	return o->how == RL_EXITED || o->how == RL_SIGNALED;
}

/* Adds what the watchdog saw, when the verdict is not already about it. */
void rl_judge(const struct rl_contract *c, const struct rl_evidence *e,
	      struct rl_judgement *j)
{
	size_t n;

	if (c)
		judge(c, e, j);
	else
		judge_open(e, j);
	if (e->output_incomplete && ended_by_program(e->outcome) &&
	    rests_on_silence(j->verdict) &&
	    !(e->tool_failed && e->tool_failed[0])) {
		/* a tool's silence counts only when all it wrote was read;
		 * a tool that said itself why it could not finish (explore's
		 * search cut short) was read to its end, and judge() has
		 * weighed what it said */
		j->verdict = RL_ERROR;
		snprintf(j->why, sizeof j->why,
			 "%s's output could not be read to its end (%s), so what it did not report cannot be judged",
			 e->detector,
			 e->parse_error && e->parse_error[0] ?
				 e->parse_error : "it ends before the tool ended it");
		snprintf(j->next, sizeof j->next,
			 "Look at the raw output kept beside the results, and run `%s` again.",
			 e->rerun);
	}
	if (e->after_stop) {
		n = strlen(j->why);
		snprintf(j->why + n, sizeof j->why - n,
			 "; racelab stopped it with SIGTERM at its time limit, and the %zu report%s %s made after that signal (its checks at exit, such as locks still held) %s racelab's doing, not the program's",
			 e->after_stop, e->after_stop == 1 ? "" : "s",
			 e->detector, e->after_stop == 1 ? "is" : "are");
	}
	if (e->outcome->how == RL_STOPPED && e->reports_at_exit &&
	    j->verdict != RL_HUNG) {
		n = strlen(j->why);
		snprintf(j->why + n, sizeof j->why - n,
			 "; %s's checks at exit did not run, since racelab stopped the run",
			 e->detector);
	}
	if (e->suppressed > 0 &&
	    (j->verdict == RL_MISSED || j->verdict == RL_NOT_SHOWN ||
	     j->verdict == RL_CLEAN)) {
		n = strlen(j->why);
		snprintf(j->why + n, sizeof j->why - n,
			 "; %s matched %d report%s to your suppressions and did not show %s, which may be what %s",
			 e->detector, e->suppressed, e->suppressed == 1 ? "" : "s",
			 e->suppressed == 1 ? "it" : "them",
			 j->verdict == RL_CLEAN ? "makes it clean" : "hides the bug");
		if (j->verdict != RL_CLEAN)
			snprintf(j->next, sizeof j->next,
				 "Run it again without the suppressions in your %s: `%s`.",
				 e->user_options ? e->user_options : "tool options",
				 e->rerun);
	}
	if (!e->liveness || e->findings == NULL ||
	    (e->findings->n && e->findings->v == e->liveness))
		return;
	n = strlen(j->why);
	snprintf(j->why + n, sizeof j->why - n, " (watchdog: %s)",
		 e->liveness->headline ? e->liveness->headline :
					 e->liveness->kind);
}

static void judge(const struct rl_contract *c, const struct rl_evidence *e,
		  struct rl_judgement *j)
{
	const struct rl_expect *x = rl_contract_expect(c, e->detector, e->is_fix);
	const struct rl_findings *fs = e->findings;
	char seen[256];

	memset(j, 0, sizeof *j);
	if (x && x->kind == RL_EXPECT_BLIND && fs->n == 0 && e->tool_failed &&
	    e->tool_failed[0] && e->outcome->how == RL_EXITED) {
		/* a tool that cannot see the bug, and could not finish
		 * either: blind, and why it stopped */
		j->verdict = RL_BLIND;
		snprintf(j->why, sizeof j->why, "%s (and %s)", x->reason,
			 e->tool_failed);
		return;
	}
	if (e->tool_failed && e->tool_failed[0] && run_failed(e, j))
		return;
	if (e->outcome->how == RL_STOPPED && !capped(e->outcome) &&
	    !e->on_liveness &&
	    (e->is_fix || (x && x->kind == RL_EXPECT_CLEAN))) {
		/* whatever the tool said, a run cut short is never clean */
		j->verdict = RL_HUNG;
		snprintf(j->why, sizeof j->why,
			 "the run was stopped before its end: a program that does not finish is not clean, whatever %s said before",
			 e->detector);
		snprintf(j->next, sizeof j->next,
			 "Find why it does not finish: the watchdog names each stuck thread and its line (`%s`).",
			 e->rerun);
		return;
	}
	if (e->outcome->how == RL_TIMED_OUT && !e->on_liveness && !e->is_fix &&
	    x && (x->kind == RL_EXPECT_FINDING || x->kind == RL_EXPECT_CHANCE)) {
		/* a broken program cut short keeps what the tool said before */
		judge_finding(c, x, e, j);
		if (j->verdict == RL_DETECTED) {
			size_t n = strlen(j->why);
			snprintf(j->why + n, sizeof j->why - n,
				 ", before the run reached its time limit");
			return;
		}
		memset(j, 0, sizeof *j);
	}
	if (run_failed(e, j))
		return;
	if (x && e->is_fix && x->kind != RL_EXPECT_CLEAN) {
		/* a fix that expects the bug would pass by showing it */
		j->verdict = RL_ERROR;
		snprintf(j->why, sizeof j->why,
			 "%s is a fix, yet its header expects %s to say `%s`",
			 e->source, e->detector, x->text);
		snprintf(j->next, sizeof j->next,
			 "A fixed program must be `clean` (or declare a known false positive): correct `expect %s:` in %s.",
			 e->detector, e->source);
		return;
	}
	if (!x) {
		j->verdict = RL_NO_CONTRACT;
		snprintf(j->why, sizeof j->why, "%s says nothing about %s",
			 e->source, e->detector);
		snprintf(j->next, sizeof j->next,
			 "Add `expect %s: ...` to the header of %s (see docs/contract.md).",
			 e->detector, e->source);
		return;
	}
	switch (x->kind) {
	case RL_EXPECT_FINDING:
	case RL_EXPECT_CHANCE:
		judge_finding(c, x, e, j);
		return;
	case RL_EXPECT_BLIND:
		if (fs->n == 0) {
			j->verdict = RL_BLIND;
			snprintf(j->why, sizeof j->why, "%s", x->reason);
			return;
		}
		describe(fs, e->source_suffix, -1, seen, sizeof seen);
		j->verdict = RL_UNEXPECTED;
		snprintf(j->why, sizeof j->why,
			 "%s reported %s, although %s declares it blind here",
			 e->detector, seen, e->source);
		snprintf(j->next, sizeof j->next,
			 "Correct `expect %s:` in the header of %s to what the tool really says.",
			 e->detector, e->source);
		return;
	case RL_EXPECT_CLEAN:
		describe(fs, e->source_suffix, x->category, seen, sizeof seen);
		if (strcmp(seen, "nothing") != 0) {
			j->verdict = RL_FLAGGED;
			snprintf(j->why, sizeof j->why,
				 "%s still reports %s: the program is not clean",
				 e->detector, seen);
			snprintf(j->next, sizeof j->next,
				 "Edit %s so that it holds, then run `%s` again.",
				 e->source, e->rerun);
		} else if (fs->n > 0) {
			j->verdict = RL_FALSE_POSITIVE;
			snprintf(j->why, sizeof j->why,
				 "%s reports %s, a known false positive: %s",
				 e->detector, rl_category_name(x->category),
				 x->reason);
		} else {
			j->verdict = RL_CLEAN;
			snprintf(j->why, sizeof j->why, "%s reported nothing%s%s",
				 e->detector, e->scope && *e->scope ? " " : "",
				 e->scope ? e->scope : "");
		}
		return;
	}
}

/* "2 findings: data-race at x.c:12, lock-order at x.c:30" */
static void found_what(const struct rl_evidence *e, char *buf, size_t len)
{
	const struct rl_findings *fs = e->findings;
	char at[32];
	size_t n;

	snprintf(buf, len, "%s reported %zu finding%s: ", e->detector, fs->n,
		 fs->n == 1 ? "" : "s");
	for (size_t i = 0; i < fs->n && i < 3; i++) {
		const struct rl_frame *fr =
			rl_finding_where(&fs->v[i], e->source_suffix, 0);

		n = strlen(buf);
		if (fr)
			snprintf(buf + n, len - n, "%s%s at %s%s", i ? ", " : "",
				 rl_category_name(fs->v[i].category),
				 e->source_suffix,
				 rl_line_text(fr->line, at, sizeof at));
		else
			snprintf(buf + n, len - n, "%s%s (%s)", i ? ", " : "",
				 rl_category_name(fs->v[i].category),
				 fs->v[i].headline ? fs->v[i].headline :
						      fs->v[i].kind);
	}
	if (fs->n > 3) {
		n = strlen(buf);
		snprintf(buf + n, len - n, ", ...");
	}
}

/* No contract: what the detector found is the verdict, and a run that
 * did not reach its end is never clean. */
static void judge_open(const struct rl_evidence *e, struct rl_judgement *j)
{
	const struct rl_outcome *o = e->outcome;
	size_t n;

	memset(j, 0, sizeof *j);
	if (e->tool_failed && e->tool_failed[0] && run_failed(e, j))
		return;
	if (e->findings->n && !e->parse_failed && !capped(o) &&
	    o->how != RL_SPAWN_FAILED) {
		j->verdict = RL_FOUND;
		found_what(e, j->why, sizeof j->why);
		n = strlen(j->why);
		if (o->how == RL_TIMED_OUT)
			snprintf(j->why + n, sizeof j->why - n,
				 ", before the run reached its time limit");
		else if (o->how == RL_EXITED && o->exit_code &&
			 o->exit_code != e->findings_exit_code)
			snprintf(j->why + n, sizeof j->why - n,
				 "; the program exited with status %d",
				 o->exit_code);
		return;
	}
	if (o->how == RL_STOPPED && !capped(o) && !e->on_liveness) {
		j->verdict = RL_HUNG;
		snprintf(j->why, sizeof j->why,
			 "%s reported nothing before the watchdog stopped the run, and a run that does not finish is not clean",
			 e->detector);
		snprintf(j->next, sizeof j->next,
			 "The watchdog's finding says which thread waits for what.");
		return;
	}
	if (run_failed(e, j))
		return;
	if (e->blind && e->blind[0]) {
		j->verdict = RL_BLIND;
		snprintf(j->why, sizeof j->why, "%s", e->blind);
		return;
	}
	j->verdict = RL_CLEAN;
	snprintf(j->why, sizeof j->why, "%s reported nothing%s%s", e->detector,
		 e->scope && *e->scope ? " " : "", e->scope ? e->scope : "");
}
