/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A verified procfs handle: /proc opened without following links and checked with
 * fstatfs(PROC_SUPER_MAGIC); files under it are opened with RESOLVE_BENEATH |
 * RESOLVE_NO_SYMLINKS | RESOLVE_NO_XDEV and checked again, so nothing mounted over
 * /proc/... can redirect a write (CVE-2019-16884 class).
 */
#ifndef RUNH_PROCFS_H
#define RUNH_PROCFS_H

#include "../spec/spec.h"
#include "error.h"

/* Open and verify the procfs at path, relative to dfd (AT_FDCWD for the host's /proc). */
int lc_procfs_open(int dfd, const char *path, unsigned long long resolve, struct lc_err *err);
/* Open proc_fd/rel (flags O_RDONLY / O_WRONLY) and verify it lives on procfs. */
int lc_procfs_open_file(int proc_fd, const char *rel, int flags, struct lc_err *err);
/* Write a string to proc_fd/rel in one write(2). */
int lc_procfs_write(int proc_fd, const char *rel, const char *data, struct lc_err *err);
/* <pid>/uid_map or gid_map ("file"): the mappings as the kernel takes them, in one write. */
int lc_procfs_write_idmap(int proc_fd, pid_t pid, const char *file, const struct spec_idmap *m,
			  size_t n, struct lc_err *err);

#endif
