/* lock_cycle_three - fixed: every station takes the two queue locks in index order, so no cycle can form.
 * kind: deadlock
 * bug: deadlock
 * plain-rate: 0 of 1000 runs (bench/explore_corpus_rates.sh)
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { STATIONS = 3, PASSES = 2 };

static pthread_mutex_t queue_lock[STATIONS] = {
	PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER
};
static int items[STATIONS] = { 4, 4, 4 };

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
		abort();
	}
}

/* Moves one item from station `me` to its neighbour. */
static void *station(void *arg)
{
	int me = (int)(long)arg;
	int right = (me + 1) % STATIONS;
	int first = me < right ? me : right, second = me < right ? right : me;
	for (int i = 0; i < PASSES; i++) {
		check(pthread_mutex_lock(&queue_lock[first]), "pthread_mutex_lock");
		check(pthread_mutex_lock(&queue_lock[second]), "pthread_mutex_lock");
		items[me]--;
		items[right]++;
		check(pthread_mutex_unlock(&queue_lock[second]), "pthread_mutex_unlock");
		check(pthread_mutex_unlock(&queue_lock[first]), "pthread_mutex_unlock");
	}
	return NULL;
}

int main(void)
{
	pthread_t t[STATIONS];
	for (long i = 0; i < STATIONS; i++)
		check(pthread_create(&t[i], NULL, station, (void *)i), "pthread_create");
	for (int i = 0; i < STATIONS; i++)
		check(pthread_join(t[i], NULL), "pthread_join");
	assert(items[0] + items[1] + items[2] == 12);
	return 0;
}
