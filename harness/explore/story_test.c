/* story_test: the story of a schedule keeps the steps that matter, one
 * column per thread, within the width, and ends with the bug. */
#include <jansson.h>
#include <string.h>

#include "harness/explore/story.h"
#include "harness/testutil.h"

/* The bank account of the explore corpus: thread 2 checks the balance,
 * is preempted, thread 1 withdraws, thread 2 withdraws on its stale
 * check. */
static const char TRACE[] = "["
	"{\"step\":0,\"thread\":1,\"op\":\"start\"},"
	"{\"step\":1,\"thread\":1,\"op\":\"create\",\"value\":2,\"line\":20},"
	"{\"step\":2,\"thread\":1,\"op\":\"create\",\"value\":3,\"line\":21},"
	"{\"step\":4,\"thread\":3,\"op\":\"lock\",\"var\":\"m\",\"line\":8},"
	"{\"step\":5,\"thread\":3,\"op\":\"read\",\"var\":\"balance\",\"value\":100,\"line\":9},"
	"{\"step\":6,\"thread\":3,\"op\":\"unlock\",\"var\":\"m\",\"line\":10,\"preempted\":true},"
	"{\"step\":7,\"thread\":2,\"op\":\"lock\",\"var\":\"m\",\"line\":8},"
	"{\"step\":8,\"thread\":2,\"op\":\"read\",\"var\":\"balance\",\"value\":100,\"line\":9},"
	"{\"step\":9,\"thread\":2,\"op\":\"unlock\",\"var\":\"m\",\"line\":10},"
	"{\"step\":10,\"thread\":2,\"op\":\"lock\",\"var\":\"m\",\"line\":12},"
	"{\"step\":11,\"thread\":2,\"op\":\"write\",\"var\":\"balance\",\"value\":40,\"line\":13},"
	"{\"step\":12,\"thread\":2,\"op\":\"unlock\",\"var\":\"m\",\"line\":14},"
	"{\"step\":13,\"thread\":2,\"op\":\"exit\"},"
	"{\"step\":14,\"thread\":3,\"op\":\"lock\",\"var\":\"m\",\"line\":12},"
	"{\"step\":15,\"thread\":3,\"op\":\"write\",\"var\":\"a_very_long_variable_name_indeed\",\"value\":-40,\"line\":13},"
	"{\"step\":16,\"thread\":3,\"op\":\"unlock\",\"var\":\"m\",\"line\":14},"
	"{\"step\":17,\"thread\":1,\"op\":\"join\",\"value\":3,\"line\":22},"
	"{\"step\":17,\"thread\":1,\"op\":\"read\",\"var\":\"balance\",\"value\":-40,\"line\":23}"
	"]";

static int has(const json_t *rows, const char *text)
{
	size_t i;
	json_t *r;

	json_array_foreach(rows, i, r)
		if (strstr(json_string_value(r), text))
			return 1;
	return 0;
}

static json_t *trace;

/* the bank account at 78 columns */
static void test_columns(void)
{
	const char *end = "main: assertion `balance >= 0' failed at bank.c:23 (main), "
			  "which is a long sentence that has to wrap at the width";
	json_t *rows, *r;
	size_t i;

	rows = rl_story(trace, 3, end, 78);
	json_array_foreach(rows, i, r) {
		puts(json_string_value(r));
		CHECK(strlen(json_string_value(r)) <= 78);
	}
	CHECK(json_array_size(rows) <= 24);
	/* one column per thread */
	CHECK(has(rows, "step  main") && has(rows, "thread 1") &&
	      has(rows, "thread 2"));
	CHECK(!has(rows, "T1") && !has(rows, "T2"));
	/* the step that makes the difference, and the values read */
	/* the caret under the step, in its thread's lane */
	CHECK(has(rows, "                                                      ^ preempted here"));
	json_array_foreach(rows, i, r) {
		const char *row = json_string_value(r), *p = strstr(row, "preempted");

		CHECK(!p || !strcmp(p, "preempted here"));
	}
	CHECK(has(rows, "read balance=100 :9"));
	CHECK(has(rows, "write balance=40 :13"));
	/* a cell too long keeps its line */
	CHECK(has(rows, "~ :13"));
	/* the end, wrapped, all of it */
	CHECK(has(rows, "=> main: assertion `balance >= 0' failed at bank.c:23"));
	CHECK(has(rows, "the width"));
	/* the noise is left out */
	CHECK(!has(rows, "exit"));
	json_decref(rows);
}

/* a long schedule still fits about a screen */
static void test_long_schedule(void)
{
	json_t *rows, *many;

	many = json_array();
	for (int s = 0; s < 500; s++) {
		json_t *o = json_pack("{s:i,s:i,s:s,s:s,s:i,s:i}", "step", s,
				      "thread", 1 + s % 2, "op", "write", "var",
				      "x", "value", s, "line", 5);

		if (s % 50 == 0)
			json_object_set_new(o, "preempted", json_true());
		json_array_append_new(many, o);
	}
	rows = rl_story(many, 2, "the end", 80);
	CHECK(json_array_size(rows) <= 24);
	CHECK(has(rows, "=> the end"));
	CHECK(has(rows, "write x=499 :5"));
	json_decref(rows);
	json_decref(many);
}

