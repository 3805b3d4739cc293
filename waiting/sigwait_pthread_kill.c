/* racelab case: sigwait_pthread_kill
 * bug: none - a correct program that waits: main waits in sigwait for SIGUSR1 (blocked in every thread) and a worker sends it with pthread_kill after sleeping 0.5 s in usleep.
 * class: waiting
 * waits-in: rt_sigtimedwait (untimed)
 * symptom: none; it ends on its own in about 0.5 s.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHECK(call) do { int rc_ = (call); if (rc_ != 0) { \
	fprintf(stderr, "%s failed: %s\n", #call, strerror(rc_)); exit(1); } } while (0)

static pthread_t main_thread;

static void *sender(void *arg)
{
	(void)arg;
	usleep(500000);
	CHECK(pthread_kill(main_thread, SIGUSR1));
	return NULL;
}

int main(void)
{
	pthread_t t;
	sigset_t set;
	int sig = 0;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	/* blocked before the worker starts, so it inherits the mask */
	CHECK(pthread_sigmask(SIG_BLOCK, &set, NULL));
	main_thread = pthread_self();
	CHECK(pthread_create(&t, NULL, sender, NULL));
	CHECK(sigwait(&set, &sig));
	CHECK(pthread_join(t, NULL));
	if (sig != SIGUSR1) {
		fprintf(stderr, "got signal %d, expected SIGUSR1\n", sig);
		return 1;
	}
	printf("SIGUSR1 arrived\n");
	return 0;
}
