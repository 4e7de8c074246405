/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PARENT side: a container without a mount namespace of its own (none in the config, so it
 * inherits runh's, or one joined by path).  The spec wants the container in that namespace
 * with its mounts; runh makes them there, as runc does, but all under one private bind of
 * the rootfs onto itself (made by the child, rootfs.c), so that they reach no other
 * namespace and one detach removes them.  The root is a chroot: there is no pivot_root in
 * a namespace other processes live in.
 *
 * What delete needs is recorded before the bind exists: the mount it is stacked on
 * (root_below) and the namespace.  Release detaches what is stacked on root_below at the
 * rootfs, and only mounts whose parent chain leads to it: never a mount runh did not make.
 */
#ifndef RUNH_ROOTFS_SHARED_H
#define RUNH_ROOTFS_SHARED_H

#include "../spec/state_json.h"
#include "error.h"
#include "plan.h"

/* Fill st->shared_root, root_below, mntns_path, mntns_ino for plan p (shared_mntns). */
int lc_shared_root_record(const struct lc_plan *p, struct spec_state *st, struct lc_err *err);
/* Detach the container's rootfs bind recorded in st; 0 when there is none (any more). */
int lc_shared_root_release(const struct spec_state *st, struct lc_err *err);

#endif
