/* racelab case: chance_no_reason
 * bug: a lost update that shows only sometimes.
 * class: non-atomic-increment
 * expect native: lost-update, by chance
 */
int main(void)
{
	return 0;
}
