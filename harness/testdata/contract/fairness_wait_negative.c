/* racelab case: fairness_wait_negative
 * bug: a wait cannot be negative.
 * class: starvation
 * fairness: max-wait-ms -3
 */
int main(void)
{
	return 0;
}
