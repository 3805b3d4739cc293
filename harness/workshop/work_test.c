/* work_test.c - who does an exercise's work (work.h): the judge on
 * counts written here, then real runs of explore builds: the reference
 * fix of counter_increment_loop, a copy whose threads are decoys while
 * main does every update, one whose threads each write once while main
 * does the rest, one whose threads take turns, and a fix that keeps a
 * local sum per thread.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/build.h"
#include "harness/runner.h"
#include "harness/testutil.h"
#include "work.h"

static const char *tmp(void)
{
	const char *t = getenv("TEST_TMPDIR");

	return t ? t : "/tmp";
}

static void judge_counts(void)
{
	struct rl_work ref = { .ok = 1 }, copy = { .ok = 1 };
	char why[400], ref_why[400];

	rl_work_add(&ref, "counter", 0, 30000, 3, 0);
	rl_work_add(&ref, "counter+0", 0, 10000, 4, 0);	/* one variable */
	rl_work_add(&ref, "rl_window_word_", 0, 9, 4, 0);	/* racelab's own */
	rl_work_add(&ref, "done", 1, 0, 0, 0);		/* main's */
	CHECK_INT(ref.n, 3);
	CHECK(ref.v[0].threads == 40000 && ref.v[0].writers == 4);

	/* main does it all */
	rl_work_add(&copy, "counter", 40000, 0, 0, 0);
	CHECK_INT(rl_work_judge(&copy, &ref, 4, why, sizeof why, ref_why, sizeof ref_why),
		  RL_WORK_DECOY);
	CHECK_STR(why, "the 4 threads you start never write `counter`: main makes all 40000 writes");
	CHECK_STR(ref_why, "in the reference fix, 4 threads make all 40000 writes to `counter`");

	/* a write each from the decoys: still main's work */
	memset(&copy, 0, sizeof copy);
	copy.ok = 1;
	rl_work_add(&copy, "counter", 40000, 4, 4, 0);
	CHECK_INT(rl_work_judge(&copy, &ref, 4, why, sizeof why, ref_why, sizeof ref_why),
		  RL_WORK_DECOY);
	CHECK_STR(why, "the threads you start make 4 of the 40004 writes to `counter`: main makes the rest");

	/* a local sum per thread, added once: the threads' work */
	memset(&copy, 0, sizeof copy);
	copy.ok = 1;
	rl_work_add(&copy, "counter", 0, 4, 4, 0);
	CHECK_INT(rl_work_judge(&copy, &ref, 4, why, sizeof why, ref_why, sizeof ref_why),
		  RL_WORK_OK);
	CHECK_STR(why, "4 threads you start write `counter`: 4 of its 4 writes");

	/* threads that write in turns, where the reference's interleave */
	memset(&ref, 0, sizeof ref);
	ref.ok = 1;
	rl_work_add(&ref, "counter", 0, 40000, 4, 15000);
	memset(&copy, 0, sizeof copy);
	copy.ok = 1;
	rl_work_add(&copy, "counter", 0, 40000, 4, 4);
	CHECK_INT(rl_work_judge(&copy, &ref, 4, why, sizeof why, ref_why, sizeof ref_why),
		  RL_WORK_TURNS);
	CHECK_STR(why, "your threads take turns: in 3 runs that switch threads at random, each one's writes to `counter` all came before the next one's");
	CHECK_STR(ref_why, "in the reference fix, `counter` changes hands between threads 15000 times a run");
	/* a reference that takes turns itself: nothing to hold against */
	ref.v[0].switches = 3;
	CHECK_INT(rl_work_judge(&copy, &ref, 4, why, sizeof why, ref_why, sizeof ref_why),
		  RL_WORK_OK);
	ref.v[0].switches = 15000;

	/* renamed: nothing to compare, said, never a failure */
	memset(&copy, 0, sizeof copy);
	copy.ok = 1;
	rl_work_add(&copy, "total", 40000, 0, 0, 0);
	CHECK_INT(rl_work_judge(&copy, &ref, 4, why, sizeof why, ref_why, sizeof ref_why),
		  RL_WORK_UNKNOWN);
	CHECK(strstr(why, "none of `counter`") != NULL);

	/* a reference whose threads share no global: nothing to judge */
	memset(&ref, 0, sizeof ref);
	ref.ok = 1;
	rl_work_add(&ref, "result", 1, 0, 0, 0);
	CHECK_INT(rl_work_judge(&copy, &ref, 4, why, sizeof why, ref_why, sizeof ref_why),
		  RL_WORK_UNKNOWN);

	/* a run that left no counts is not judged */
	copy.ok = 0;
	CHECK_INT(rl_work_judge(&copy, &ref, 4, why, sizeof why, ref_why, sizeof ref_why),
		  RL_WORK_UNKNOWN);
}

