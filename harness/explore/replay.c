/* replay.c - `racelab replay` (explore.h): a schedule file run again, N
 * times, and whether its bug came back or where the program went another
 * way than when it was recorded.
 */
#define _GNU_SOURCE
#include "explore.h"
#include "explore_int.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/output.h"
#include "harness/words.h"

/* ---- replay */

int rl_replay_main(int argc, char **argv)
{
	struct explore e = { 0 };
	json_error_t err;
	json_t *doc, *v;
	const char *file = NULL, *kind;
	char said[PATH_MAX + 200];
	int runs = 1, came = 0, rc;
	pid_t pid;
	size_t i;
	char id[32];

	xp_defaults(&e);
	for (int a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "-h") || !strcmp(argv[a], "--help")) {
			fputs(rl_replay_usage, stdout);
			return 0;
		}
		if (!strncmp(argv[a], "--runs", 6)) {
			const char *val = argv[a][6] == '=' ? argv[a] + 7 :
					  a + 1 < argc ? argv[++a] : "";

			if (rl_parse_count("--runs", val, 1000, &runs))
				return 2;
		} else if (!strncmp(argv[a], "--out", 5)) {
			const char *val = argv[a][5] == '=' ? argv[a] + 6 :
					  a + 1 < argc ? argv[++a] : NULL;

			if (!val)
				return rl_refuse("`--out` needs a value.");
			e.out = rl_user_path(val);
		} else if (argv[a][0] == '-') {
			return rl_refuse("replay has no option `%s`: `./racelab replay --help` lists its options.",
				      argv[a]);
		} else if (file) {
			return rl_refuse("replay takes one schedule file, and `%s` is a second.",
				      argv[a]);
		} else {
			file = rl_user_path(argv[a]);
		}
	}
	if (!file)
		return rl_refuse("replay needs a schedule file: `./racelab replay racelab-explore/NAME/bug-1.schedule`.");
	if (!(doc = json_load_file(file, 0, &err)) ||
	    json_integer_value(json_object_get(doc, "racelab_schedule")) != 1 ||
	    !json_is_object(json_object_get(doc, "schedule_file")))
		return rl_refuse("`%s` is not a schedule file of racelab explore%s%s.",
			      file, doc ? "" : ": ", doc ? "" : err.text);
	json_array_foreach(json_object_get(doc, "sources"), i, v)
		if (i < RL_BUILD_MAX_SOURCES && json_string_value(v))
			e.files[e.nfiles++] = strdup(json_string_value(v));
	json_array_foreach(json_object_get(doc, "flags"), i, v)
		if (i < RL_BUILD_MAX_FLAGS && json_string_value(v))
			e.flags[e.nflags++] = strdup(json_string_value(v));
	json_array_foreach(json_object_get(doc, "args"), i, v)
		if (i < MAX_ARGS && json_string_value(v))
			e.args[e.nargs++] = strdup(json_string_value(v));
	if (!e.nfiles)
		return rl_refuse("the schedule file `%s` names no source.", file);
	snprintf(id, sizeof id, "%016llx",
		 xp_identity(e.files, e.nfiles, e.flags, e.nflags));
	if (strcmp(id, json_string_value(json_object_get(doc, "identity")) ?: "")) {
		json_decref(doc);
		return rl_refuse("%s changed since the schedule was recorded: a schedule replays only the program it was found in.",
			      e.files[0]);
	}
	kind = json_string_value(json_object_get(doc, "kind")) ?: "?";
	if ((rc = xp_prepare(&e)))
		return rc;
	snprintf(e.dir + strlen(e.dir), sizeof e.dir - strlen(e.dir), "-replay");
	snprintf(e.work, sizeof e.work, "%s/work", e.dir);
	if (rl_output_dir(e.dir, said, sizeof said))
		return rl_refuse("%s", said);
	if (rl_output_dirs(e.work, 1))
		return rl_refuse("cannot create %s.", e.work);
	if ((rc = xp_build(&e)))
		return rc;
	pid = xp_baseline_start(&e);
	e.strategy = "replay";
	e.jobs = 1;
	for (int r = 0; r < runs; r++) {
		struct rl_spawn s = { 0 };
		struct rl_outcome o;
		json_t *bugs = json_array(), *races = json_array(), *end = NULL;
		json_t *diverged = NULL;
		char path[PATH_MAX + 32];
		const char *got, *why;

		xp_server_spawn(&e, &s, 0, 1, NULL);
		rl_spawn_setenv(&s, "RL_EXPLORE_REPLAY=%s", file);
		rc = xp_run_quiet(&s, e.dir, "replay", 120, &o);
		rl_spawn_free(&s);
		snprintf(path, sizeof path, "%s/replay.stdout", e.dir);
		if (!rc)
			xp_read_server(path, bugs, races, &end, &diverged);
		got = json_string_value(json_object_get(json_array_get(bugs, 0), "kind"));
		why = json_string_value(json_object_get(diverged, "why"));
		if (got && !strcmp(got, kind)) {
			came++;
			printf("run %d: the %s came back (schedule %lld, %lld steps)\n",
			       r + 1, kind,
			       json_integer_value(json_object_get(doc, "schedule")) + 1,
			       json_integer_value(json_object_get(json_array_get(bugs, 0), "steps")));
		} else {
			printf("run %d: the %s did not come back%s%s%s\n", r + 1, kind,
			       got ? "; instead: " : "", got ? got : "",
			       why && *why ? "" : rc || !end ? " (the program did not run under the scheduler)" : "");
			if (why && *why)
				printf("  %s\n", why);
		}
		json_decref(bugs);
		json_decref(races);
		json_decref(end);
		json_decref(diverged);
	}
	xp_baseline_end(&e, pid);
	printf("replay: the %s came back in %d of %d run%s\n", kind, came, runs,
	       runs == 1 ? "" : "s");
	json_decref(doc);
	return came == runs ? 1 : came ? 2 : 0;
}
