/* racelab case: fairness_jain_too_big
 * bug: Jain's index is at most 1.
 * class: starvation
 * fairness: min-jain 1.5
 */
int main(void)
{
	return 0;
}
