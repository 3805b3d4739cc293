/* racelab fix: tidy
 * symptom: the story again, which lives in the case's header.
 */
int main(void)
{
	return 0;
}