static void save_load(void)
{
	struct rl_work w = { .ok = 1 }, back;
	char path[512];

	rl_work_add(&w, "counter", 2, 40000, 4, 0);
	rl_work_add(&w, "items", 5, 0, 0, 0);
	snprintf(path, sizeof path, "%s/w.work", tmp());
	CHECK_INT(rl_work_save(&w, path), 0);
	CHECK_INT(rl_work_load(&back, path), 0);
	CHECK(back.ok && back.n == 2 && back.v[0].threads == 40000 &&
	      back.v[0].main == 2 && back.v[0].writers == 4 &&
	      !strcmp(back.v[1].name, "items"));
	{
		FILE *f = fopen(path, "w");

		if (f)
			fputs("counter 2 40000 4 0\n", f), fclose(f);
	}
	CHECK_INT(rl_work_load(&back, path), -1);	/* no first line */
}

/* fixed/counter_increment_loop.c with each edits[2k] replaced by
 * edits[2k + 1] (each must be there), built as explore builds it, and
 * measured. */
static int measure(const char *stem, const char *const *edits,
		   struct rl_work *w)
{
	char src[512], bin[600], err[512], *text, *hit, *next;
	struct rl_build_spec b = { 0 };
	size_t len;
	FILE *f;

	text = rl_test_slurp("fixed/counter_increment_loop.c", &len);
	for (int k = 0; text && edits && edits[k]; k += 2) {
		if (!(hit = strstr(text, edits[k]))) {
			fprintf(stderr, "%s: `%s` is not in the fix\n", stem, edits[k]);
			free(text);
			return -1;
		}
		if (asprintf(&next, "%.*s%s%s", (int)(hit - text), text,
			     edits[k + 1], hit + strlen(edits[k])) < 0)
			next = NULL;
		free(text);
		text = next;
	}
	snprintf(src, sizeof src, "%s/%s.c", tmp(), stem);
	if (!text || !(f = fopen(src, "w"))) {
		free(text);
		return -1;
	}
	fputs(text, f);
	fclose(f);
	free(text);
	b.sources[0] = src;
	b.nsources = 1;
	b.include_dir = "harness/case";
	b.runtime = "harness/explore/rt.c";
	b.dir = tmp();
	b.stem = stem;
	if (rl_build(&b, RL_BUILD_EXPLORE, err, sizeof err) != 0) {
		fprintf(stderr, "%s: %s\n", stem, err);
		return -1;
	}
	snprintf(bin, sizeof bin, "%s/%s_explore", tmp(), stem);
	if (rl_work_measure(bin, tmp(), 30, w, err, sizeof err) != 0) {
		fprintf(stderr, "%s: %s\n", stem, err);
		return -1;
	}
	return 0;
}

#define SPIN "static void *spin(void *arg)\n{\n\tfor (volatile int i = 0; i < 1000; i++)\n\t\t;\n\treturn arg;\n}\n\nint main(void)\n"
#define JOINED "		RL_CHECK(pthread_join(threads[i], NULL));\n"

