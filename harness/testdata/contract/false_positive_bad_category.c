/* racelab case: false_positive_bad_category
 * bug: declares a false positive of a category racelab does not know.
 * class: race
 * expect helgrind: clean, false-positive racy - it looks racy
 */
int main(void)
{
	return 0;
}
