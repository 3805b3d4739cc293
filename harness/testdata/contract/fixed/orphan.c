/* racelab fix: orphan */
int main(void)
{
	return 0;
}
