/* racelab fix: signal_unsafe_handler */
#include <signal.h>
#include <stdio.h>

#include "racelab.h"

enum { SIGNALS = 1 };

/* ---- forcing: the signal arrives at the bad point ----
 * A sender thread sends SIGUSR1 to main once main says it is at the bad
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
	rl_event_post(&at_bad_point[n]);
	while (__atomic_load_n(&arrivals, __ATOMIC_RELAXED) <= n &&
	       !waits_blocked(SIGUSR1))
		sched_yield();
}

static void *sender(void *arg)
{
	(void)arg;
	for (int n = 0; n < SIGNALS; n++) {
		rl_event_wait(&at_bad_point[n]);
		RL_CHECK(pthread_kill(main_thread, SIGUSR1));
	}
	return NULL;
}

/* ---- the program ---- */

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int reloads;	/* reload requests logged */
static volatile sig_atomic_t reload_requested;	/* set by the handler */

/* One line to the log, whole: formatted first, written under the lock. */
static void log_line(const char *what)
{
	size_t len = strlen(what) + 8;
	char *line = malloc(len);	/* racelab:mark malloc */

	if (!line)
		return;
	snprintf(line, len, "log: %s\n", what);
	pthread_mutex_lock(&log_lock);	/* racelab:mark lock */
	fputs(line, stdout);
	pthread_mutex_unlock(&log_lock);
	free(line);
}

/* SIGUSR1: reload the configuration. */
static void on_reload(int sig)
{
	(void)sig;
	signal_arrived();
	reload_requested = 1;	/* racelab:mark handler-logs */
}

/* Main's status line, in two parts: the lock keeps them together. */
static void report_status(void)
{
	pthread_mutex_lock(&log_lock);	/* racelab:mark held */
	printf("status: ");
	signal_arrives_here(0);
	printf("ok\n");
	pthread_mutex_unlock(&log_lock);
}

int main(void)
{
	struct sigaction sa;
	pthread_t t;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_reload;
	RL_CHECK_ERRNO(sigemptyset(&sa.sa_mask));
	RL_CHECK_ERRNO(sigaction(SIGUSR1, &sa, NULL));
	main_thread = pthread_self();
	RL_CHECK(pthread_create(&t, NULL, sender, NULL));
	report_status();
	if (reload_requested) {
		reload_requested = 0;
		log_line("reload requested");
		reloads++;
	}
	RL_CHECK(pthread_join(t, NULL));

	printf("%d reload(s) logged (expected %d)\n", reloads, SIGNALS);
	if (reloads != SIGNALS)
		rl_symptom("wrong-result", "%d reload request(s) logged, expected %d",
			   reloads, SIGNALS);
	return 0;
}
