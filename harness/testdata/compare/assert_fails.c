/* A check that fails: glibc's assert() prints where and aborts. */
#include <assert.h>
#include <stdio.h>

int main(void)
{
	int balance = 1;

	fprintf(stderr, "checking the balance\n");
	assert(balance == 2);	/* BUG */
	return 0;
}
