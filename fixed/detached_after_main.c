/* racelab fix: detached_after_main */
#include <stdio.h>

#include "racelab.h"

enum { LOG_SIZE = 4096 };

static char *log_buf;
static size_t log_len;
static rl_event logger_finished = RL_EVENT_INIT;

static void log_line(const char *line)
{
	size_t n = strlen(line);

	memcpy(log_buf + log_len, line, n);
	log_len += n;
}

/* Registered with atexit(): runs in exit(), after main has returned. */
static void close_log(void)
{
	size_t flushed = log_len;

	fwrite(log_buf, 1, flushed, stdout);
	free(log_buf);
	/* Holds exit() open until the logger has written its last line:
	 * what it does now and then, every run. */
	rl_worker_done();
	rl_event_wait(&logger_finished);
	if (log_len != flushed)
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
	RL_CHECK(pthread_join(t, NULL));
	return 0;
}
