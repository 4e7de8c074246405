/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the cgroup*.c files (not for other modules). */
#ifndef RUNH_CGROUP_INTERNAL_H
#define RUNH_CGROUP_INTERNAL_H

#include <stdbool.h>
#include <sys/types.h>

#include "cgroup.h"

/* "memory" in "cpu,memory" (comma-separated controller lists). */
bool lc_cgroup_has_controller(const char *list, const char *name);
/* The container's directory in hierarchy h (O_NOFOLLOW), or -1. */
int lc_cgroup_open_leaf(const struct lc_cgroup_hier *h, const char *path);
/* cgroup.procs of dfd as a 0-terminated array, NULL when empty or unreadable. */
pid_t *lc_cgroup_read_procs(int dfd);

/* The first field of res (already normalized) that hierarchy h of l takes, as
 * "memory.limit"; NULL when res asks nothing of it (cgroup_rootless.c). */
const char *lc_cgroup_field_for(const struct lc_cgroup_layout *l, const struct lc_cgroup_hier *h,
				const struct spec_resources *res);

/* What differs per kind of hierarchy.  Four kinds: a v1 controller hierarchy, the v1
 * freezer hierarchy, the cgroup2 tree of a pure v2 host, and the cgroup2 tree of a hybrid
 * host (it takes only what no v1 hierarchy can: hugetlb, rdma, unified keys; it has no
 * freezer, no device rules and no statistics).  NULL members: not in this kind. */
struct lc_cgroup_ops {
	/* Write res into the container's directory dfd (on create, with the device rules). */
	int (*apply)(const struct lc_cgroup_layout *l, const struct lc_cgroup_hier *h, int dfd,
		     const char *path, const struct spec_resources *res, enum lc_cgroup_op op,
		     struct lc_err *err);
	int (*freeze)(int dfd, bool frozen, struct lc_err *err);
	bool (*is_frozen)(int dfd);
	void (*stats)(int dfd, const struct lc_cgroup_hier *h, struct spec_stats *s);
};

const struct lc_cgroup_ops *lc_cgroup_ops_of(const struct lc_cgroup_layout *l,
					     const struct lc_cgroup_hier *h);

/* cgroup_run.c's halves of the table. */
int lc_cgroup_v1_freeze(int dfd, bool frozen, struct lc_err *err);
int lc_cgroup_v2_freeze(int dfd, bool frozen, struct lc_err *err);
bool lc_cgroup_v1_is_frozen(int dfd);
bool lc_cgroup_v2_is_frozen(int dfd);
void lc_cgroup_v1_stats(int dfd, const struct lc_cgroup_hier *h, struct spec_stats *s);
void lc_cgroup_v2_stats(int dfd, const struct lc_cgroup_hier *h, struct spec_stats *s);

#endif
