/* lockorder.c - a lock-order inversion that never hangs.
 *
 * Thread 1 takes a then b and finishes; only then does thread 2 take b
 * then a. The two orders never overlap in time, so the program always
 * completes, but TSan's lock graph gets the cycle a -> b -> a every run.
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static int balance;

static void *a_then_b(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&a);		/* ORDER-A1 */
	pthread_mutex_lock(&b);		/* ORDER-B1 */
	balance++;
	pthread_mutex_unlock(&b);
	pthread_mutex_unlock(&a);
	return NULL;
}

static void *b_then_a(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&b);		/* ORDER-B2 */
	pthread_mutex_lock(&a);		/* ORDER-A2 */
	balance--;
	pthread_mutex_unlock(&a);
	pthread_mutex_unlock(&b);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, a_then_b, NULL);	/* CREATE-T1 */
	pthread_join(t1, NULL);
	pthread_create(&t2, NULL, b_then_a, NULL);	/* CREATE-T2 */
	pthread_join(t2, NULL);
	printf("lockorder: balance=%d\n", balance);
	return 0;
}
