/* watchdog_test.c - the page shared with a program (case/racelab_shm.h), as
 * a hostile program may leave it: cut short, filled with 0xFF, replaced,
 * names with no end, counts beyond the run. The watchdog must never crash
 * on it (it used to map the file: a cut file was SIGBUS), must not report
 * what it cannot trust, and must say the page was damaged.
 *
 * Each test makes the page with rl_watchdog_init, writes it as the program
 * would (through a descriptor of its own), and reads it back the way a
 * run does: rl_watchdog_observe while the "program" (this test) runs, then
 * rl_watchdog_fairness after.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "case/racelab_shm.h"
#include "watchdog.h"
#include "runner.h"
#include "testutil.h"

static char dir[512], path[600];

static void make_dir(void)
{
	const char *tmp = getenv("TEST_TMPDIR");

	snprintf(dir, sizeof dir, "%s/watchdog_test.XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(2);
	}
	snprintf(path, sizeof path, "%s/shm", dir);
}

/* A fresh watchdog with its page, and the program's descriptor of it. */
static int start(struct rl_watchdog *o)
{
	int fd;

	unlink(path);
	rl_watchdog_init(o, dir, 1, RL_ATTACH_GDB, path);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		perror(path);
		exit(2);
	}
	return fd;
}

static void put(int fd, const void *p, size_t len, off_t at)
{
	if (pwrite(fd, p, len, at) != (ssize_t)len) {
		perror("pwrite");
		exit(2);
	}
}

/* A page as racelab.h writes it: n threads, names, progress, waits. */
static void good_page(struct rl_shm *p, uint32_t n)
{
	memset(p, 0, sizeof *p);
	p->magic = RL_SHM_MAGIC;
	p->nslots = n;
	p->uses_progress = 1;
	for (uint32_t i = 0; i < n && i < RL_SHM_SLOTS; i++) {
		p->slot[i].tid = 1000 + i;
		p->slot[i].progress = i + 1 == n ? 0 : 100;	/* the last starves */
		p->slot[i].waits = 3;
		p->slot[i].max_wait_ns = i + 1 == n ? 500000000 : 1000000;
		p->slot[i].total_wait_ns = p->slot[i].max_wait_ns * 2;
		snprintf(p->slot[i].name, sizeof p->slot[i].name, "worker %u", i);
	}
	p->progress = 100ull * (n - 1);
}

/* One look while the program runs (this test is the program: running,
 * never hung), then the verdict after; the headline of the one finding
 * (NULL when there is none). */
static const char *judge(struct rl_watchdog *o)
{
	struct rl_fairness fair = { 100, 0.9 };

	rl_watchdog_observe(getpid(), 0.01, o);
	rl_watchdog_fairness(o, &fair);
	if (o->findings.n != 1)
		return NULL;
	return o->findings.v[0].headline;
}

static int has(const char *s, const char *part)
{
	if (s && strstr(s, part))
		return 1;
	fprintf(stderr, "  \"%s\" is not in \"%s\"\n", part, s ? s : "(null)");
	return 0;
}

static int damaged(const struct rl_watchdog *o)
{
	return o->findings.n == 1 &&
	       o->findings.v[0].category == RL_CAT_OTHER &&
	       has(o->findings.v[0].headline,
		   "the program damaged the page racelab shares with it");
}

/* ---- a page that holds ---- */

static void test_no_page(void)
{
	struct rl_watchdog o;
	struct rl_fairness fair = { 100, 0.9 };

	rl_watchdog_init(&o, dir, 1, RL_ATTACH_GDB, NULL);
	rl_watchdog_observe(getpid(), 0.01, &o);
	rl_watchdog_fairness(&o, &fair);
	CHECK_INT(o.findings.n, 0);
	CHECK_INT(rl_watchdog_marks_progress(&o), 0);
	rl_watchdog_free(&o);
}

/* A program without racelab.h leaves it all zero: nothing to say. */
static void test_unused_page(void)
{
	struct rl_watchdog o;
	int fd = start(&o);

	CHECK(judge(&o) == NULL);
	CHECK_INT(o.findings.n, 0);
	CHECK_INT(rl_watchdog_marks_progress(&o), 0);
	close(fd);
	rl_watchdog_free(&o);
}

static void test_starvation(void)
{
	struct rl_watchdog o;
	struct rl_shm p;
	int fd = start(&o);
	const char *head;

	good_page(&p, 3);
	put(fd, &p, sizeof p, 0);
	head = judge(&o);
	CHECK(has(head, "starvation: kernel thread 1002 (worker 2) waited 500.0 ms"));
	CHECK(has(head, "index of their progress 0.67 over 3 threads"));
	CHECK_INT(o.findings.v[0].category, RL_CAT_STARVATION);
	CHECK_INT(rl_watchdog_marks_progress(&o), 1);
	close(fd);
	rl_watchdog_free(&o);
}

