/* racelab case: self_stop
 * bug: none: it stops itself with SIGSTOP, and nothing continues it; not
 *   a hang of its threads (none waits for another), so the sentence at
 *   the time limit must say it was stopped.
 * class: hostile
 * expect watchdog: clean
 */
#include <signal.h>

int main(void)
{
	raise(SIGSTOP);
	return 0;
}
