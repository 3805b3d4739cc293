/* racelab case: missing_class
 * bug: has a name and a bug, but no class.
 * expect tsan: data-race
 */
int main(void)
{
	return 0;
}
