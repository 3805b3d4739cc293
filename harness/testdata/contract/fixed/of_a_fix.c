/* racelab fix: of_a_fix */
int main(void)
{
	return 0;
}
