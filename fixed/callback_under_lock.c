/* racelab fix: callback_under_lock */
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
	rl_lock(&registry_lock);
	snprintf(buf, len, "%s", sensor_names[sensor]);
	rl_unlock(&registry_lock);
}

static void publish(int sensor, long value)
{
	listener_fn *copy[MAX_LISTENERS];
	int n;

	RL_CHECK(pthread_mutex_lock(&registry_lock));
	n = nlisteners;
	memcpy(copy, listeners, sizeof copy);
	RL_CHECK(pthread_mutex_unlock(&registry_lock));
	for (int i = 0; i < n; i++)	/* no lock held: they may call us */
		copy[i](sensor, value);
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
