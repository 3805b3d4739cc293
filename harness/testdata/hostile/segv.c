/* segv: dies of SIGSEGV, for RL_SIGNALED and its signal. */
#include <signal.h>

int main(void)
{
	signal(SIGSEGV, SIG_DFL);	/* whatever a sanitizer installed */
	raise(SIGSEGV);
	return 0;
}
