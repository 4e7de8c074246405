/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CHILD side of `exec`: a process that joins a running container.  It makes itself
 * non-dumpable before anything else (no process of the container may reach runh's
 * binary or memory: CVE-2019-5736 class), joins the init's namespaces through its pidfd
 * (the pid namespace was entered by the parent for the clone), then becomes the process.
 */
#ifndef RUNH_JOIN_H
#define RUNH_JOIN_H

#include <signal.h>
#include <stdbool.h>

#include "plan.h"

/* Child side: never returns. */
_Noreturn void lc_join_run(const struct lc_plan *plan, int sync_fd, int init_pidfd, bool detach,
			   const sigset_t *sigmask);

#endif
