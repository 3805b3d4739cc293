/* racelab fix: tidy */
int main(void)
{
	return 0;
}
