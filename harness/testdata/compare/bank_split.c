/* A bank account written outside the catalogue: every access is under
 * the lock, but the check (read_balance) and the act (the withdrawal)
 * are two critical sections, so two clients can both pass the check on
 * the same balance. Only a search of the schedules finds it; compare
 * shows the schedule explore found it in. */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;

static int read_balance(void)
{
	pthread_mutex_lock(&m);
	int b = balance;
	pthread_mutex_unlock(&m);
	return b;
}

static void withdraw(int amount)
{
	if (read_balance() >= amount) {	/* the check ... */
		pthread_mutex_lock(&m);
		balance -= amount;	/* ... then the act, in another section */
		pthread_mutex_unlock(&m);
	}
}

static void *client(void *arg)
{
	(void)arg;
	for (int i = 0; i < 3; i++)
		withdraw(30);
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	pthread_create(&a, NULL, client, NULL);
	pthread_create(&b, NULL, client, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("balance %d\n", balance);
	assert(balance >= 0);	/* BUG: two clients passed one check */
	return 0;
}
