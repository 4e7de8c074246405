/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PARENT side: the one spawn engine of create, run and exec.  From a plan (plan.h) it
 * makes one clone3() — into the new namespaces for a container init, or into the
 * container's pid namespace for a process that joins it (the child joins the rest through
 * the init's pidfd) — places the child in its cgroup, writes id maps, rlimits (prlimit)
 * and oom_score_adj, and drives the protocol of sync.h to its end.  On failure the child
 * is killed and reaped before returning.
 */
#ifndef RUNH_SPAWN_H
#define RUNH_SPAWN_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "plan.h"
#include "sync.h"

struct lc_spawn_opts {
	const struct lc_plan *plan;
	int proc_fd;		       /* verified host /proc */
	int fifo_fd;		       /* INIT: O_PATH of exec.fifo */
	int init_pidfd;		       /* JOIN: the container's init */
	bool detach;		       /* JOIN: the process outlives runh */
	const sigset_t *child_sigmask; /* the mask the program starts with */
	/* INIT: right after the clone, before the child goes on: records the pid so that a
	 * crash of runh from here on leaves a state `delete --force` can act on. */
	int (*on_cloned)(pid_t pid, uint64_t start_time, void *userdata, struct lc_err *err);
	struct lc_sync_parent_ops ops; /* the protocol's optional steps; ops.userdata */
};

struct lc_spawn_result {
	pid_t pid;
	int pidfd;
	uint64_t start_time;
};

int lc_spawn(const struct lc_spawn_opts *o, struct lc_spawn_result *ret, struct lc_err *err);

/* Wait for the spawned process to exit, forwarding the signals of sigs to it (and
 * proxying its terminal when master >= 0); *ret_si says how.  It is not reaped yet: its
 * pid still names it (to explain its death, see death.h) until lc_spawn_reap(). */
int lc_spawn_wait(pid_t pid, int pidfd, int master, const sigset_t *sigs, siginfo_t *ret_si,
		  struct lc_err *err);
/* Reap it; returns its exit status, 128+N after signal N. */
int lc_spawn_reap(pid_t pid, const siginfo_t *si);

/* A child process that is killed and reaped when it goes out of scope, unless taken
 * (pid set to 0).  Never a SIGKILL without the reap. */
struct lc_child {
	pid_t pid;
	int pidfd;
};
void lc_child_kill(struct lc_child *c);

#endif
