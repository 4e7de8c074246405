/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CHILD side: a permission error inside the rootfs explained, with a user namespace,
 * where the container's root is an unprivileged host uid: which directory it cannot
 * search, that directory's mode and owner, and which host uid the container's root is.
 */
#ifndef RUNH_EACCES_H
#define RUNH_EACCES_H

#include "error.h"

/* Child side: runs inside the new namespaces, as the container's root, before
 * pivot_root.  r: the result of resolving path (in the rootfs root_fd); an -EACCES
 * becomes "the container's root (host uid 100000) cannot search '/secret' (0700, owner
 * ...)" in err when a directory on the way is the reason; any other r is returned as is. */
int lc_eacces_explain(int root_fd, const char *path, int r, struct lc_err *err);

#endif
