/* A program of two files: the balance lives here, the audit thread in
 * audit.c reads it with no lock while main deposits. */
#include <pthread.h>
#include <stdio.h>

long balance;
void *audit(void *arg);

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, audit, NULL);
	for (int i = 0; i < 1000; i++)
		balance += 10;	/* BUG */
	pthread_join(t, NULL);
	printf("%ld\n", balance);
	return 0;
}
