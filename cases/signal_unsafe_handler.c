/* racelab case: signal_unsafe_handler
 * bug: a SIGUSR1 handler ("reload the configuration") logs the request
 *   with log_line(), which formats the line into a malloc()ed buffer and
 *   writes it under the log mutex. The signal comes while main writes its
 *   status line, holding that mutex: the handler runs on main's own
 *   thread, and waits for a mutex held by the very code it interrupted,
 *   which cannot go on until the handler returns. Neither malloc() nor
 *   pthread_mutex_lock() is async-signal-safe.
 * class: deadlock
 * concepts: signals, async-signal-safety, reentrancy, sig_atomic_t, self-deadlock
 * expect native: blind - the program hangs, so its own check never runs
 * expect tsan: signal-misuse - "signal-unsafe call inside of a signal": malloc() in the handler
 * expect tsan-gcc: signal-misuse - "signal-unsafe call inside of a signal": malloc() in the handler
 * expect helgrind: blind - the handler does re-lock the mutex its own thread holds, but Helgrind 3.19 takes a mutex it never saw initialised (PTHREAD_MUTEX_INITIALIZER) for a maybe-recursive one and does not report re-locking it (with pthread_mutex_init it says "Attempt to re-lock a non-recursive lock I already hold"); the hang that follows it does not report
 * expect drd: mutex-misuse - "Recursive locking not allowed": the handler locks the log mutex its own thread already holds (DRD, unlike Helgrind, knows a statically initialised mutex is not recursive); the hang that follows it does not report
 * expect watchdog: deadlock
 * expect thread-safety: blind - clang's analysis checks annotations (GUARDED_BY, REQUIRES, ACQUIRE: harness/case/thread_safety.h), and this program has none; nor does it know which functions a signal handler may reach
 * expect explore: deadlock
 * symptom: the program hangs, every run: main sleeps, inside the handler, on the log mutex that main itself holds.
 * fix: the handler only sets a flag (volatile sig_atomic_t) and returns; main looks at the flag after each line it writes and logs the request itself, outside any handler.
 * hint: which thread runs a signal handler, and what was that thread in the middle of?
 * hint: `man 7 signal-safety`: which functions may a handler call? Are malloc() and pthread_mutex_lock() among them?
 * hint: what is the least a handler can do, and who does the rest?
 */
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
	log_line("reload requested");	/* racelab:mark handler-logs */
	reloads++;
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
	RL_CHECK(pthread_join(t, NULL));

	printf("%d reload(s) logged (expected %d)\n", reloads, SIGNALS);
	if (reloads != SIGNALS)
		rl_symptom("wrong-result", "%d reload request(s) logged, expected %d",
			   reloads, SIGNALS);
	return 0;
}
