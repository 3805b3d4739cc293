/* racelab case: timer_cancel_race
 * bug: a one-shot timer runs its callback on a thread of its own.
 *   timer_cancel() only sets a flag and reports whether the timer has
 *   fired, so a timer that checked the flag just before still fires: main
 *   trusts "not fired", frees the callback's context, and the callback
 *   then writes into the freed context.
 * class: race
 * concepts: check-then-act, use after free, cancellation, join, happens-before
 * expect native: wrong-result
 * expect tsan: memory-error
 * expect tsan-gcc: memory-error
 * expect helgrind: data-race - on the cancelled and fired flags; the write into the freed context it does not see (by default free() counts as no access)
 * expect drd: data-race - on the cancelled and fired flags; the write into the freed context it does not see (by default free() counts as no access)
 * expect watchdog: blind - not a liveness bug: every thread runs to the end
 * expect explore: wrong-result
 * symptom: timer_cancel() says the timer did not fire, and then it fires, every run.
 * fix: check the flag and fire under the timer's mutex, and have timer_cancel() set the flag under it and join the timer thread: after it returns the callback has run or never will.
 * hint: what if the timer checks the flag just before timer_cancel() sets it?
 * hint: when timer_cancel() returns, what must be true of the callback, and who waits for that?
 */
#include <stdio.h>

#include "racelab.h"

struct alarm {
	char label[24];
	long rings;
};

struct timer {
	pthread_t thread;
	void (*fn)(void *ctx);
	void *ctx;
	int cancelled, fired;
};

static rl_event firing = RL_EVENT_INIT;	/* the timer has decided to fire */

static void ring(void *ctx)
{
	struct alarm *a = ctx;

	a->rings++;		/* racelab:mark use */
}

/* The deadline is now. rl_event and rl_window() hold the timer between
 * its check and the callback until main has cancelled it and freed the
 * context, or waits for the timer. */
static void *timer_thread(void *arg)
{
	struct timer *t = arg;

	if (!t->cancelled) {		/* racelab:mark check */
		rl_event_post(&firing);
		rl_window();
		t->fn(t->ctx);
		t->fired = 1;		/* racelab:mark fired */
	}
	rl_worker_done();
	return NULL;
}

/* Returns whether the timer had fired. */
static int timer_cancel(struct timer *t)
{
	t->cancelled = 1;		/* racelab:mark cancel */
	return t->fired;		/* racelab:mark report */
}

int main(void)
{
	struct alarm *a = calloc(1, sizeof *a);
	struct timer t = { .fn = ring, .ctx = a };

	if (!a)
		return 1;
	strcpy(a->label, "tea is ready");
	rl_window_init(2);	/* the timer thread, and main */
	RL_CHECK(pthread_create(&t.thread, NULL, timer_thread, &t));
	rl_event_wait(&firing);
	int fired = timer_cancel(&t);
	free(a);		/* racelab:mark free */
	rl_worker_done();
	RL_CHECK(pthread_join(t.thread, NULL));
	printf("timer_cancel() said %s; the timer %s\n",
	       fired ? "fired" : "not fired", t.fired ? "fired" : "did not fire");
	if (!fired && t.fired)
		rl_symptom("wrong-result", "timer_cancel() said the timer had not fired, so its context was freed; then it fired into it");
	return 0;
}
