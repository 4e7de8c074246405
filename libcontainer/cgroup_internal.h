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

#endif
