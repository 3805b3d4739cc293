/* racelab case: expect_twice
 * bug: one detector's expectation is written twice.
 * class: race
 * expect tsan: data-race
 * expect helgrind: data-race
 * expect tsan: clean
 */
int main(void)
{
	return 0;
}
