/* racelab fix: twice
 * racelab case: twice
 */
int main(void)
{
	return 0;
}
