/* helgrind/parse.c - Helgrind's XML -> findings: its table of kinds and
 * texts for the Valgrind XML reader (../valgrind/xml.c). */
#include "parse.h"

static const struct vg_kind_rule helgrind_kinds[] = {
	{ "Race", RL_CAT_DATA_RACE, 0 },
	{ "LockOrder", RL_CAT_LOCK_ORDER, 0 },
	{ "UnlockUnlocked", RL_CAT_MUTEX_MISUSE, 0 },
	{ "UnlockForeign", RL_CAT_MUTEX_MISUSE, 0 },
	{ "UnlockBogus", RL_CAT_MUTEX_MISUSE, 0 },
	{ "PthAPIerror", RL_CAT_OTHER, 1 },
	{ "Misc", RL_CAT_OTHER, 1 },
	{ NULL, RL_CAT_OTHER, 0 },
};

/* Misc and PthAPIerror texts (Helgrind 3.19 has ~40). First match wins:
 * condvar complaints come first because they often name their mutex;
 * semaphores and barriers before the lock words for the same reason. The
 * lock needles avoid a bare "lock", which would catch "deadlock" in
 * "pthread_join failed with error code 35 (EDEADLK: Resource deadlock
 * avoided)". Anything unmatched is RL_CAT_OTHER, never dropped. */
static const struct vg_text_rule helgrind_texts[] = {
	{ "pthread_cond_", RL_CAT_CONDVAR_MISUSE },
	{ "cond var", RL_CAT_CONDVAR_MISUSE },
	{ "condition variable", RL_CAT_CONDVAR_MISUSE },
	{ "sem_", RL_CAT_OTHER },
	{ "semaphore", RL_CAT_OTHER },
	{ "barrier", RL_CAT_OTHER },
	{ "pthread_mutex_", RL_CAT_MUTEX_MISUSE },
	{ "pthread_rwlock_", RL_CAT_MUTEX_MISUSE },
	{ "pthread_spin_", RL_CAT_MUTEX_MISUSE },
	{ "mutex", RL_CAT_MUTEX_MISUSE },
	{ "rwlock", RL_CAT_MUTEX_MISUSE },
	{ "re-lock", RL_CAT_MUTEX_MISUSE },
	{ "still holds", RL_CAT_MUTEX_MISUSE },
	{ "lock granted", RL_CAT_MUTEX_MISUSE },
	{ NULL, RL_CAT_OTHER },
};

static const struct vg_tool helgrind = {
	.name = "helgrind",
	.thread_mark = "thread #",
	.kinds = helgrind_kinds,
	.texts = helgrind_texts,
};

int rl_parse_helgrind_xml(const char *xml, size_t len,
			  struct rl_findings *out, struct rl_parse_info *info)
{
	return rl_parse_valgrind_xml(&helgrind, xml, len, out, info, NULL);
}

int rl_parse_helgrind_xml_supps(const char *xml, size_t len,
				struct rl_findings *out, struct rl_parse_info *info,
				struct vg_suppressions *supps)
{
	return rl_parse_valgrind_xml(&helgrind, xml, len, out, info, supps);
}
