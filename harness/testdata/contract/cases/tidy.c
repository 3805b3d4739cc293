/* racelab case: tidy
 * bug: two workers add to one total with no lock.
 * class: non-atomic-increment
 * concepts: atomicity, mutex
 * expect native: lost-update
 * symptom: the total is short.
 * fix: hold one mutex from the load to the store.
 * hint: which lines must no one run between?
 * hint: a mutex makes them one step.
 */
int main(void)
{
	return 0;
}
