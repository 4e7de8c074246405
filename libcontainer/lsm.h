/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Linux security modules: process.apparmorProfile and process.selinuxLabel put on the
 * container's program at its execve (the kernel's "exec" attribute: one write before the
 * exec, nothing after it, so runh's own setup runs unconfined as it must).  Whether the
 * host runs each module is decided by the parent while it plans; the child writes.
 */
#ifndef RUNH_LSM_H
#define RUNH_LSM_H

#include <stdbool.h>

#include "error.h"

enum lc_lsm {
	LC_LSM_APPARMOR,
	LC_LSM_SELINUX,
};

/* Parent side: does this host run the module (AppArmor's "enabled" parameter; a mounted
 * selinuxfs)? */
bool lc_lsm_enabled(enum lc_lsm lsm);

/* The attribute file under /proc/<pid>/ and the bytes that label the next execve: AppArmor
 * "attr/apparmor/exec" (or the older "attr/exec" when has_apparmor_dir is false) with
 * "exec PROFILE"; SELinux "attr/exec" with the label.  Pure (unit-tested). */
void lc_lsm_exec_attr(enum lc_lsm lsm, const char *label, bool has_apparmor_dir,
		      const char **ret_file, char **ret_bytes);

/* Child side: label the next execve through the verified procfs at proc_fd (any pid
 * namespace: the writer finds itself through that procfs's "self"). */
int lc_lsm_set_exec_label(int proc_fd, enum lc_lsm lsm, const char *label, struct lc_err *err);

#endif
