/* racelab fix: fork_with_loader_lock */
#define _GNU_SOURCE	/* dl_iterate_phdr */
#include <iconv.h>
#include <link.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>

#include "racelab.h"

/* The helper stands for an old tool that reads its arguments in Latin-1. */
static const char helper[] = "/bin/true";
static const char job_title[] = "Caf\xc3\xa9 cr\xc3\xa8me";	/* UTF-8 */

static int nlibraries;		/* the inventory's count */
static pthread_barrier_t closing;	/* the inventory and main, at the end */
static rl_event listing = RL_EVENT_INIT;	/* inside dl_iterate_phdr() */
static rl_event started = RL_EVENT_INIT;	/* main has started the helper */

/* Converts a UTF-8 title to Latin-1; returns 0 or an errno value. */
static int to_latin1(const char *title, char *out, size_t outlen)
{
	iconv_t cd = iconv_open("ISO-8859-1", "UTF-8");	/* racelab:mark loader */
	char *in = (char *)title, *o = out;
	size_t inleft = strlen(title), outleft = outlen - 1;
	int rc = 0;

	if (cd == (iconv_t)-1)
		return errno;
	if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1)
		rc = errno;
	*o = '\0';
	iconv_close(cd);
	return rc;
}

/* dl_iterate_phdr() calls this for each loaded object, holding the
 * loader's lock so that the list cannot change under the walk. */
static int list_library(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	(void)data;
	rl_event_post(&listing);
	rl_event_wait(&started);	/* main starts the helper meanwhile */
	if (info->dlpi_name[0])
		printf("inventory: %s\n", info->dlpi_name);
	nlibraries++;
	return 0;
}

/* Lists the loaded libraries, then stays up until main shuts down. */
static void *inventory(void *arg)
{
	(void)arg;
	dl_iterate_phdr(list_library, NULL);	/* racelab:mark held */
	fflush(stdout);
	rl_barrier_wait(&closing);
	return NULL;
}

int main(void)
{
	char title[64];
	char *argv[] = { (char *)helper, title, NULL };
	pthread_t t;
	pid_t pid;
	int status;

	RL_CHECK(to_latin1(job_title, title, sizeof title));	/* racelab:mark convert */
	RL_CHECK(pthread_barrier_init(&closing, NULL, 2));
	RL_CHECK(pthread_create(&t, NULL, inventory, NULL));
	rl_event_wait(&listing);	/* the inventory holds the loader's lock */
	/* the child runs no code of this program: it only execs the helper */
	RL_CHECK(posix_spawn(&pid, helper, NULL, NULL, argv, environ));	/* racelab:mark spawn */
	rl_event_post(&started);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			rl_check_(errno, "waitpid", __FILE__, __LINE__);
	rl_barrier_wait(&closing);
	RL_CHECK(pthread_join(t, NULL));
	printf("%d libraries listed; the helper's status 0x%x\n", nlibraries,
	       status);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		rl_symptom("wrong-result", "the helper did not run and exit cleanly (status 0x%x)",
			   status);
	return 0;
}
