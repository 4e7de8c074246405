/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Path resolution inside the container's rootfs that never leaves it: openat2(2) with
 * RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS, and mkdir -p built on it.  A symlink in a
 * hostile rootfs (even one swapped in between check and use) resolves inside the root.
 * Child side (also usable in the parent on a rootfs dirfd).
 */
#ifndef RUNH_SAFEPATH_H
#define RUNH_SAFEPATH_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"

int lc_openat2(int dfd, const char *path, int flags, unsigned long long resolve, mode_t mode);
/* Open path inside root_fd (O_PATH unless flags say otherwise). */
int lc_safe_open(int root_fd, const char *path, int flags, struct lc_err *err);
/* Make path (and parents) inside root_fd; the last component a file when is_file. Returns an
 * O_PATH fd of it. */
int lc_safe_mkdir_p(int root_fd, const char *path, bool is_file, mode_t mode, struct lc_err *err);
/* Split "/a/b/c" into parent "a/b" opened inside root_fd and the name "c". */
int lc_safe_open_parent(int root_fd, const char *path, const char **ret_name, struct lc_err *err);

#endif
