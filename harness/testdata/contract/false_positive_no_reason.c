/* racelab case: false_positive_no_reason
 * bug: declares a false positive without saying why.
 * class: race
 * expect helgrind: clean, false-positive data-race
 */
int main(void)
{
	return 0;
}
