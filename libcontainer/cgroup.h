/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cgroups, fs driver.  The host is pure v1, pure v2 or hybrid (v1 controllers plus a
 * cgroup2 mount, as on this project's machines); all three work.  The container's cgroup
 * is created and limited before the clone, the init is placed in it before GO (v1) or
 * cloned into it (v2, CLONE_INTO_CGROUP), and delete kills what is left and removes it.
 * Only cgroups runh created are ever written or removed.  Parent side.
 */
#ifndef RUNH_CGROUP_H
#define RUNH_CGROUP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "../spec/spec.h"
#include "../spec/stats.h"
#include "error.h"

enum lc_cgroup_mode {
	LC_CGROUP_NONE,
	LC_CGROUP_V1,
	LC_CGROUP_V2,
	LC_CGROUP_HYBRID,
};

#define LC_CGROUP_MAX_HIER 16

/* One mounted hierarchy: a v1 controller set or the cgroup2 tree. */
struct lc_cgroup_hier {
	char mountpoint[256];
	char controllers[128]; /* "memory", "cpu,cpuacct", "name=systemd"; "" for cgroup2 */
	bool is_v2;
};

struct lc_cgroup_layout {
	enum lc_cgroup_mode mode;
	bool no_device_rules; /* lc_cgroup_rootless(): the caller cannot write device rules */
	/* Rootless: the container's cgroup exists only in the hierarchies the caller could
	 * write; exec joins those (lc_cgroup_enter), a root-made one must be in every one. */
	bool partial;
	struct lc_cgroup_hier hier[LC_CGROUP_MAX_HIER];
	size_t n_hier;
};

/* Read the layout from a mountinfo text (unit-testable; the host's is
 * /proc/self/mountinfo).  Only mounts under root ("/sys/fs/cgroup") count. */
int lc_cgroup_layout_parse(const char *mountinfo, const char *root, struct lc_cgroup_layout *ret);
int lc_cgroup_layout_host(struct lc_cgroup_layout *ret, struct lc_err *err);

/* The cgroup path for a container: cgroupsPath made absolute ("rel" → "/runh/rel"),
 * "/runh/<id>" when absent; refuses "..", empty components and non-path characters. */
int lc_cgroup_path(const char *cgroups_path, const char *id, char **ret, struct lc_err *err);

/*
 * Rootless (--rootless, by default when runh is not root): keep in *l only the
 * hierarchies where this process can create the cgroup path (or join it when it exists: a
 * cgroup delegated to the caller).  Without root (or in a user namespace) device rules are
 * not applied, neither the v1 devices hierarchy nor a v2 device program (only root may;
 * in the user namespace the container reaches only the host's device nodes bound in, with
 * the caller's own permissions): a warning when the config has rules.  When no hierarchy
 * is left, *path is freed and NULL: the container gets no cgroup.  A limit of res whose
 * controller is in no kept hierarchy is an error naming the field and what to delegate.
 */
int lc_cgroup_rootless(struct lc_cgroup_layout *l, char **path, const struct spec_resources *res,
		       struct lc_err *err);

/* v1 ↔ v2 conversions (runc's). */
uint64_t lc_cgroup_shares_to_weight(uint64_t shares);
uint16_t lc_cgroup_blkio_to_io_weight(uint16_t weight);

/* What 0 means per linux.resources field, on create and on update (cgroup_res.c has the
 * table): out is res with every "0 = not set" field unset and what update ignores
 * removed.  out shares res's strings and arrays; lc_cgroup_res_done frees its own. */
enum lc_cgroup_op {
	LC_CGROUP_OP_CREATE,
	LC_CGROUP_OP_UPDATE,
};

struct lc_cgroup_res {
	struct spec_resources r; /* what to write */
	struct spec_memory mem;
	struct spec_cpu cpu;
	struct spec_blockio bio;
	struct spec_weight_device *wd;
};

void lc_cgroup_res_normalize(const struct spec_resources *res, enum lc_cgroup_op op,
			     struct lc_cgroup_res *out);
/* The same without the warnings (for a check before the real create). */
void lc_cgroup_res_normalize_quiet(const struct spec_resources *res, enum lc_cgroup_op op,
				   struct lc_cgroup_res *out);
void lc_cgroup_res_done(struct lc_cgroup_res *n);

/* Write the limits of res into an existing cgroup directory (one per hierarchy); dfd is
 * the container's directory in that hierarchy.  Unit-tested on fake trees. */
int lc_cgroup_v1_apply(int dfd, const char *controllers, const struct spec_resources *res,
		       struct lc_err *err);
int lc_cgroup_v2_apply(int dfd, const struct spec_resources *res, struct lc_err *err);

/* Create the cgroup in every hierarchy and apply res.  A leaf that exists already is
 * reused as runc does (refused when frozen, a warning when processes live in it).  On
 * failure only what this call created is removed, per hierarchy; nothing is killed.
 * *ret_top: the shallowest directory of path that runh created (itself or an ancestor) in
 * every hierarchy, so that destroy never removes a parent that someone else made; "" when
 * the leaf existed in some hierarchy: runh owns none of it. */
int lc_cgroup_create(const struct lc_cgroup_layout *l, const char *path,
		     const struct spec_resources *res, char **ret_top, struct lc_err *err);
/* The v2 directory fd for CLONE_INTO_CGROUP in *ret_fd, -1 when the host is not pure v2
 * (the init is then moved in with lc_cgroup_enter); 0 or -errno. */
int lc_cgroup_open_v2(const struct lc_cgroup_layout *l, const char *path, int *ret_fd,
		      struct lc_err *err);
/* Move pid into the cgroup in every hierarchy where it exists (v1 and hybrid; v2 after a
 * fallback clone); a rootless container's is only in some.  ENOENT when in none. */
int lc_cgroup_enter(const struct lc_cgroup_layout *l, const char *path, pid_t pid,
		    struct lc_err *err);
/* Signal every process in the cgroup (kill --all). */
int lc_cgroup_signal_all(const struct lc_cgroup_layout *l, const char *path, int sig,
			 struct lc_err *err);
/* Change the limits of an existing cgroup (runh update): only what res sets is written;
 * device rules only when res lists some (v1). */
int lc_cgroup_update(const struct lc_cgroup_layout *l, const char *path,
		     const struct spec_resources *res, struct lc_err *err);

/* Statistics from the cgroup files (what this host has; the rest stays 0). */
void lc_cgroup_stats(const struct lc_cgroup_layout *l, const char *path, struct spec_stats *s);

/* Every pid in the container's cgroup (0-terminated array, heap); NULL when none. */
pid_t *lc_cgroup_pids(const struct lc_cgroup_layout *l, const char *path);
/* Freeze (pause) or thaw (resume) the cgroup: v1 freezer.state, v2 cgroup.freeze; returns
 * once the kernel reports the new state (bounded wait). */
int lc_cgroup_freeze(const struct lc_cgroup_layout *l, const char *path, bool frozen,
		     struct lc_err *err);
/* Read-only: 1 when the freezer of the cgroup is frozen or freezing (what was asked of it,
 * v2 cgroup.freeze), 0 when thawed or the host has no freezer, -errno when unreadable. */
int lc_cgroup_frozen(const struct lc_cgroup_layout *l, const char *path);

/* Kill what is left and remove the cgroup from every hierarchy, then its now empty
 * ancestors down to top (what runh created; NULL: the cgroup alone, as recorded by older
 * versions; "": runh created nothing, so nothing is killed or removed). */
int lc_cgroup_destroy(const struct lc_cgroup_layout *l, const char *path, const char *top,
		      struct lc_err *err);

#endif
