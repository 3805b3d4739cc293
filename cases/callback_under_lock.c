/* racelab case: callback_under_lock
 * bug: the sensor registry calls each listener with its lock held, so that
 *   the list cannot change under it. The listener that logs a reading asks
 *   the registry for the sensor's name - which takes the same lock again. A
 *   default mutex is not reentrant: the publishing thread waits for itself.
 * class: deadlock
 * concepts: mutex, callbacks, reentrancy, deadlock, lock scope, module boundaries
 * expect native: blind - the program hangs at the first reading, so its own check never runs
 * expect tsan: blind - TSan's deadlock detector skips a mutex the caller already owns (it takes that for recursion), and its "double lock" is for a mutex another thread holds; the re-lock just blocks
 * expect tsan-gcc: blind - TSan's deadlock detector skips a mutex the caller already owns (it takes that for recursion), and its "double lock" is for a mutex another thread holds; the re-lock just blocks
 * expect helgrind: mutex-misuse
 * expect drd: mutex-misuse
 * expect watchdog: deadlock
 * expect explore: deadlock
 * symptom: the program hangs at the first reading published, every run. Helgrind says "Attempt to re-lock a non-recursive lock I already hold" and DRD "Recursive locking not allowed" just before (the mutex is made with pthread_mutex_init(); one made with PTHREAD_MUTEX_INITIALIZER is of unknown kind to Helgrind, and it says nothing).
 * fix: publish() copies the listeners under the lock, lets go of it, and only then calls them: no callback runs with the registry's lock held.
 * hint: who holds the registry's lock while a listener runs, and what does the listener ask for?
 * hint: a callback is code you do not control: what may it call?
 */
#include <stdio.h>

#include "racelab.h"

enum { PUBLISHERS = 2, READINGS = 100, MAX_LISTENERS = 4 };

typedef void listener_fn(int sensor, long value);

static pthread_mutex_t registry_lock;	/* a default mutex: not reentrant */
static const char *sensor_names[] = { "boiler", "pump" };
static listener_fn *listeners[MAX_LISTENERS];
static int nlisteners;

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long logged, total;

/* The registry: subscribe, look a name up, publish a reading. */
static void subscribe(listener_fn *fn)
{
	rl_lock(&registry_lock);
	listeners[nlisteners++] = fn;
	rl_unlock(&registry_lock);
}

static void sensor_name(int sensor, char *buf, size_t len)
{
	rl_lock(&registry_lock);	/* racelab:mark relock */
	snprintf(buf, len, "%s", sensor_names[sensor]);
	rl_unlock(&registry_lock);
}

static void publish(int sensor, long value)
{
	rl_lock(&registry_lock);	/* racelab:mark first */
	for (int i = 0; i < nlisteners; i++)
		listeners[i](sensor, value);
	rl_unlock(&registry_lock);
}

/* Two listeners; the second calls back into the registry. */
static void add_to_total(int sensor, long value)
{
	(void)sensor;
	rl_lock(&stats_lock);
	total += value;
	rl_unlock(&stats_lock);
}

static void log_reading(int sensor, long value)
{
	char name[16];

	sensor_name(sensor, name, sizeof name);
	rl_lock(&stats_lock);
	logged += name[0] != '\0' && value >= 0;
	rl_unlock(&stats_lock);
}

static void *publisher(void *arg)
{
	int sensor = (int)(long)arg;

	for (int i = 0; i < READINGS; i++)
		publish(sensor, i);
	return NULL;
}

int main(void)
{
	pthread_t threads[PUBLISHERS];
	const long expected_total = (long)PUBLISHERS * READINGS * (READINGS - 1) / 2;

	RL_CHECK(pthread_mutex_init(&registry_lock, NULL));
	subscribe(add_to_total);
	subscribe(log_reading);
	for (long i = 0; i < PUBLISHERS; i++)
		RL_CHECK(pthread_create(&threads[i], NULL, publisher, (void *)i));
	for (int i = 0; i < PUBLISHERS; i++)
		RL_CHECK(pthread_join(threads[i], NULL));
	printf("%ld readings logged, total %ld\n", logged, total);
	if (logged != PUBLISHERS * READINGS || total != expected_total)
		rl_symptom("wrong-result", "%ld readings logged and total %ld, expected %d and %ld",
			   logged, total, PUBLISHERS * READINGS, expected_total);
	return 0;
}
