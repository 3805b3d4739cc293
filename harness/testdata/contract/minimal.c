/* racelab case: minimal
 * bug: the least a header can say.
 * class: race
 */
int main(void)
{
	return 0;
}
