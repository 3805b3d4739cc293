/* hang: never ends on its own, for the timeout. */
#include <unistd.h>

int main(void)
{
	for (;;)
		pause();
}
