/* ignore_term: shrugs off SIGTERM and hangs; only SIGKILL ends it. */
#include <signal.h>
#include <unistd.h>

int main(void)
{
	signal(SIGTERM, SIG_IGN);
	for (;;)
		pause();
}
