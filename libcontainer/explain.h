/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The narration of `runh --explain` (see log.h for lc_explain and its sink): pure
 * formatters of kernel flags (unit-tested), and one narrator per kind of step that needs
 * more than one printf, called where the step is taken.  Each narrator returns at once
 * when narration is off; none of them acts on anything.
 */
#ifndef RUNH_EXPLAIN_H
#define RUNH_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "log.h"
#include "plan.h"

/* "NEWUSER|NEWNS|NEWPID" for CLONE_* bits (unknown bits as 0x...); "none" for 0. */
const char *lc_explain_clone_flags(unsigned long long flags, char *buf, size_t n);
/* "ro, nosuid, nodev, noexec, size=64M" for MS_* flags and a filesystem's data; "defaults"
 * when there is nothing.  MS_BIND, MS_REC and propagation bits are not options. */
const char *lc_explain_mount_flags(unsigned long flags, const char *data, char *buf, size_t n);
/* "rslave", "private", "shared", "unbindable" (r: MS_REC); "" for 0. */
const char *lc_explain_propagation(unsigned long prop);

/* PARENT: the clone (or exec's process) and what it gets: pid is the child's. */
void lc_explain_clone(const struct lc_plan *p, pid_t pid, bool in_cgroup);
/* PARENT: the uid_map and gid_map just written for pid. */
void lc_explain_idmaps(const struct lc_plan *p, pid_t pid);
/* CHILD: one mount of the config, as it is made. */
void lc_explain_mount(const struct lc_plan *p, const struct lc_mount_op *op);
/* CHILD: one device node, as it is made. */
void lc_explain_device(const struct lc_plan *p, const struct lc_dev_op *d);
/* CHILD: the seccomp filter: its rules, default action, where it is loaded (when). */
void lc_explain_seccomp(const struct lc_plan *p, const char *when);
/* CHILD: the program about to run, its user and privileges; when: "now", "after start". */
void lc_explain_exec(const struct lc_plan *p, const char *prog, const char *when);

#endif
