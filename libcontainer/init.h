/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CHILD side: the container's init from clone to execve, inside the new namespaces.
 * It executes the plan the parent compiled (plan.h); it parses nothing and decides no
 * protocol step on its own (sync.h).
 */
#ifndef RUNH_INIT_H
#define RUNH_INIT_H

#include <signal.h>
#include <stdbool.h>

#include "plan.h"

/* Child side: never returns; exits 1 after reporting an error over the sync socket.
 * fifo_fd: O_PATH of <state>/exec.fifo; proc_fd: the verified host /proc; in_namespaces:
 * the namespaces were joined and made already (by lc_init_stage1). */
_Noreturn void lc_init_run(const struct lc_plan *plan, int sync_fd, int fifo_fd, int proc_fd,
			   const sigset_t *sigmask, bool in_namespaces);
/* Child side, step 0 of a container that joins a user namespace: join it and the other
 * namespaces given by path, unshare the new ones (so that they belong to it), clone the
 * init with CLONE_PARENT, send its pidfd, exit. */
_Noreturn void lc_init_stage1(const struct lc_plan *plan, int sync_fd, int fifo_fd, int proc_fd,
			      const sigset_t *sigmask);

#endif
