/* racelab case: far_detector
 * bug: names a detector nothing like any racelab has.
 * class: race
 * expect memcheck: clean
 */
int main(void)
{
	return 0;
}
