/* echo_env: prints RL_TEST_VALUE and its first argument, to show what
 * the runner passed on. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	const char *v = getenv("RL_TEST_VALUE");

	printf("value=%s arg=%s\n", v ? v : "(unset)",
	       argc > 1 ? argv[1] : "(none)");
	return 0;
}
