/* racelab case: unknown_detector
 * bug: names a detector racelab does not have (a typo of tsan).
 * class: race
 * expect tsna: clean
 */
int main(void)
{
	return 0;
}