/* five threads: one lane, each row names its thread */
static void test_one_lane(void)
{
	json_t *rows;

	rows = rl_story(trace, 5, "x", 80);
	CHECK(has(rows, "thread 2: read balance=100 :9"));
	CHECK(has(rows, "      ^ thread 2 preempted here"));
	json_decref(rows);
}

/* a signal handler's write that the code it interrupted overwrites
 * is told, whatever comes later: the sender, the handler's run and
 * write, and the interrupted code's writes before and after */
static void test_overwritten_handler(void)
{
	json_t *rows, *r, *many;
	size_t i;

	many = json_array();
	json_array_append_new(many, json_pack("{s:i,s:i,s:s,s:s,s:i,s:i,s:b}", "step", 1,
		"thread", 1, "op", "write", "var", "credits", "value", 7, "line", 57,
		"preempted", 1));
	json_array_append_new(many, json_pack("{s:i,s:i,s:s,s:i,s:s,s:i}", "step", 2,
		"thread", 2, "op", "kill", "value", 1, "signal", "SIGRTMIN", "line", 38));
	json_array_append_new(many, json_pack("{s:i,s:i,s:s,s:s}", "step", 3,
		"thread", 1, "op", "handler", "signal", "SIGRTMIN"));
	json_array_append_new(many, json_pack("{s:i,s:i,s:s,s:s,s:i,s:i}", "step", 4,
		"thread", 1, "op", "write", "var", "credits", "value", 8, "line", 30));
	json_array_append_new(many, json_pack("{s:i,s:i,s:s,s:s}", "step", 4,
		"thread", 1, "op", "handler-end", "signal", "SIGRTMIN"));
	json_array_append_new(many, json_pack("{s:i,s:i,s:s,s:s,s:i,s:i}", "step", 4,
		"thread", 1, "op", "write", "var", "credits", "value", 6, "line", 57));
	for (int s = 5; s < 400; s++)
		json_array_append_new(many, json_pack("{s:i,s:i,s:s,s:s,s:i,s:i,s:b}",
			"step", s, "thread", 1 + s % 2, "op", "write", "var", "credits",
			"value", s, "line", 5, "preempted", s % 40 == 0));
	rows = rl_story(many, 2, "the end", 80);
	json_array_foreach(rows, i, r)
		puts(json_string_value(r));
	CHECK(json_array_size(rows) <= 26);
	CHECK(has(rows, "sends SIGRTMIN to main :38"));
	CHECK(has(rows, "SIGRTMIN handler runs"));
	CHECK(has(rows, "write credits=8 :30"));
	CHECK(has(rows, "SIGRTMIN handler returns"));
	CHECK(has(rows, "write credits=7 :57"));
	CHECK(has(rows, "write credits=6 :57"));
	CHECK(has(rows, "write credits=399 :5"));
	json_decref(rows);
	json_decref(many);
}

/* a real schedule of the corpus's bank account (racelab explore bank.c,
 * 37 steps): thread 2 checks the balance (40), thread 1 withdraws (10),
 * thread 2 withdraws on its stale check (-20). The last steps on balance
 * are the final reads; the three that make the bug are told, with the
 * value each write stored, not a later thread's */
static void test_real_schedule(void)
{
	json_t *rows, *r, *many;
	size_t i;

	many = json_load_file("harness/testdata/explore/bank_story.json", 0, NULL);
	CHECK(many != NULL);
	rows = rl_story(many, 3, "main: assertion `balance >= 0' failed at bank.c:21", 80);
	json_array_foreach(rows, i, r)
		puts(json_string_value(r));
	CHECK(json_array_size(rows) <= 24);
	{
		size_t check = 0, other = 0, act = 0;

		json_array_foreach(rows, i, r) {
			const char *row = json_string_value(r);

			if (strstr(row, "read balance=40 :6") && !check)
				check = i + 1;
			if (strstr(row, "write balance=10 :10"))
				other = i + 1;
			if (strstr(row, "write balance=-20 :10") && !act)
				act = i + 1;
		}
		CHECK(check && other && act && check < other && other < act);
	}
	json_decref(rows);
	json_decref(many);
}

/* one step in words */
static void test_step(void)
{
	char cell[128];

	rl_story_step(json_array_get(trace, 1), cell, sizeof cell);
	CHECK_STR(cell, "create thread 1 :20");
}

int main(void)
{
	static const struct rl_test tests[] = {
		RL_TEST(test_columns),
		RL_TEST(test_long_schedule),
		RL_TEST(test_one_lane),
		RL_TEST(test_overwritten_handler),
		RL_TEST(test_real_schedule),
		RL_TEST(test_step),
	};
	int rc;

	trace = json_loads(TRACE, 0, NULL);
	if (!trace) {
		fputs("the test's trace is not JSON\n", stderr);
		return 1;
	}
	rc = RL_RUN_TESTS(tests);
	json_decref(trace);
	return rc;
}