static void real_runs(void)
{
	static const char *const decoys[] = {
		"int main(void)\n", SPIN,
		"pthread_create(&threads[i], NULL, worker, NULL)",
		"pthread_create(&threads[i], NULL, spin, NULL)",
		JOINED, JOINED "	for (int i = 0; i < WORKERS; i++)\n\t\tworker(NULL);\n",
		NULL
	};
	/* each thread writes the counter once (and takes one back) */
	static const char *const token[] = {
		"int main(void)\n",
		"static void *token(void *arg)\n{\n\tRL_CHECK(pthread_mutex_lock(&counter_lock));\n\tcounter++;\n\tcounter--;\n\tRL_CHECK(pthread_mutex_unlock(&counter_lock));\n\treturn arg;\n}\n\nint main(void)\n",
		"pthread_create(&threads[i], NULL, worker, NULL)",
		"pthread_create(&threads[i], NULL, token, NULL)",
		JOINED, JOINED "	for (int i = 0; i < WORKERS; i++)\n\t\tworker(NULL);\n",
		NULL
	};
	/* turn-taking: each worker waits for its turn, then does its loop */
	static const char *const turns[] = {
		"static void *worker(void *arg)\n{\n\t(void)arg;\n",
		"static pthread_cond_t turn_cond = PTHREAD_COND_INITIALIZER;\n"
		"static int turn, ids[WORKERS] = { 0, 1, 2, 3 };\n\n"
		"static void *worker(void *arg)\n{\n"
		"\tRL_CHECK(pthread_mutex_lock(&counter_lock));\n"
		"\twhile (turn != *(int *)arg)\n"
		"\t\tRL_CHECK(pthread_cond_wait(&turn_cond, &counter_lock));\n"
		"\tRL_CHECK(pthread_mutex_unlock(&counter_lock));\n",
		"	return NULL;\n}",
		"	RL_CHECK(pthread_mutex_lock(&counter_lock));\n"
		"	turn++;\n"
		"	RL_CHECK(pthread_cond_broadcast(&turn_cond));\n"
		"	RL_CHECK(pthread_mutex_unlock(&counter_lock));\n"
		"	return NULL;\n}",
		"pthread_create(&threads[i], NULL, worker, NULL)",
		"pthread_create(&threads[i], NULL, worker, &ids[i])",
		NULL
	};
	/* a local sum per thread, added once under the lock */
	static const char *const local[] = {
		"	for (int i = 0; i < ROUNDS; i++) {\n"
		"		RL_CHECK(pthread_mutex_lock(&counter_lock));\n"
		"		counter++;\n"
		"		RL_CHECK(pthread_mutex_unlock(&counter_lock));\n"
		"	}\n",
		"	long sum = 0;\n\n"
		"	for (int i = 0; i < ROUNDS; i++)\n"
		"		sum++;\n"
		"	RL_CHECK(pthread_mutex_lock(&counter_lock));\n"
		"	counter += sum;\n"
		"	RL_CHECK(pthread_mutex_unlock(&counter_lock));\n",
		NULL
	};
	struct rl_work ref, copy;
	const struct rl_work_var *counter = NULL;
	char why[400], ref_why[400];

	CHECK_INT(measure("ref", NULL, &ref), 0);
	for (int i = 0; i < ref.n; i++)
		if (!strcmp(ref.v[i].name, "counter"))
			counter = &ref.v[i];
	CHECK(counter && counter->threads == 40000 && counter->writers == 4 &&
	      counter->main == 0);

	CHECK_INT(measure("decoys", decoys, &copy), 0);
	CHECK_INT(rl_work_judge(&copy, &ref, 4, why, sizeof why, ref_why, sizeof ref_why),
		  RL_WORK_DECOY);
	CHECK_STR(why, "the 4 threads you start never write `counter`: main makes all 40000 writes");

	CHECK_INT(measure("token", token, &copy), 0);
	CHECK_INT(rl_work_judge(&copy, &ref, 4, why, sizeof why, ref_why, sizeof ref_why),
		  RL_WORK_DECOY);
	CHECK_STR(why, "the threads you start make 8 of the 40008 writes to `counter`: main makes the rest");

	CHECK_INT(measure("turns", turns, &copy), 0);
	CHECK_INT(rl_work_judge(&copy, &ref, 4, why, sizeof why, ref_why, sizeof ref_why),
		  RL_WORK_TURNS);

	CHECK_INT(measure("local", local, &copy), 0);
	CHECK_INT(rl_work_judge(&copy, &ref, 4, why, sizeof why, ref_why, sizeof ref_why),
		  RL_WORK_OK);
	CHECK_STR(why, "4 threads you start write `counter`: 4 of its 4 writes");
}

int main(void)
{
	static const struct rl_test tests[] = {
		RL_TEST(judge_counts),
		RL_TEST(save_load),
		RL_TEST(real_runs),
	};

	/* each test is a process of its own: a subreaper each */
	rl_test_in_child = rl_runner_init;
	return RL_RUN_TESTS(tests);
}
