/* A correct program that only clang builds: gcc has no
 * __builtin_readcyclecounter, so gcc's TSan build fails and the tsan-gcc
 * run looks at nothing (compare_test: not a clean result). */
#include <pthread.h>
#include <stdio.h>

static void *work(void *arg)
{
	return arg;
}

int main(void)
{
	pthread_t t;
	unsigned long long c = __builtin_readcyclecounter();

	pthread_create(&t, NULL, work, NULL);
	pthread_join(t, NULL);
	printf("%d\n", c != 0 || c == 0);
	return 0;
}
