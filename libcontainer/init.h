/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CHILD side: the container's init from clone to execve, inside the new namespaces.
 * Everything here was prepared by the parent (spawn.c); nothing is parsed.
 */
#ifndef RUNH_INIT_H
#define RUNH_INIT_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "../spec/spec.h"
#include "caps.h"
#include "seccomp.h"

struct lc_init_ctx {
	const struct spec_config *cfg;
	int sync_fd;	  /* child's end of the socketpair */
	int fifo_fd;	  /* O_PATH of <state>/exec.fifo */
	int host_proc_fd; /* verified host /proc */
	const char *rootfs;
	bool no_pivot;
	int ns_fds[SPEC_NS__MAX]; /* namespaces to join (setns), -1 elsewhere */
	int unshare_flags;	  /* namespaces created after GO (cgroup) */
	bool new_userns, new_netns;
	bool has_cgroupns;	/* else a cgroup mount shows the container's own directories */
	const char *cg_path;	/* the container's cgroup, "/runh/<id>" */
	struct lc_caps caps;
	bool has_seccomp;
	struct lc_seccomp seccomp; /* compiled by the parent */
	int preserve_fds;
	sigset_t saved_sigmask;
	/* filled by the child */
	int null_fd;	  /* verified /dev/null of the host, O_PATH */
	int hook_state_fd[2]; /* createContainer, startContainer state JSON (memfds) or -1 */
	mode_t saved_umask;
};

/* Child side: never returns; exits 1 after reporting an error over the sync socket. */
_Noreturn void lc_init_run(struct lc_init_ctx *ctx);

/* init.c: the prestart/createRuntime round trip and createContainer hooks, called by
 * lc_rootfs_setup right before pivot_root. */
int lc_init_before_pivot(struct lc_init_ctx *ctx, struct lc_err *err);

/* rootfs.c: everything from "/" propagation to pivot_root and the read-only root. */
int lc_rootfs_setup(struct lc_init_ctx *ctx, struct lc_err *err);
/* net.c: bring up lo in the new network namespace (libmnl). */
int lc_net_lo_up(struct lc_err *err);

#endif