/* Threads the watchdog saw are named as the other detectors name them,
 * by creation order (main, thread 1, thread 2), not by the kernel's id;
 * a thread it never saw keeps the kernel's id, said as such. */
static pthread_barrier_t named_up, named_down;
static pid_t named_tid[2];

static void *named_thread(void *arg)
{
	named_tid[(intptr_t)arg] = gettid();
	pthread_barrier_wait(&named_up);
	pthread_barrier_wait(&named_down);
	return NULL;
}

static void test_threads_by_creation_order(void)
{
	struct rl_watchdog o;
	struct rl_shm p;
	pthread_t t[2];
	int fd = start(&o);

	pthread_barrier_init(&named_up, NULL, 3);
	pthread_barrier_init(&named_down, NULL, 3);
	for (intptr_t i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, named_thread, (void *)i);
	pthread_barrier_wait(&named_up);
	good_page(&p, 3);
	p.slot[0].tid = (uint64_t)getpid();
	p.slot[1].tid = (uint64_t)named_tid[0];
	p.slot[2].tid = (uint64_t)named_tid[1];	/* the one that starves */
	put(fd, &p, sizeof p, 0);
	CHECK(has(judge(&o), "starvation: thread 2 (worker 2) waited"));
	p.slot[2].tid = (uint64_t)getpid();
	p.slot[0].tid = (uint64_t)named_tid[1];
	put(fd, &p, sizeof p, 0);
	rl_findings_free(&o.findings);
	CHECK(has(judge(&o), "starvation: main (worker 2) waited"));
	pthread_barrier_wait(&named_down);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	close(fd);
	rl_watchdog_free(&o);
}

/* More threads than slots: nslots counts every claim, the slots hold. */
static void test_more_threads_than_slots(void)
{
	struct rl_watchdog o;
	struct rl_shm p;
	int fd = start(&o);

	good_page(&p, RL_SHM_SLOTS);
	p.nslots = 100;
	p.slot[RL_SHM_SLOTS - 1].progress = 0;
	put(fd, &p, sizeof p, 0);
	CHECK(has(judge(&o), "over 64 threads"));
	CHECK_INT(o.findings.v[0].category, RL_CAT_STARVATION);
	close(fd);
	rl_watchdog_free(&o);
}

/* A name of bytes that are not printable is shown with '?'. */
static void test_unprintable_name(void)
{
	struct rl_watchdog o;
	struct rl_shm p;
	int fd = start(&o);

	good_page(&p, 2);
	memcpy(p.slot[1].name, "\xff\xfe\x01x", 5);
	put(fd, &p, sizeof p, 0);
	CHECK(has(judge(&o), "kernel thread 1001 (???x) waited"));
	close(fd);
	rl_watchdog_free(&o);
}

/* The program replaces the file: racelab reads the one it made. */
static void test_replaced_file(void)
{
	struct rl_watchdog o;
	struct rl_shm p;
	int fd = start(&o), other;
	char junk[RL_SHM_SIZE];

	good_page(&p, 3);
	put(fd, &p, sizeof p, 0);
	unlink(path);
	other = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	memset(junk, 0xff, sizeof junk);
	CHECK(other >= 0);
	if (other >= 0) {
		put(other, junk, sizeof junk, 0);
		close(other);
	}
	CHECK(has(judge(&o), "starvation: kernel thread 1002 (worker 2)"));
	close(fd);
	rl_watchdog_free(&o);
}

/* ---- a page the program damaged ---- */

/* Cut to 64 bytes with every slot claimed (a mapping of it was SIGBUS
 * past the first 4 KiB), then to nothing (SIGBUS on the magic number). */
static void test_truncated(void)
{
	struct rl_watchdog o;
	struct rl_shm p;
	int fd = start(&o);

	good_page(&p, RL_SHM_SLOTS);
	put(fd, &p, sizeof p, 0);
	CHECK_INT(ftruncate(fd, 64), 0);
	rl_watchdog_observe(getpid(), 0.01, &o);
	CHECK_INT(ftruncate(fd, 0), 0);
	rl_watchdog_observe(getpid(), 0.02, &o);
	CHECK(judge(&o) != NULL);
	CHECK(damaged(&o));
	CHECK(has(o.findings.v[0].headline, "it was cut to 64 bytes"));
	CHECK_INT(rl_watchdog_marks_progress(&o), 0);
	close(fd);
	rl_watchdog_free(&o);
}

