/* caveats_at_80 - a correct program that forks a child and reads its
 * input: explore says both in `partial:` lines, and on a terminal of 80
 * columns each wraps under its "partial: ", the header and the verdict
 * too (issue 19, item 17); in a pipe each stays one line.
 * explore: --schedules 20
 * status: 0
 * said: partial: the program forks
 * screen: 80
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int total;

static void *add(void *arg)
{
	pthread_mutex_lock(&lock);
	total += (int)(long)arg;
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	pthread_t t;
	char buf[16];
	pid_t pid;
	int status;

	pthread_create(&t, NULL, add, (void *)1L);
	add((void *)2L);
	pthread_join(t, NULL);
	pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, &status, 0);
	(void)!read(0, buf, sizeof buf);
	printf("%d\n", total);
	return total != 3;
}
