/* plain.c - a race on an unannotated counter with plain pthread calls, and
 * a guarded_by naming a plain pthread_mutex_t: the analysis sees no race
 * (it checks annotations, and there are none), only that the annotation
 * names something that is not a capability.
 */
#include "racelab.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static long guarded __attribute__((guarded_by(m)));	/* @not-a-capability */

static void *worker(void *arg)
{
	counter++;	/* a race nobody annotated */
	pthread_mutex_lock(&m);
	guarded++;
	pthread_mutex_unlock(&m);
	return arg;
}

int main(void)
{
	pthread_t t;

	RL_CHECK(pthread_create(&t, NULL, worker, NULL));
	counter++;
	RL_CHECK(pthread_join(t, NULL));
	return 0;
}
