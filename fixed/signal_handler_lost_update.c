/* racelab fix: signal_handler_lost_update */
#include <signal.h>
#include <stdio.h>

#include "racelab.h"

enum { SIGNALS = 5 };

/* ---- forcing: the signal arrives at the bad point ----
 * A sender thread sends SIGRTMIN to main once main says it is at the bad
 * point, and main waits there until the signal has come: its handler has
 * begun, or it is pending while main blocks it. A pending signal that is
 * not blocked is no arrival: under Valgrind sigpending() shows it until
 * Valgrind delivers it. Relaxed atomics only: no edge a tool could see. */
static pthread_t main_thread;
static rl_event at_bad_point[SIGNALS];
static int arrivals;	/* signals whose handler has begun */

/* The handler's first step; async-signal-safe (a lock-free atomic). */
static void signal_arrived(void)
{
	__atomic_fetch_add(&arrivals, 1, __ATOMIC_RELAXED);
}

static int waits_blocked(int sig)
{
	sigset_t pending, blocked;

	RL_CHECK_ERRNO(sigpending(&pending));
	RL_CHECK(pthread_sigmask(SIG_BLOCK, NULL, &blocked));
	return sigismember(&pending, sig) && sigismember(&blocked, sig);
}

static void signal_arrives_here(int n)
{
#ifdef RL_NO_FORCING
	(void)n;	/* forcing off: the signal comes when it comes */
	return;
#endif
	rl_event_post(&at_bad_point[n]);
	while (__atomic_load_n(&arrivals, __ATOMIC_RELAXED) <= n &&
	       !waits_blocked(SIGRTMIN))
		sched_yield();
}

static void *sender(void *arg)
{
	(void)arg;
	for (int n = 0; n < SIGNALS; n++) {
		rl_event_wait(&at_bad_point[n]);
		RL_CHECK(pthread_kill(main_thread, SIGRTMIN));
	}
	return NULL;
}

/* ---- the program ---- */

static long pending = SIGNALS;	/* jobs waiting: the handler adds, main takes */

/* SIGRTMIN: a new job was queued. A real-time signal, so that five sent
 * are five delivered: five SIGUSR1 sent while it is blocked would merge
 * into one. */
static void on_new_job(int sig)
{
	(void)sig;
	signal_arrived();
	pending++;	/* racelab:mark handler-adds */
}

/* pending--, spelt out in its steps; the signal comes between them, and
 * waits: SIGRTMIN is blocked from the load to the store. */
static void take_job(int n)
{
	sigset_t rt, old;

	sigemptyset(&rt);
	sigaddset(&rt, SIGRTMIN);
	pthread_sigmask(SIG_BLOCK, &rt, &old);
	long seen = pending;	/* racelab:mark load */
	signal_arrives_here(n);
	pending = seen - 1;	/* racelab:mark store */
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

int main(void)
{
	struct sigaction sa;
	pthread_t t;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_new_job;
	RL_CHECK_ERRNO(sigemptyset(&sa.sa_mask));
	RL_CHECK_ERRNO(sigaction(SIGRTMIN, &sa, NULL));
	main_thread = pthread_self();
	RL_CHECK(pthread_create(&t, NULL, sender, NULL));
	for (int n = 0; n < SIGNALS; n++)
		take_job(n);
	RL_CHECK(pthread_join(t, NULL));

	/* SIGNALS jobs were waiting, main took SIGNALS and SIGNALS came. */
	printf("pending = %ld (expected %d)\n", pending, SIGNALS);
	if (pending != SIGNALS)
		rl_symptom("lost-update", "pending is %ld, expected %d: %ld jobs announced by the signal lost",
			   pending, SIGNALS, SIGNALS - pending);
	return 0;
}
