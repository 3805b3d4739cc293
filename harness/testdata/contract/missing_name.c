/* racelab: a header without its `racelab case:` line
 * bug: has a bug and a class, but no name.
 * class: race
 */
int main(void)
{
	return 0;
}
