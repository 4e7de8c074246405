/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PARENT side: with a user namespace, the bind sources (and an idmapped rootfs) as
 * detached mount trees (open_tree(OPEN_TREE_CLONE)), opened in runh's own user namespace
 * before the clone.  The child inherits the fds and attaches them (rootfs.c): it never
 * looks up their host paths, which its root (an unprivileged host uid) may not be
 * allowed to search.  (The rootfs itself it reaches as its working directory, spawn.c.)
 * After the child's id maps are written, the idmapped ones get their user namespace
 * here: the child has no CAP_SYS_ADMIN over the host's filesystems.
 */
#ifndef RUNH_MOUNTTREE_H
#define RUNH_MOUNTTREE_H

#include <sys/types.h>

#include "error.h"
#include "plan.h"

/* Parent side */
/* Open p's bind sources and idmapped rootfs (INIT plans with a user namespace); fills
 * tree_fd and rootfs_tree_fd. */
int lc_mounttree_open(struct lc_plan *p, struct lc_err *err);
/* Make the idmapped trees idmapped (MOUNT_ATTR_IDMAP): with the user namespace of the
 * child pid (its maps written), or one made for a mount's own mappings.  Before GO. */
int lc_mounttree_idmap(const struct lc_plan *p, int proc_fd, pid_t pid, struct lc_err *err);

/* Close the trees: once the init is cloned it holds its own copies (a foreground run
 * must not keep the sources busy while the container runs). */
void lc_mounttree_close(struct lc_plan *p);

#endif
