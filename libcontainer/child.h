/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CHILD side: the steps the container's init (init.c) and an exec'd process (join.c)
 * take alike, each driven by the plan and the protocol cursor: the pty to the parent,
 * the LSM exec labels, the seccomp filter and its listener.
 */
#ifndef RUNH_CHILD_H
#define RUNH_CHILD_H

#include <stdbool.h>

#include "error.h"
#include "plan.h"
#include "sync.h"

/* CONSOLE, when planned: make the pty (console: also /dev/console) and send the master. */
int lc_child_send_console(const struct lc_plan *p, struct lc_sync_child *sync, bool console,
			  struct lc_err *err);
/* The AppArmor profile and SELinux label of the program's execve, through the verified
 * procfs at proc_fd. */
int lc_child_set_exec_labels(const struct lc_plan *p, int proc_fd, struct lc_err *err);
/* noNewPrivileges when asked, the seccomp filter, and SECCOMP_FD when planned. */
int lc_child_load_seccomp(const struct lc_plan *p, struct lc_sync_child *sync, struct lc_err *err);

#endif
