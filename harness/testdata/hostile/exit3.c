/* exit3: ends at once with status 3, for RL_EXITED and its code. */
int main(void)
{
	return 3;
}
