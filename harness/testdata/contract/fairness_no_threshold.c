/* racelab case: fairness_no_threshold
 * bug: fairness with neither threshold.
 * class: starvation
 * fairness: be fair
 */
int main(void)
{
	return 0;
}