/* Cut to nothing before the first look. */
static void test_emptied(void)
{
	struct rl_watchdog o;
	int fd = start(&o);

	CHECK_INT(ftruncate(fd, 0), 0);
	judge(&o);
	CHECK(damaged(&o));
	CHECK(has(o.findings.v[0].headline, "it was cut to 0 bytes"));
	close(fd);
	rl_watchdog_free(&o);
}

/* The magic number kept, everything else 0xFF. */
static void test_filled(void)
{
	struct rl_watchdog o;
	unsigned char page[RL_SHM_SIZE];
	uint32_t magic = RL_SHM_MAGIC;
	int fd = start(&o);

	memset(page, 0xff, sizeof page);
	memcpy(page, &magic, sizeof magic);
	put(fd, page, sizeof page, 0);
	judge(&o);
	CHECK(damaged(&o));
	CHECK(o.findings.n && !strstr(o.findings.v[0].headline,
				      "18446744073709551615"));
	CHECK_INT(rl_watchdog_marks_progress(&o), 0);
	close(fd);
	rl_watchdog_free(&o);
}

static void test_wrong_magic(void)
{
	struct rl_watchdog o;
	struct rl_shm p;
	int fd = start(&o);

	good_page(&p, 3);
	p.magic = 0xdeadbeef;
	put(fd, &p, sizeof p, 0);
	judge(&o);
	CHECK(damaged(&o));
	CHECK(has(o.findings.v[0].headline, "magic number is 0xdeadbeef"));
	close(fd);
	rl_watchdog_free(&o);
}

static void test_bad_tid(void)
{
	struct rl_watchdog o;
	struct rl_shm p;
	int fd = start(&o);

	good_page(&p, 3);
	p.slot[1].tid = UINT64_MAX;
	put(fd, &p, sizeof p, 0);
	judge(&o);
	CHECK(damaged(&o));
	CHECK(has(o.findings.v[0].headline,
		  "slot 1 holds thread id 18446744073709551615, which no thread has"));
	close(fd);
	rl_watchdog_free(&o);
}

static void test_endless_name(void)
{
	struct rl_watchdog o;
	struct rl_shm p;
	int fd = start(&o);

	good_page(&p, 3);
	memset(p.slot[2].name, 'A', sizeof p.slot[2].name);
	put(fd, &p, sizeof p, 0);
	judge(&o);
	CHECK(damaged(&o));
	CHECK(has(o.findings.v[0].headline, "slot 2 holds a name of more than 15 bytes"));
	close(fd);
	rl_watchdog_free(&o);
}

static void test_wait_longer_than_run(void)
{
	struct rl_watchdog o;
	struct rl_shm p;
	int fd = start(&o);

	good_page(&p, 3);
	p.slot[0].max_wait_ns = 3600ull * 1000000000;
	p.slot[0].total_wait_ns = p.slot[0].max_wait_ns;
	put(fd, &p, sizeof p, 0);
	judge(&o);
	CHECK(damaged(&o));
	CHECK(has(o.findings.v[0].headline, "waited 3600000 ms, longer than the run"));
	close(fd);
	rl_watchdog_free(&o);
}

static void test_count_beyond_run(void)
{
	struct rl_watchdog o;
	struct rl_shm p;
	int fd = start(&o);

	good_page(&p, 3);
	p.slot[1].progress = UINT64_MAX / 2;
	put(fd, &p, sizeof p, 0);
	judge(&o);
	CHECK(damaged(&o));
	CHECK(has(o.findings.v[0].headline, "steps of progress in a run of"));
	close(fd);
	rl_watchdog_free(&o);
}

/* Once damaged, a page mended later is not believed. */
static void test_damage_sticks(void)
{
	struct rl_watchdog o;
	struct rl_shm p;
	int fd = start(&o);
	uint32_t bad = 7;

	good_page(&p, 3);
	put(fd, &p, sizeof p, 0);
	put(fd, &bad, sizeof bad, 0);
	rl_watchdog_observe(getpid(), 0.01, &o);
	put(fd, &p, sizeof p, 0);
	judge(&o);
	CHECK(damaged(&o));
	CHECK(has(o.findings.v[0].headline, "magic number is 0x00000007"));
	close(fd);
	rl_watchdog_free(&o);
}

/* An watchdog never started (a run that failed before it) is freed without
 * closing a descriptor it does not have (0 in a zeroed struct). */
