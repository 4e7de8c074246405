/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CHILD side: the container's init from clone to execve, inside the new namespaces.
 * It executes the plan the parent compiled (plan.h); it parses nothing and decides no
 * protocol step on its own (sync.h).
 */
#ifndef RUNH_INIT_H
#define RUNH_INIT_H

#include <signal.h>

#include "plan.h"

/* Child side: never returns; exits 1 after reporting an error over the sync socket.
 * fifo_fd: O_PATH of <state>/exec.fifo; proc_fd: the verified host /proc. */
_Noreturn void lc_init_run(const struct lc_plan *plan, int sync_fd, int fifo_fd, int proc_fd,
			   const sigset_t *sigmask);

#endif
