/* racelab fix: tidy
 * expect drd: clean, false-positive data-race - DRD does not see the
 *   atomic that orders the two
 * fairness: min-jain 0.5
 */
int main(void)
{
	return 0;	/* racelab:mark end */
}
