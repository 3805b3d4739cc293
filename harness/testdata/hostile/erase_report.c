/* racelab case: erase_report
 * bug: two threads increment a global with no lock; once TSan has
 *   reported it, the program reads log_path from TSAN_OPTIONS and erases
 *   log_path.PID as RACELAB_ERASE says (truncate: cut it to nothing;
 *   replace: unlink it and make an empty file there; swap: move it away
 *   before the race, then put it back), then leaves by a raw exit_group,
 *   past TSan's exit. racelab read the emptied file: clean.
 * class: hostile
 * expect tsan: data-race
 * expect tsan-gcc: data-race
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "racelab.h"

static int counter;
static rl_event first_done = RL_EVENT_INIT;

static void *first(void *arg)
{
	counter++;	/* racelab:mark bump */
	rl_event_post(&first_done);
	return arg;
}

static void *second(void *arg)
{
	rl_event_wait(&first_done);
	counter++;	/* racelab:mark bump */
	return arg;
}

/* log_path.PID from TSAN_OPTIONS (the last log_path= wins, as in TSan). */
static void report_path(char *path, size_t len)
{
	const char *opts = getenv("TSAN_OPTIONS"), *at = opts, *last = NULL;

	while (at && (at = strstr(at, "log_path=")))
		last = at += strlen("log_path=");
	snprintf(path, len, "%.*s.%d", last ? (int)strcspn(last, " :") : 0,
		 last ? last : "", (int)getpid());
}

int main(void)
{
	const char *how = getenv("RACELAB_ERASE");
	char path[4096], away[4200];
	pthread_t t1, t2;
	int fd;

	how = how ? how : "truncate";
	report_path(path, sizeof path);
	snprintf(away, sizeof away, "%s.away", path);
	if (!strcmp(how, "swap"))
		rename(path, away);
	RL_CHECK(pthread_create(&t1, NULL, first, NULL));
	RL_CHECK(pthread_create(&t2, NULL, second, NULL));
	RL_CHECK(pthread_join(t1, NULL));
	RL_CHECK(pthread_join(t2, NULL));
	if (!strcmp(how, "truncate")) {
		if (truncate(path, 0) != 0)
			perror("truncate");
		fd = open(path, O_WRONLY | O_TRUNC | O_NONBLOCK);
	} else {
		unlink(path);
		if (!strcmp(how, "swap") && rename(away, path) != 0)
			perror("rename");
		fd = !strcmp(how, "swap") ? -1 :
		     open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	}
	if (fd >= 0)
		close(fd);
	syscall(SYS_exit_group, 0);
	return 0;
}
