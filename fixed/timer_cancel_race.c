/* racelab fix: timer_cancel_race */
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
	pthread_mutex_t lock;	/* guards cancelled and fired */
};

static rl_event firing = RL_EVENT_INIT;	/* the timer has decided to fire */

static void ring(void *ctx)
{
	struct alarm *a = ctx;

	a->rings++;
}

/* The deadline is now. rl_event and rl_window() hold the timer between
 * its check and the callback until main has cancelled it and freed the
 * context, or waits for the timer. */
static void *timer_thread(void *arg)
{
	struct timer *t = arg;

	RL_CHECK(pthread_mutex_lock(&t->lock));
	if (!t->cancelled) {
		rl_event_post(&firing);
		rl_window();
		t->fn(t->ctx);
		t->fired = 1;
	}
	RL_CHECK(pthread_mutex_unlock(&t->lock));
	rl_worker_done();
	return NULL;
}

/* Returns whether the timer had fired. */
static int timer_cancel(struct timer *t)
{
	RL_CHECK(pthread_mutex_lock(&t->lock));
	t->cancelled = 1;
	RL_CHECK(pthread_mutex_unlock(&t->lock));
	RL_CHECK(pthread_join(t->thread, NULL));
	return t->fired;
}

int main(void)
{
	struct alarm *a = calloc(1, sizeof *a);
	struct timer t = { .fn = ring, .ctx = a,
			   .lock = PTHREAD_MUTEX_INITIALIZER };

	if (!a)
		return 1;
	strcpy(a->label, "tea is ready");
	rl_window_init(2);	/* the timer thread, and main */
	RL_CHECK(pthread_create(&t.thread, NULL, timer_thread, &t));
	rl_event_wait(&firing);
	int fired = timer_cancel(&t);
	free(a);
	rl_worker_done();
	printf("timer_cancel() said %s; the timer %s\n",
	       fired ? "fired" : "not fired", t.fired ? "fired" : "did not fire");
	if (!fired && t.fired)
		rl_symptom("wrong-result", "timer_cancel() said the timer had not fired, so its context was freed; then it fired into it");
	return 0;
}
