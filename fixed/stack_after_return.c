/* racelab fix: stack_after_return */
#include <stdio.h>

#include "racelab.h"

static rl_event requests_made = RL_EVENT_INIT;

/* Waits (invisibly to the tools) until main has made both requests and
 * gone on, so the slot has been reused by then, every run. */
static void *handle(void *arg)
{
	int *request_id = arg;
	int id;

	rl_event_wait(&requests_made);
	id = *request_id;
	free(request_id);
	return (void *)(intptr_t)id;
}

/* The request is a plain int on purpose: were it a struct in this frame,
 * clang's TSan would not see the slot rewritten (it does not instrument
 * stores to fields whose own addresses do not escape). */
static pthread_t start_request(int id)
{
	int *request_id = malloc(sizeof *request_id);
	pthread_t t;

	if (!request_id)
		abort();
	*request_id = id;
	RL_CHECK(pthread_create(&t, NULL, handle, request_id));
	return t;
}

int main(void)
{
	pthread_t t1, t2;
	void *seen1, *seen2;

	t1 = start_request(1);
	t2 = start_request(2);
	rl_event_post(&requests_made);
	RL_CHECK(pthread_join(t1, &seen1));
	RL_CHECK(pthread_join(t2, &seen2));
	printf("thread 1 handled request %d, thread 2 request %d\n",
	       (int)(intptr_t)seen1, (int)(intptr_t)seen2);
	if ((intptr_t)seen1 != 1 || (intptr_t)seen2 != 2)
		rl_symptom("wrong-result", "thread 1 handled request %d and thread 2 request %d, expected 1 and 2",
			   (int)(intptr_t)seen1, (int)(intptr_t)seen2);
	return 0;
}
