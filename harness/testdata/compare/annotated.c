/* A bank account whose balance is annotated as guarded by its lock
 * (thread_safety.h): withdraw() forgets the lock. clang's static
 * thread-safety analysis sees it at compile time without running it;
 * TSan and Valgrind's tools see it when two threads run it. */
#include <pthread.h>
#include <stdio.h>

#include "thread_safety.h"

static ts_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long balance GUARDED_BY(lock) = 1000;

static void deposit(long amount)
{
	ts_mutex_lock(&lock);
	balance += amount;
	ts_mutex_unlock(&lock);
}

static void withdraw(long amount)
{
	balance -= amount;	/* BUG: the lock is not held */
}

static void *customer(void *arg)
{
	for (int i = 0; i < 100; i++) {
		withdraw(2);
		deposit(1);
	}
	return arg;
}

int main(void)
{
	pthread_t a, b;

	pthread_create(&a, NULL, customer, NULL);
	pthread_create(&b, NULL, customer, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	ts_mutex_lock(&lock);
	printf("balance %ld\n", balance);
	ts_mutex_unlock(&lock);
	return 0;
}
