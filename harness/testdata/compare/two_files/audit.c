/* The audit thread of accounts.c: it sums what it sees, unlocked. */
#include <stddef.h>

extern long balance;
long seen;

void *audit(void *arg)
{
	(void)arg;
	for (int i = 0; i < 1000; i++)
		seen += balance;	/* BUG */
	return NULL;
}
