/* racelab case: unknown_category
 * bug: expects a category racelab does not know.
 * class: race
 * expect tsan: data-rase
 */
int main(void)
{
	return 0;
}