static void test_free_unstarted(void)
{
	struct rl_watchdog o;
	int null = open("/dev/null", O_RDONLY);

	if (null < 0 || dup2(null, 0) != 0) {
		perror("/dev/null");
		exit(2);
	}
	close(null);
	memset(&o, 0, sizeof o);
	rl_watchdog_free(&o);
	CHECK(fcntl(0, F_GETFD) != -1);
	rl_watchdog_free(&o);	/* twice is harmless */
}

/* Spends s seconds of this thread's CPU: the "program" spins. */
static void burn_cpu(double s)
{
	struct timespec t;
	double start, now;
	volatile unsigned long spin = 0;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	start = t.tv_sec + t.tv_nsec / 1e9;
	do {
		for (int i = 0; i < 100000; i++)
			spin++;
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
		now = t.tv_sec + t.tv_nsec / 1e9;
	} while (now - start < s);
}

/* No progress marks; threads whose trylocks keep failing while none
 * succeeds, with CPU spent for a second: a livelock. One failing thread
 * (busy waiting on a lock another holds), or a trylock that succeeds in
 * the window (someone got past), is none. */
static void test_trylock_livelock(void)
{
	struct rl_watchdog o;
	struct rl_shm p;
	int fd = start(&o);

	good_page(&p, 3);
	p.uses_progress = 0;
	p.progress = 0;
	for (int i = 0; i < 3; i++)
		p.slot[i].progress = 0;
	put(fd, &p, sizeof p, 0);
	CHECK(rl_watchdog_observe(getpid(), 0.01, &o) != RL_OBSERVE_STOP);
	p.slot[0].tries_failed = 400;
	p.slot[1].tries_failed = 300;
	put(fd, &p, sizeof p, 0);
	burn_cpu(0.35);
	CHECK(rl_watchdog_observe(getpid(), 0.5, &o) != RL_OBSERVE_STOP);	/* too soon */
	CHECK_INT(o.findings.n, 0);
	CHECK_INT(rl_watchdog_observe(getpid(), 1.2, &o), RL_OBSERVE_STOP);
	CHECK_INT(o.findings.n, 1);
	if (o.findings.n == 1) {
		CHECK_INT(o.findings.v[0].category, RL_CAT_LIVELOCK);
		CHECK(has(o.findings.v[0].headline,
			  "livelock: 2 threads keep taking a lock and letting it go when pthread_mutex_trylock() finds the next one taken"));
		CHECK(has(o.findings.v[0].headline, "700 tries failed"));
	}
	close(fd);
	rl_watchdog_free(&o);

	/* one thread failing: busy waiting, not a livelock */
	fd = start(&o);
	p.slot[0].tries_failed = p.slot[1].tries_failed = 0;
	put(fd, &p, sizeof p, 0);
	rl_watchdog_observe(getpid(), 0.01, &o);
	p.slot[0].tries_failed = 5000;
	put(fd, &p, sizeof p, 0);
	burn_cpu(0.35);
	CHECK(rl_watchdog_observe(getpid(), 1.2, &o) != RL_OBSERVE_STOP);
	CHECK_INT(o.findings.n, 0);
	close(fd);
	rl_watchdog_free(&o);

	/* a trylock that succeeds: someone got past, the count starts again */
	fd = start(&o);
	p.slot[0].tries_failed = 0;
	put(fd, &p, sizeof p, 0);
	rl_watchdog_observe(getpid(), 0.01, &o);
	p.slot[0].tries_failed = 400;
	p.slot[1].tries_failed = 300;
	p.slot[2].tries_won = 1;
	put(fd, &p, sizeof p, 0);
	burn_cpu(0.35);
	CHECK(rl_watchdog_observe(getpid(), 1.2, &o) != RL_OBSERVE_STOP);
	CHECK_INT(o.findings.n, 0);
	close(fd);
	rl_watchdog_free(&o);
}

int main(void)
{
	static const struct rl_test tests[] = {
		RL_TEST(test_no_page),
		RL_TEST(test_unused_page),
		RL_TEST(test_starvation),
		RL_TEST(test_threads_by_creation_order),
		RL_TEST(test_more_threads_than_slots),
		RL_TEST(test_unprintable_name),
		RL_TEST(test_replaced_file),
		RL_TEST(test_truncated),
		RL_TEST(test_emptied),
		RL_TEST(test_filled),
		RL_TEST(test_wrong_magic),
		RL_TEST(test_bad_tid),
		RL_TEST(test_endless_name),
		RL_TEST(test_wait_longer_than_run),
		RL_TEST(test_count_beyond_run),
		RL_TEST(test_damage_sticks),
		RL_TEST(test_free_unstarted),
		RL_TEST(test_trylock_livelock),
	};

	make_dir();
	return RL_RUN_TESTS(tests);
}
