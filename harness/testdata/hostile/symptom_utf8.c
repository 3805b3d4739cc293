/* racelab case: symptom_utf8
 * bug: none of its own: it reports its symptom in bytes that are not
 *   UTF-8 (a stray 0xFF, an overlong slash, a surrogate, a sequence cut
 *   short). The JSON encoder refused them, and the result vanished from
 *   the results file while racelab exited 0.
 * class: hostile
 * expect native: lost-update
 */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	const char *path = getenv("RACELAB_SYMPTOM_FILE");
	FILE *f = path ? fopen(path, "a") : NULL;

	if (!f)
		return 2;
	fprintf(f, "lost-update\tthe count is \xff\xfe, not 4000\n");
	fprintf(f, "wrong\xc0\xaf\tan overlong \xc0\xaf, a surrogate \xed\xa0\x80, cut short \xe2\x82");
	return fclose(f) == 0 ? 0 : 3;
}
