/* racelab case: exec_sleep
 * bug: none: it replaces itself with `sleep 1000`, which outlasts the
 *   time limit; the sentence must say it is another program now.
 * class: hostile
 * expect watchdog: clean
 */
#include <unistd.h>

int main(void)
{
	execlp("sleep", "sleep", "1000", (char *)0);
	return 1;
}
