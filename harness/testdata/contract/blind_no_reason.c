/* racelab case: blind_no_reason
 * bug: says blind without saying why.
 * class: deadlock
 * expect tsan: blind
 */
int main(void)
{
	return 0;
}
