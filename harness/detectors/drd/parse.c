/* drd/parse.c - DRD's XML -> findings: its table of kinds and texts for
 * the Valgrind XML reader (../valgrind/xml.c).
 *
 * DRD names its kinds by the object they concern (drd_error.c in Valgrind
 * 3.19), so most map directly. It has no lock-order check at all. */
#include "parse.h"

static const struct vg_kind_rule drd_kinds[] = {
	{ "ConflictingAccess", RL_CAT_DATA_RACE, 0 },
	{ "MutexErr", RL_CAT_MUTEX_MISUSE, 0 },	/* not locked, still locked at exit, ... */
	{ "RwlockErr", RL_CAT_MUTEX_MISUSE, 0 },
	{ "HoldtimeErr", RL_CAT_OTHER, 0 },	/* only with --exclusive-threshold */
	{ "CondErr", RL_CAT_CONDVAR_MISUSE, 0 },
	{ "CondDestrErr", RL_CAT_CONDVAR_MISUSE, 0 },
	/* "signaled but the associated mutex is not locked": Helgrind's
	 * "dubious" signal, which racelab also calls condvar-misuse */
	{ "CondRaceErr", RL_CAT_CONDVAR_MISUSE, 0 },
	{ "CondWaitErr", RL_CAT_CONDVAR_MISUSE, 0 },
	/* Helgrind's semaphore and barrier complaints are `other` too */
	{ "SemaphoreErr", RL_CAT_OTHER, 0 },
	{ "BarrierErr", RL_CAT_OTHER, 0 },
	{ "GenericErr", RL_CAT_OTHER, 1 },
	{ "InvalidThreadId", RL_CAT_OTHER, 0 },
	{ NULL, RL_CAT_OTHER, 0 },
};

/* GenericErr carries a sentence of its own; as for Helgrind, condition
 * variables first, since their complaints name their mutex. */
static const struct vg_text_rule drd_texts[] = {
	{ "condition variable", RL_CAT_CONDVAR_MISUSE },
	{ "pthread_cond_", RL_CAT_CONDVAR_MISUSE },
	{ "semaphore", RL_CAT_OTHER },
	{ "barrier", RL_CAT_OTHER },
	{ "mutex", RL_CAT_MUTEX_MISUSE },
	{ "rwlock", RL_CAT_MUTEX_MISUSE },
	{ "spinlock", RL_CAT_MUTEX_MISUSE },
	{ NULL, RL_CAT_OTHER },
};

static const struct vg_tool drd = {
	.name = "drd",
	.thread_mark = "thread ",	/* "Conflicting load by thread 3" */
	.kinds = drd_kinds,
	.texts = drd_texts,
};

int rl_parse_drd_xml(const char *xml, size_t len, struct rl_findings *out,
		     struct rl_parse_info *info)
{
	return rl_parse_valgrind_xml(&drd, xml, len, out, info, NULL);
}

int rl_parse_drd_xml_supps(const char *xml, size_t len,
			   struct rl_findings *out, struct rl_parse_info *info,
			   struct vg_suppressions *supps)
{
	return rl_parse_valgrind_xml(&drd, xml, len, out, info, supps);
}
