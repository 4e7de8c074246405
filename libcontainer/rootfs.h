/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CHILD side: the container's filesystem view (see rootfs.c), in two halves around the
 * prestart/createRuntime/createContainer hooks, which run between them (init.c).
 */
#ifndef RUNH_ROOTFS_H
#define RUNH_ROOTFS_H

#include "error.h"
#include "plan.h"

/* "/" propagation, the rootfs bind, the config's mounts, /dev, sysctl, masked and
 * read-only paths.  null_fd: the host's verified /dev/null (O_PATH), the mask for files. */
int lc_rootfs_prepare(const struct lc_plan *p, int null_fd, struct lc_err *err);
/* pivot_root (or --no-pivot), the read-only root, late rootfs propagation. */
int lc_rootfs_enter(const struct lc_plan *p, struct lc_err *err);

/* net.c: bring up lo in the new network namespace (libmnl). */
int lc_net_lo_up(struct lc_err *err);

#endif
