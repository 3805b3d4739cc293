/* racelab case: html_hostile
 * bug: none of its own: what it says is markup, <script>alert(0)</script>,
 *   so the page must show it as text and run none of it.
 * class: hostile <b>bold</b> & "quoted"
 * expect native: wrong-result
 * expect watchdog: blind - it does not hang
 */
#include <stdio.h>
#include <stdlib.h>

static int answer;

int main(void)
{
	const char *path = getenv("RACELAB_SYMPTOM_FILE");
	FILE *f = path ? fopen(path, "a") : NULL;

	answer = 41;	/* racelab:mark </pre></td></tr></table><script>document.body.innerHTML = "owned"</script> */
	if (!f)
		return 2;
	fprintf(f, "wrong-result\t<script>document.body.innerHTML = 'owned'</script> & <img src=x onerror=\"document.title='owned'\"> is %d\n",
		answer);
	return fclose(f) == 0 ? 0 : 3;
}
