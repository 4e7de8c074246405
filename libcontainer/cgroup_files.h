/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by cgroup_v1.c and cgroup_v2.c: one formatted write to a cgroup file. */
#ifndef RUNH_CGROUP_FILES_H
#define RUNH_CGROUP_FILES_H

#include "error.h"

/* Write the formatted value to dfd/file; an error names what (the config property). */
int lc_cgroup_put(int dfd, const char *file, const char *what, struct lc_err *err,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
