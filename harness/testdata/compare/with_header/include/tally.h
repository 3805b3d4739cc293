/* tally.h - a counter shared by workers; its users must hold its lock. */
#ifndef TALLY_H
#define TALLY_H

#include <pthread.h>

struct tally {
	pthread_mutex_t lock;
	long hits;
	long misses;
};

static inline void tally_hit(struct tally *t)
{
	pthread_mutex_lock(&t->lock);
	t->hits++;
	pthread_mutex_unlock(&t->lock);
}

/* BUG: no lock */
static inline void tally_miss(struct tally *t)
{
	t->misses++;	/* BUG */
}

#endif
