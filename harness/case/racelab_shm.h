/* racelab_shm.h - the page a case program shares with racelab's liveness
 * watchdog: per-thread progress and wait times, written by the program
 * (racelab.h), read by the harness (watchdog.c) while it runs and after. */
#ifndef RACELAB_SHM_H
#define RACELAB_SHM_H

#include <stdint.h>

#define RL_SHM_MAGIC 0x72616365u	/* "race" */
#define RL_SHM_SLOTS 64
#define RL_SHM_SIZE 8192

struct rl_shm_slot {
	uint64_t tid;		/* the thread that claimed the slot */
	uint64_t progress;	/* rl_progress() calls */
	uint64_t wait_start_ns;	/* CLOCK_MONOTONIC; 0 when not waiting */
	uint64_t waits;		/* completed waits (lock acquisitions) */
	uint64_t max_wait_ns;
	uint64_t total_wait_ns;
	uint64_t wait_lo, wait_hi;	/* what it is about to sleep on */
	uint64_t wait2_lo, wait2_hi;	/* and a second (cond_wait's mutex) */
	char name[16];		/* rl_thread_name() */
	/* pthread_mutex_trylock() calls that found the lock taken, and that
	 * took it: threads that keep failing and none taking is a livelock
	 * the watchdog sees without progress marks */
	uint64_t tries_failed;
	uint64_t tries_won;
};

struct rl_shm {
	uint32_t magic;
	uint32_t nslots;	/* slots claimed */
	uint64_t progress;	/* all threads' rl_progress() calls */
	uint32_t uses_progress;	/* the program marks progress at all */
	uint32_t pad;
	struct rl_shm_slot slot[RL_SHM_SLOTS];
};

#endif
