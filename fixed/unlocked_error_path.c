/* racelab fix: unlocked_error_path */
#include <stdio.h>
#include <string.h>

#include "racelab.h"
#include "thread_safety.h"

enum { CLIENTS = 2, REQUESTS = 50 };

static ts_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long served GUARDED_BY(stats_lock);
static long rejected GUARDED_BY(stats_lock);

/* A request is "GET key"; anything else is rejected. */
static void serve(const char *request)
{
	ts_mutex_lock(&stats_lock);
	if (strncmp(request, "GET ", 4) != 0) {
		served++;
		rejected++;
		ts_mutex_unlock(&stats_lock);
		return;
	}
	served++;
	ts_mutex_unlock(&stats_lock);
}

static void *client(void *arg)
{
	const char *request = arg;

	for (int i = 0; i < REQUESTS; i++)
		serve(request);
	return NULL;
}

int main(void)
{
	static const char *requests[CLIENTS] = { "GET alpha", "GET beta" };
	pthread_t threads[CLIENTS];
	long total, bad;

	for (int i = 0; i < CLIENTS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, client, (void *)requests[i]));
	for (int i = 0; i < CLIENTS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	ts_mutex_lock(&stats_lock);
	total = served;
	bad = rejected;
	ts_mutex_unlock(&stats_lock);
	printf("%ld requests served, %ld rejected\n", total, bad);
	if (total != (long)CLIENTS * REQUESTS)
		rl_symptom("lost-update", "%ld requests served, expected %ld",
			   total, (long)CLIENTS * REQUESTS);
	return 0;
}
