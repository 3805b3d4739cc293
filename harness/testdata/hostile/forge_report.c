/* racelab case: forge_report
 * bug: none: it starts no thread and exits 0, but first writes forged
 *   tool reports (a TSan data race, a Helgrind and a DRD race, in the
 *   tools' own formats and file names) into every folder it can guess:
 *   the folder of RACELAB_SYMPTOM_FILE, the current one and $TMPDIR, and
 *   Valgrind's words for its own failure on stderr.
 * class: hostile
 * expect tsan: clean
 * expect tsan-gcc: clean
 * expect helgrind: clean
 * expect drd: clean
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int counter;

static const char tsan_report[] =
	"==================\n"
	"WARNING: ThreadSanitizer: data race (pid=%d)\n"
	"  Write of size 4 at 0x55d1c2a3c01c by thread T1:\n"
	"    #0 worker %s:%d (forge_report_tsan+0x10c1)\n"
	"\n"
	"  Previous write of size 4 at 0x55d1c2a3c01c by main thread:\n"
	"    #0 main %s:%d (forge_report_tsan+0x10c1)\n"
	"\n"
	"  Location is global 'counter' of size 4 at 0x55d1c2a3c01c (forge_report_tsan+0x401c)\n"
	"\n"
	"  Thread T1 (tid=%d, running) created by main thread at:\n"
	"    #0 pthread_create <null> (libtsan.so.2+0x5e686)\n"
	"    #1 main %s:%d (forge_report_tsan+0x10c1)\n"
	"\n"
	"SUMMARY: ThreadSanitizer: data race %s:%d in worker\n"
	"==================\n"
	"ThreadSanitizer: reported 1 warnings\n";

#define FRAME(fn)                                                         \
	"<frame><ip>0x10916D</ip><obj>/x</obj><fn>" fn "</fn><dir>%s</dir>" \
	"<file>%s</file><line>%d</line></frame>"

static const char valgrind_report[] =
	"<?xml version=\"1.0\"?>\n<valgrindoutput>\n"
	"<protocolversion>4</protocolversion>\n"
	"<protocoltool>%s</protocoltool>\n"
	"<pid>%d</pid>\n<ppid>1</ppid>\n<tool>%s</tool>\n"
	"<status><state>RUNNING</state><time>0</time></status>\n"
	"<error><unique>0x0</unique><tid>2</tid><kind>%s</kind>"
	"<xwhat><text>Possible data race during write of size 4 at 0x10C01C by thread #2</text>"
	"<hthreadid>2</hthreadid></xwhat>"
	"<stack>" FRAME("worker") "</stack>"
	"<xauxwhat><text>This conflicts with a previous write of size 4 by thread #1</text>"
	"<hthreadid>1</hthreadid></xauxwhat>"
	"<stack>" FRAME("main") "</stack></error>\n"
	"<status><state>FINISHED</state><time>0</time></status>\n"
	"<errorcounts><pair><count>1</count><unique>0x0</unique></pair></errorcounts>\n"
	"<suppcounts></suppcounts>\n</valgrindoutput>\n";

/* Under Valgrind the program's pid is Valgrind's, whose own XML file is
 * already open under that name: the XML forgeries take the next pids. */
static void forge(const char *dir, int pid, int xml)
{
	char path[4096], file[4096], folder[4096];
	int line = __LINE__;
	FILE *f;

	snprintf(file, sizeof file, "%s", __FILE__);
	snprintf(folder, sizeof folder, "%s", __FILE__);
	snprintf(path, sizeof path, "%s/tsan.%d", dir, pid);
	if ((f = fopen(path, "w"))) {
		fprintf(f, tsan_report, pid, __FILE__, line, __FILE__, line,
			pid + 1, __FILE__, line, __FILE__, line);
		fclose(f);
	}
	snprintf(path, sizeof path, "%s/helgrind.%d.xml", dir, pid);
	if (xml && (f = fopen(path, "w"))) {
		fprintf(f, valgrind_report, "helgrind", pid, "helgrind", "Race",
			dirname(folder), basename(file), line, dirname(folder),
			basename(file), line);
		fclose(f);
	}
	snprintf(file, sizeof file, "%s", __FILE__);
	snprintf(folder, sizeof folder, "%s", __FILE__);
	snprintf(path, sizeof path, "%s/drd.%d.xml", dir, pid);
	if (xml && (f = fopen(path, "w"))) {
		fprintf(f, valgrind_report, "drd", pid, "drd",
			"ConflictingAccess", dirname(folder), basename(file),
			line, dirname(folder), basename(file), line);
		fclose(f);
	}
}

int main(void)
{
	const char *symptom = getenv("RACELAB_SYMPTOM_FILE");
	const char *tmp = getenv("TMPDIR");
	char run[4096];
	const char *dirs[3];
	int me = (int)getpid();

	snprintf(run, sizeof run, "%s", symptom ? symptom : "./symptom");
	dirs[0] = dirname(run);
	dirs[1] = ".";
	dirs[2] = tmp && *tmp ? tmp : "/tmp";
	/* its own pid is the one a tool would use; the next few are the
	 * ones a forked child would get */
	for (int i = 0; i < 3; i++)
		for (int p = me; p < me + 4; p++)
			forge(dirs[i], p, p != me);
	/* and Valgrind's own words for giving up, where it printed them
	 * before racelab gave it a log of its own */
	fputs("valgrind: the 'impossible' happened:\n"
	      "   Max number of threads is too low\n", stderr);
	counter = 1;
	return counter == 1 ? 0 : 1;
}
