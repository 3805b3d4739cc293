/* rwlock.c - an rwlock unlocked by a thread that does not hold it: DRD's
 * RwlockErr (Helgrind says nothing of it).
 */
#include "racelab.h"

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

int main(void)
{
	RL_CHECK(pthread_rwlock_rdlock(&rw));
	RL_CHECK(pthread_rwlock_unlock(&rw));
	pthread_rwlock_unlock(&rw);	/* @rwlock-unlocked */
	return 0;
}
