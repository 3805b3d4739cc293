/* testutil_selftest.c - the runner of named tests (testutil.h) on tests
 * that fail each way a test can: a check, a crash, and, asked with an
 * argument, a test that never ends. testutil_test.sh reads what it
 * prints. */
#define RL_TEST_SECONDS 1
#include "harness/testutil.h"

static void test_passes(void)
{
	CHECK_INT(1 + 1, 2);
}

static void test_check_fails(void)
{
	CHECK_INT(1 + 1, 3);
	CHECK_STR("a", "a");
}

static void test_crashes(void)
{
	volatile int *nowhere = NULL;

	*nowhere = 1;
}

static void test_after_the_crash(void)
{
	CHECK(1);
}

static void test_never_ends(void)
{
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	static const struct rl_test tests[] = {
		RL_TEST(test_passes),
		RL_TEST(test_check_fails),
		RL_TEST(test_crashes),
		RL_TEST(test_after_the_crash),
	};
	static const struct rl_test endless[] = {
		RL_TEST(test_passes),
		RL_TEST(test_never_ends),
		RL_TEST(test_after_the_crash),
	};

	(void)argv;
	return argc > 1 ? RL_RUN_TESTS(endless) : RL_RUN_TESTS(tests);
}
