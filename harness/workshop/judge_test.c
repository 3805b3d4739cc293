/* judge_test.c - the judges of real catalogue programs, read by clang:
 * a reference fix keeps each exercise's check; a copy that turns the
 * check off (`if (0 && ...)`), rewrites its condition, or changes its
 * category does not; a copy that only moves or reflows it does.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/testutil.h"
#include "harness/util.h"
#include "judge.h"

#define INCLUDE "harness/case"

static const char *tmp(void)
{
	const char *t = getenv("TEST_TMPDIR");

	return t ? t : "/tmp";
}

static int judges(const char *path, struct rl_judges *out)
{
	char err[512];
	int rc = rl_judges_of(path, INCLUDE, tmp(), out, err, sizeof err);

	if (rc)
		fprintf(stderr, "%s: %s\n", path, err);
	return rc;
}

/* cases/NAME.c with from replaced by to, as a copy in the test's folder;
 * the copy's judges go to out. */
static int changed(const char *name, const char *from, const char *to,
		   struct rl_judges *out)
{
	char src[256], dst[512], *text, *hit;
	size_t len;
	FILE *f;

	snprintf(src, sizeof src, "cases/%s.c", name);
	snprintf(dst, sizeof dst, "%s/%s.c", tmp(), name);
	text = rl_read_file(src, &len);
	if (!text || !(hit = strstr(text, from))) {
		fprintf(stderr, "no `%s` in %s\n", from, src);
		free(text);
		return -1;
	}
	f = fopen(dst, "w");
	fprintf(f, "%.*s%s%s", (int)(hit - text), text, to, hit + strlen(from));
	fclose(f);
	free(text);
	/* racelab.h is found through -I, as the workshop's copy finds it */
	return judges(dst, out);
}

static struct rl_judges orig, fixed, copy;

/* bank_withdraw's one judge, read from the original; its fix keeps it */
static void test_judge_read(void)
{
	CHECK_INT(judges("cases/bank_withdraw.c", &orig), 0);
	CHECK_INT(judges("fixed/bank_withdraw.c", &fixed), 0);
	CHECK_INT(orig.n, 1);
	CHECK(strstr(orig.v[0].key, "balance<0||paid_out+balance!=OPENING") != NULL);
	CHECK(strstr(orig.v[0].key, "\"wrong-result\"") != NULL);
	CHECK_INT(orig.v[0].line, 71);
	CHECK_STR(orig.v[0].text, "balance < 0 || paid_out + balance != OPENING");
	/* the reference fix keeps it */
	CHECK(rl_judge_missing(&orig, &fixed, 1, &fixed) == NULL);
}

/* the check turned off, three ways */
static void test_check_turned_off(void)
{
	const struct rl_judge *j;

	CHECK_INT(judges("cases/bank_withdraw.c", &orig), 0);
	CHECK_INT(judges("fixed/bank_withdraw.c", &fixed), 0);
	CHECK_INT(changed("bank_withdraw", "if (balance < 0 ||", "if (0 && (balance < 0) ||", &copy), 0);
	j = rl_judge_missing(&orig, &fixed, 1, &copy);
	CHECK(j != NULL && j->line == 71);
	CHECK_INT(changed("bank_withdraw", "balance < 0 || paid_out", "balance < -1000 || paid_out", &copy), 0);
	CHECK(rl_judge_missing(&orig, &fixed, 1, &copy) != NULL);
	CHECK_INT(changed("bank_withdraw", "rl_symptom(\"wrong-result\"", "printf(\"wrong-result\"", &copy), 0);
	CHECK_INT(copy.n, 0);
	CHECK(rl_judge_missing(&orig, &fixed, 1, &copy) != NULL);
	CHECK_INT(changed("bank_withdraw", "rl_symptom(\"wrong-result\"", "rl_symptom(\"none\"", &copy), 0);
	CHECK(rl_judge_missing(&orig, &fixed, 1, &copy) != NULL);
}

/* blanks and line breaks are the participant's */
static void test_blanks_are_free(void)
{
	CHECK_INT(judges("cases/bank_withdraw.c", &orig), 0);
	CHECK_INT(judges("fixed/bank_withdraw.c", &fixed), 0);
	CHECK_INT(changed("bank_withdraw", "if (balance < 0 || paid_out + balance != OPENING)",
			  "if (balance<0 ||\n\t    paid_out + balance != OPENING)", &copy), 0);
	CHECK(rl_judge_missing(&orig, &fixed, 1, &copy) == NULL);
}

/* ways out before the check */
static void test_ways_out(void)
{
	CHECK_INT(judges("cases/bank_withdraw.c", &orig), 0);
	CHECK_INT(judges("fixed/bank_withdraw.c", &fixed), 0);
	CHECK(rl_judge_skipped(&orig, &fixed, 1, &fixed) == NULL);
	CHECK_INT(changed("bank_withdraw", "	printf(\"paid out", "	exit(0);\n	printf(\"paid out", &copy), 0);
	{
		const struct rl_exit *x = rl_judge_skipped(&orig, &fixed, 1, &copy);

		CHECK(x != NULL);
		CHECK_STR(x ? x->key : NULL, "exit(0)");
		CHECK_INT(x ? x->line : 0, 69);
	}
	CHECK_INT(changed("bank_withdraw", "	printf(\"paid out", "	return   0;\n	printf(\"paid out", &copy), 0);
	{
		const struct rl_exit *x = rl_judge_skipped(&orig, &fixed, 1, &copy);

		/* said as written, a run of blanks one space */
		CHECK_STR(x ? x->text : NULL, "return 0");
	}
	CHECK_INT(changed("bank_withdraw", "	printf(\"paid out", "	if (!paid_out) exit(1);\n	printf(\"paid out", &copy), 0);
	CHECK(rl_judge_skipped(&orig, &fixed, 1, &copy) == NULL);	/* a failure is seen */
	/* a worker's exit(0) ends main's check too */
	CHECK_INT(changed("bank_withdraw", "	return NULL;", "	exit(0);", &copy), 0);
	CHECK(rl_judge_skipped(&orig, &fixed, 1, &copy) != NULL);
}

/* an exercise with two judges, one under an else: each kept */
static void test_two_judges(void)
{
	CHECK_INT(judges("cases/deadlock_abba.c", &orig), 0);
	CHECK_INT(judges("fixed/deadlock_abba.c", &fixed), 0);
	CHECK_INT(orig.n, 2);
	CHECK(rl_judge_missing(&orig, &fixed, 1, &fixed) == NULL);
}

int main(void)
{
	static const struct rl_test tests[] = {
		RL_TEST(test_judge_read),
		RL_TEST(test_check_turned_off),
		RL_TEST(test_blanks_are_free),
		RL_TEST(test_ways_out),
		RL_TEST(test_two_judges),
	};

	return RL_RUN_TESTS(tests);
}
