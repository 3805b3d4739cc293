/* A worker returns with its lock still held: nobody can take it again. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int value;

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);	/* BUG */
	value = 42;
	return NULL;	/* forgot pthread_mutex_unlock */
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	pthread_join(t, NULL);
	printf("%d\n", value);
	return 0;
}
