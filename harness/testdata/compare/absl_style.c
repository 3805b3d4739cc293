/* Annotated the way Abseil spells it (ABSL_GUARDED_BY, ABSL_LOCKABLE,
 * ABSL_EXCLUSIVE_LOCK_FUNCTION, ... from absl/base/thread_annotations.h),
 * defined here as that header defines them for clang, so the program
 * needs no Abseil: a job counter whose reset() forgets the lock. */
#include <pthread.h>
#include <stdio.h>

#define ABSL_THREAD_ANNOTATION_ATTRIBUTE__(x) __attribute__((x))
#define ABSL_LOCKABLE ABSL_THREAD_ANNOTATION_ATTRIBUTE__(lockable)
#define ABSL_GUARDED_BY(x) ABSL_THREAD_ANNOTATION_ATTRIBUTE__(guarded_by(x))
#define ABSL_EXCLUSIVE_LOCK_FUNCTION(...) \
	ABSL_THREAD_ANNOTATION_ATTRIBUTE__(exclusive_lock_function(__VA_ARGS__))
#define ABSL_UNLOCK_FUNCTION(...) \
	ABSL_THREAD_ANNOTATION_ATTRIBUTE__(unlock_function(__VA_ARGS__))
#define ABSL_NO_THREAD_SAFETY_ANALYSIS \
	ABSL_THREAD_ANNOTATION_ATTRIBUTE__(no_thread_safety_analysis)

/* ABSL_LOCKABLE marks a struct or class, as absl::Mutex is one. */
typedef struct ABSL_LOCKABLE {
	pthread_mutex_t m;
} mutex_t;

static void lock(mutex_t *mu) ABSL_EXCLUSIVE_LOCK_FUNCTION(*mu)
	ABSL_NO_THREAD_SAFETY_ANALYSIS
{
	pthread_mutex_lock(&mu->m);
}

static void unlock(mutex_t *mu) ABSL_UNLOCK_FUNCTION(*mu)
	ABSL_NO_THREAD_SAFETY_ANALYSIS
{
	pthread_mutex_unlock(&mu->m);
}

static mutex_t jobs_lock = { PTHREAD_MUTEX_INITIALIZER };
static long jobs ABSL_GUARDED_BY(jobs_lock);

static void *worker(void *arg)
{
	for (int i = 0; i < 100; i++) {
		lock(&jobs_lock);
		jobs++;
		unlock(&jobs_lock);
	}
	return arg;
}

static void reset(void)
{
	jobs = 0;	/* BUG: jobs_lock is not held */
}

int main(void)
{
	pthread_t t;
	long left;

	pthread_create(&t, NULL, worker, NULL);
	reset();
	pthread_join(t, NULL);
	lock(&jobs_lock);
	left = jobs;
	unlock(&jobs_lock);
	printf("%ld jobs\n", left);
	return 0;
}
