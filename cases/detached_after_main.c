/* racelab case: detached_after_main
 * bug: main starts a logger thread and detaches it instead of joining it,
 *   then returns. exit() runs the atexit handlers while the logger still
 *   runs: close_log() writes the log out and frees its buffer, and the
 *   logger then appends its last line to the freed buffer.
 * class: thread-lifetime
 * concepts: thread lifetime, join vs detach, process exit, use after free, happens-before
 * expect native: wrong-result
 * expect tsan: memory-error
 * expect tsan-gcc: memory-error
 * expect helgrind: data-race - on log_len, which the logger writes after close_log() read it; the write into the freed buffer it does not see (by default free() counts as no access)
 * expect drd: data-race - on log_len, which the logger writes after close_log() read it; the write into the freed buffer it does not see (by default free() counts as no access)
 * expect watchdog: blind - not a liveness bug: nothing waits forever
 * expect explore: wrong-result
 * symptom: the logger's last line is missing from the output, every run: it was written into freed memory after the log was flushed.
 * fix: join the logger before main returns: exit() then starts only once it has finished.
 * hint: what is the logger doing while exit() runs the atexit handlers?
 * hint: a detached thread has no one to wait for it; who should?
 */
#include <stdio.h>

#include "racelab.h"

enum { LOG_SIZE = 4096 };

static char *log_buf;
static size_t log_len;
static rl_event logger_finished = RL_EVENT_INIT;

static void log_line(const char *line)
{
	size_t n = strlen(line);

	memcpy(log_buf + log_len, line, n);	/* racelab:mark append */
	log_len += n;				/* racelab:mark length */
}

/* Registered with atexit(): runs in exit(), after main has returned. */
static void close_log(void)
{
	size_t flushed = log_len;		/* racelab:mark flush */

	fwrite(log_buf, 1, flushed, stdout);
	free(log_buf);				/* racelab:mark free */
	/* Holds exit() open until the logger has written its last line:
	 * what it does now and then, every run. */
	rl_worker_done();
	rl_event_wait(&logger_finished);
	if (log_len != flushed)			/* racelab:mark check */
		rl_symptom("wrong-result", "the logger wrote %zu bytes after the log was flushed and freed: lost, into freed memory",
			   log_len - flushed);
}

static void *logger(void *arg)
{
	(void)arg;
	rl_window();	/* until main has freed the log, or waits to join */
	log_line("logger: finished\n");
	rl_event_post(&logger_finished);
	rl_worker_done();
	return NULL;
}

int main(void)
{
	pthread_t t;

	log_buf = malloc(LOG_SIZE);
	if (!log_buf)
		return 1;
	RL_CHECK(atexit(close_log));
	log_line("main: starting the logger\n");
	rl_window_init(2);	/* the logger, and main in close_log() */
	RL_CHECK(pthread_create(&t, NULL, logger, NULL));
	RL_CHECK(pthread_detach(t));	/* racelab:mark detach */
	return 0;
}
