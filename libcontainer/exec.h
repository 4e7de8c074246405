/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `exec`: a new process in a running container.  runh enters the container's pid
 * namespace for its children only, clones once (into the container's cgroup on v2), and
 * the child makes itself non-dumpable before it joins the rest of the init's namespaces
 * through the init's pidfd, so no process of the container can reach runh's binary or
 * memory (CVE-2019-5736 class).  Parent and child side.
 */
#ifndef RUNH_EXEC_H
#define RUNH_EXEC_H

#include <stdbool.h>

#include "../spec/spec.h"
#include "error.h"

struct lc_exec_opts {
	const char *root;
	const char *id;
	const struct spec_config *cfg;	    /* the container's config (seccomp) */
	const struct spec_process *process; /* what to run, defaults merged by the caller */
	bool detach;
	const char *pid_file;
	const char *console_socket; /* process.terminal: where the pty master goes */
	const char *sub_cgroup;	    /* --cgroup: an existing sub-cgroup of the container's */
	int preserve_fds;
};

/* Runs the process; without detach waits for it and sets *ret_status (128+N on signal N). */
int lc_container_exec(const struct lc_exec_opts *o, int *ret_status, struct lc_err *err);

#endif
