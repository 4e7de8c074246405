/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PARENT side of the clone: prepare everything the child needs, one clone3() into the
 * new namespaces, write id maps and limits, drive the protocol of sync.h up to READY.
 * On failure the child is killed and reaped before returning.
 */
#ifndef RUNH_SPAWN_H
#define RUNH_SPAWN_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "../spec/spec.h"
#include "cgroup.h"
#include "error.h"

struct lc_spawn_opts {
	const struct spec_config *cfg;
	const char *rootfs; /* absolute, symlinks resolved */
	int fifo_fd;	    /* O_PATH of exec.fifo */
	int proc_fd;	    /* verified host /proc */
	bool no_pivot;
	int preserve_fds;
	const sigset_t *child_sigmask; /* the mask the program starts with */
	const struct lc_cgroup_layout *cg_layout; /* the container's cgroup, created already */
	const char *cg_path;
	/* Called right after the clone, before the child goes on: records the pid so that a
	 * crash of runh from here on leaves a state `delete --force` can act on. */
	int (*on_cloned)(pid_t pid, uint64_t start_time, void *userdata, struct lc_err *err);
	/* process.terminal: the pty master; the callee owns fd. */
	int (*on_console)(int fd, void *userdata, struct lc_err *err);
	/* The state JSON (status, pid) given to hooks, as a memfd; -1 on error. */
	int (*hook_state)(const char *status, void *userdata, struct lc_err *err);
	/* Called with the seccomp notify listener (linux.seccomp.listenerPath); owns fd. */
	int (*on_seccomp_fd)(int fd, pid_t pid, void *userdata, struct lc_err *err);
	void *userdata;
};

struct lc_spawn_result {
	pid_t pid;
	int pidfd;
	uint64_t start_time;
};

int lc_spawn_init(const struct lc_spawn_opts *o, struct lc_spawn_result *ret, struct lc_err *err);

#endif
