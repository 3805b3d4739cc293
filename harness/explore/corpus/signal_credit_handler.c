/* signal_credit_handler - a producer thread grants the main thread credits by sending it a signal, whose handler adds one to a plain counter that main spends from with `credits -= 1`; a grant whose handler runs between main's load and its store is overwritten, and the credit is lost.
 * kind: other
 * bug: exit
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { GRANTS = 4, SPENDS = 8 };

/* volatile, so that each access is a real load or store; a handler
 * that interrupts a load-modify-store still loses its update. */
static volatile long credits = SPENDS;
static pthread_t main_thread;

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
		abort();
	}
}

static void on_grant(int sig)
{
	(void)sig;
	credits += 1;
}

static void *producer(void *arg)
{
	(void)arg;
	/* a real-time signal: four sent are four delivered, none merged */
	for (int i = 0; i < GRANTS; i++)
		check(pthread_kill(main_thread, SIGRTMIN), "pthread_kill");
	return NULL;
}

int main(void)
{
	struct sigaction sa;
	pthread_t t;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_grant;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGRTMIN, &sa, NULL) != 0) {
		perror("sigaction");
		return 2;
	}
	main_thread = pthread_self();
	check(pthread_create(&t, NULL, producer, NULL), "pthread_create");
	for (int i = 0; i < SPENDS; i++)
		credits -= 1;	/* BUG: a load and a store, with the signal unblocked */
	check(pthread_join(t, NULL), "pthread_join");
	if (credits != GRANTS) {
		fprintf(stderr, "credits = %ld, expected %d: %ld grants lost\n",
			(long)credits, GRANTS, GRANTS - (long)credits);
		return 1;
	}
	return 0;
}
