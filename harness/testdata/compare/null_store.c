/* A store through a null pointer: SIGSEGV, with no words of its own. */
#include <stdio.h>

static int *volatile nowhere;

static void store(int v)
{
	*nowhere = v;	/* BUG */
}

int main(void)
{
	fprintf(stderr, "storing\n");
	store(3);
	return 0;
}
