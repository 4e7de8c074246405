/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PARENT side: running without root (rootless).  What an unprivileged caller can and
 * cannot do, decided before anything exists:
 *
 *   - the --rootless value (runc's: true, false, auto; auto = euid != 0 or already in a
 *     user namespace);
 *   - the user namespace's id maps: a single id mapping the caller's own uid (gid) is
 *     written straight to uid_map (gid_map after setgroups "deny", the kernel's rule for
 *     unprivileged writers); anything more goes through newuidmap/newgidmap (Debian's
 *     uidmap), which check /etc/subuid and /etc/subgid: runh checks the same ranges first
 *     so that a refusal names the mapping and the range it has;
 *   - cgroups (cgroup_rootless.c): only hierarchies the caller can write are used.
 *
 * The id-range logic takes the file's text, not a path: unit-tested without root.
 */
#ifndef RUNH_ROOTLESS_H
#define RUNH_ROOTLESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "../spec/spec.h"
#include "error.h"

enum lc_rootless {
	LC_ROOTLESS_AUTO = -1,
	LC_ROOTLESS_FALSE = 0,
	LC_ROOTLESS_TRUE = 1,
};

/* "auto" (or "") / runc's boolean words (1 t T TRUE true True, 0 f F FALSE false False). */
int lc_rootless_parse(const char *s, enum lc_rootless *ret, struct lc_err *err);
/* Is runh itself in a user namespace other than the initial one (uid_map not the
 * identity of all 2^32-1 ids)? */
bool lc_rootless_in_userns(void);
/* auto → euid != 0 or in a user namespace; true/false as given. */
bool lc_rootless_resolve(enum lc_rootless mode);

/* One delegated range of /etc/subuid or /etc/subgid. */
struct lc_subid_range {
	unsigned long long start, count;
};

/* The ranges of text (the content of /etc/subuid or /etc/subgid) that belong to the user
 * with login name and uid id ("name:start:count" or "uid:start:count" lines, '#'
 * comments); heap array. */
int lc_subid_parse(const char *text, const char *name, unsigned int id, struct lc_subid_range **ret,
		   size_t *ret_n);

/* A single mapping of one id onto the caller's own id: the kernel lets the caller write
 * it without any privilege. */
bool lc_idmap_is_self(const struct spec_idmap *m, size_t n, unsigned int self);
/* The first mapping of m that neither maps the caller's own id alone nor lies inside one
 * of the ranges (what newuidmap / newgidmap refuse); -1 when all are allowed. */
int lc_idmap_first_refused(const struct spec_idmap *m, size_t n, unsigned int self,
			   const struct lc_subid_range *r, size_t n_r);

/* How the parent writes one map of a new user namespace: straight to the file when runh
 * is root or the map is the caller's own id alone (gid_map: setgroups "deny" first),
 * else through newuidmap / newgidmap. */
enum lc_idmap_writer {
	LC_IDMAP_DIRECT,
	LC_IDMAP_DIRECT_DENY_SETGROUPS,
	LC_IDMAP_HELPER,
};
enum lc_idmap_writer lc_idmap_writer_for(const struct spec_idmap *m, size_t n, bool gid);

/*
 * Everything a rootless create would be refused for, before anything exists: a user
 * namespace is needed; each id map must be writable (the caller's own id alone, or
 * ranges that /etc/subuid resp. /etc/subgid give the caller, with newuidmap/newgidmap
 * installed); process.user's ids must be mapped; additionalGids need setgroups, which a
 * direct gid map denies.  etc is
 * "/etc" (tests pass a directory of their own).  Does nothing when runh is root.
 */
int lc_rootless_check_idmaps(const struct spec_config *cfg, const char *etc, struct lc_err *err);

/* Run newuidmap/newgidmap (helper "newuidmap" or "newgidmap") for pid with the mappings;
 * its own message is part of the error. */
int lc_idmap_run_helper(const char *helper, pid_t pid, const struct spec_idmap *m, size_t n,
			struct lc_err *err);

/* A container without a cgroup (rootless): its processes are those in the pid namespace
 * of its init (0-terminated, heap; NULL when none can be read). */
pid_t *lc_rootless_pidns_pids(pid_t init);

#endif
