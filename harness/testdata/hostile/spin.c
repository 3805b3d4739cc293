/* spin: uses CPU until it is stopped, for the CPU limit. */
int main(void)
{
	for (volatile unsigned long n = 0;; n++)
		;
}
