/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by cgroup_v1.c and cgroup_v2.c: one formatted write to a cgroup file. */
#ifndef RUNH_CGROUP_FILES_H
#define RUNH_CGROUP_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* Write the formatted value to dfd/file; an error names what (the config property). */
int lc_cgroup_put(int dfd, const char *file, const char *what, struct lc_err *err, const char *fmt,
		  ...) __attribute__((format(printf, 5, 6)));

/* update is all-or-nothing: between begin and end every lc_cgroup_put either only checks
 * that its file is there and writable (dry) or records the value it replaces, and end
 * puts those back, newest first, when asked to.  One journal at a time (runh is one
 * thread). */
struct lc_cgroup_journal {
	bool dry;
	struct undo *undo;
	size_t n;
};

void lc_cgroup_journal_begin(struct lc_cgroup_journal *j, bool dry);
void lc_cgroup_journal_end(struct lc_cgroup_journal *j, bool rollback);
/* What to write to file to put back old after val was written; NULL: nothing. */
char *lc_cgroup_undo_value(const char *file, const char *old, const char *val);

#endif
