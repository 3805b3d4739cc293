/* racelab fix: rwlock_writer_starved
 * fairness: min-jain 0.8
 */
#define _GNU_SOURCE	/* pthread_rwlockattr_setkind_np */
#include <stdio.h>

#include "racelab.h"

enum { READERS = 2, ROUNDS = 200 };

static pthread_rwlock_t config_lock;
static int config_version;	/* what the writer updates */
static long reads[READERS];
static pthread_mutex_t left_lock = PTHREAD_MUTEX_INITIALIZER;
static int readers_left = READERS;

/* rl_window() holds each round until the other reader holds the lock too
 * and the writer is asleep waiting for it; then one reader lets go and
 * takes the lock again while the other keeps it. */
static void *reader(void *arg)
{
	long me = (long)arg;
	char name[16];

	snprintf(name, sizeof name, "reader %ld", me);
	rl_thread_name(name);
	rl_rdlock(&config_lock);
	rl_window();
	for (int i = 0; i < ROUNDS; i++) {
		rl_window();
		if (i % READERS == me) {
			rl_rwunlock(&config_lock);
			rl_rdlock(&config_lock);	/* racelab:mark reader */
		}
		reads[me] += config_version;
		rl_progress();
	}
	rl_window();		/* both still inside: they leave together */
	rl_lock(&left_lock);
	readers_left--;
	rl_unlock(&left_lock);
	rl_rwunlock(&config_lock);
	rl_worker_done();
	return NULL;
}

/* Publishes an update each time the readers are inside, for as long as
 * anyone reads. */
static void *writer(void *arg)
{
	int reading = 1;

	(void)arg;
	rl_thread_name("writer");
	while (reading) {
		rl_window();	/* the readers are inside */
		rl_wrlock(&config_lock);	/* racelab:mark writer */
		rl_lock(&left_lock);
		reading = readers_left > 0;
		rl_unlock(&left_lock);
		if (reading) {
			config_version++;
			rl_progress();
		}
		rl_rwunlock(&config_lock);
	}
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t threads[READERS + 1];
	pthread_rwlockattr_t attr;

	rl_marks_progress();
	RL_CHECK(pthread_rwlockattr_init(&attr));
	RL_CHECK(pthread_rwlockattr_setkind_np(
		&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP));
	RL_CHECK(pthread_rwlock_init(&config_lock, &attr));
	RL_CHECK(pthread_rwlockattr_destroy(&attr));
	rl_window_init(READERS + 1);
	for (long i = 0; i < READERS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, reader, (void *)i));
	RL_CHECK(pthread_create(&threads[READERS], NULL, writer, NULL));
	for (int i = 0; i <= READERS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	RL_CHECK(pthread_rwlock_destroy(&config_lock));
	printf("%d updates published while the readers read %d rounds each\n",
	       config_version, ROUNDS);
	return 0;
}
