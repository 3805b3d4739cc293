/* One thread takes a then b, the other b then a: a lock-order inversion.
 * The second thread starts only after the first has finished, so the
 * program never hangs; the order is wrong all the same. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static int total;

static void *ab(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&a);
	pthread_mutex_lock(&b);	/* BUG */
	total++;
	pthread_mutex_unlock(&b);
	pthread_mutex_unlock(&a);
	return NULL;
}

static void *ba(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&b);
	pthread_mutex_lock(&a);	/* BUG */
	total++;
	pthread_mutex_unlock(&a);
	pthread_mutex_unlock(&b);
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, ab, NULL);
	pthread_join(t, NULL);
	pthread_create(&t, NULL, ba, NULL);
	pthread_join(t, NULL);
	printf("%d\n", total);
	return 0;
}
