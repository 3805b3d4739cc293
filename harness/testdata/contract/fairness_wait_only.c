/* racelab case: fairness_wait_only
 * bug: only one of the two thresholds, which is allowed.
 * class: starvation
 * fairness: max-wait-ms 250
 */
int main(void)
{
	return 0;
}
