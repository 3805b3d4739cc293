/* waits_on_child - a correct program: one thread waits for a flag in a
 * loop of 1 s timed waits, another polls a second flag with
 * sched_yield(), while main waits in waitpid() for a child that sleeps
 * 20 ms, then sets both. While main is out in waitpid the model's clock
 * must not race ahead of real time: a timeout jumped to at once, again
 * and again, spent the step budget before the child woke, and every
 * schedule ended with no verdict.
 * explore: --schedules 20
 * status: 0
 * said: no bug in 20 schedules
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int done;
static atomic_int polled_done;

static void *timed_waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	while (!done) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		pthread_cond_timedwait(&c, &m, &ts);
	}
	pthread_mutex_unlock(&m);
	return NULL;
}

static void *poller(void *arg)
{
	(void)arg;
	while (!atomic_load(&polled_done))
		sched_yield();
	return NULL;
}

int main(void)
{
	pthread_t a, b;
	pid_t pid;
	int st;

	pthread_create(&a, NULL, timed_waiter, NULL);
	pthread_create(&b, NULL, poller, NULL);
	pid = fork();
	if (pid == 0) {
		usleep(20000);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return 2;
	pthread_mutex_lock(&m);
	done = 1;
	pthread_cond_signal(&c);
	pthread_mutex_unlock(&m);
	atomic_store(&polled_done, 1);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	puts("ok");
	return 0;
}
