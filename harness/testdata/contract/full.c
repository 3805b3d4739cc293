/* racelab case: full
 * bug: two workers add to one total with no lock; the load and the store
 *   are two steps, and another worker's store can fall between them.
 *   and then: the second store overwrites the first (this continuation
 *   has a colon, yet it is no key).
 * class: non-atomic-increment
 * concepts: critical section, atomicity, mutex
 * expect native: lost-update
 * expect tsan: data-race
 * expect helgrind: blind - it sees the race only through the lock it never takes
 * expect drd: clean
 * expect watchdog: clean, false-positive data-race - the relaxed atomic looks plain
 * expect tsan-gcc: lost-update, by chance - only when two cores
 *   run it at once
 * note: an unknown key is prose and is ignored
 * symptom: the total is short, every run.
 * fix: hold one mutex from the load to the store.
 * hint: first hint, which lines must no one run between?
 * hint: second hint, spread over
 *   two lines: still one hint.
 * hint: third hint, not a racelab:mark of a line.
 * fairness: max-wait-ms 100 min-jain 0.5
 */
static long total;

static void add(void)
{
	long seen = total;	/* racelab:mark load */
	total = seen + 1;	// racelab:mark store
}

int main(void)
{
	add();	/* racelab:mark call*/
	return total == 1 ? 0 : 1;
}
