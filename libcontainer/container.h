/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PUBLIC API for runtime/: the container lifecycle (create, start, run, state, kill,
 * delete, list).  Orchestration and rollback in the parent; no printing, no exit().
 */
#ifndef RUNH_CONTAINER_H
#define RUNH_CONTAINER_H

#include <stdbool.h>
#include <sys/types.h>

#include "../spec/audit.h"
#include "../spec/spec.h"
#include "../spec/state_json.h"
#include "../spec/stats.h"
#include "error.h"

struct lc_create_opts {
	const char *root; /* state root, e.g. /run/runh */
	const char *id;
	const char *bundle;   /* directory holding config.json */
	const char *pid_file; /* NULL = none */
	bool no_pivot;
	int preserve_fds;
	int listen_fds; /* LISTEN_FDS of the caller (socket activation): kept after stdio */
	const char *console_socket; /* process.terminal: where the pty master goes */
	const char
		*config_text; /* required: the bytes cfg was parsed from, kept for exec and hooks */
	size_t config_len;
	bool rootless; /* --rootless (resolved): only cgroups the caller can write */
};

/* create: returns once the init waits on exec.fifo (status "created"). */
int lc_container_create(const struct lc_create_opts *o, const struct spec_config *cfg,
			pid_t *ret_pid, struct lc_err *err);
int lc_container_start(const char *root, const char *id, struct lc_err *err);
/* How a container's init ended. */
struct lc_exit {
	int status;    /* as a shell gives it: 128+N after signal N; -1 unknown */
	char why[512]; /* in words: "killed by SIGKILL: out of memory in cgroup ..." */
};

/* run: create + start + wait; signals are forwarded; *ret_exit says how it ended (status
 * 0 and why "" with detach, which returns after start).  keep: leave the state. */
int lc_container_run(const struct lc_create_opts *o, const struct spec_config *cfg, bool detach,
		     bool keep, struct lc_exit *ret_exit, struct lc_err *err);
/* For `events`, once the init's pidfd polls readable: how it ended, from the zombie while
 * it is one, else from what a foreground run recorded in the state dir. */
int lc_container_exit(const char *root, const char *id, int pidfd, struct lc_exit *ret,
		      struct lc_err *err);
/* The OCI state with the live status (pid 0 once stopped). */
int lc_container_state(const char *root, const char *id, struct spec_state **ret,
		       struct lc_err *err);
/* all: every process in the container's cgroup, not only the init. */
int lc_container_kill(const char *root, const char *id, int sig, bool all, struct lc_err *err);
int lc_container_delete(const char *root, const char *id, bool force, struct lc_err *err);
/* pause / resume through the cgroup freezer; state becomes "paused" / "running". */
int lc_container_pause(const char *root, const char *id, bool pause, struct lc_err *err);
/* Change the container's cgroup limits. */
int lc_container_update(const char *root, const char *id, const struct spec_resources *res,
			struct lc_err *err);
/* Statistics of the container's cgroup (also once stopped, until delete); with ret_pidfd
 * the container must run and *ret_pidfd is its init's pidfd, to wait for it. */
int lc_container_stats(const char *root, const char *id, struct spec_stats *ret, int *ret_pidfd,
		       struct lc_err *err);
/* The host pids of every process in the container's cgroup (0-terminated, heap). */
int lc_container_pids(const char *root, const char *id, pid_t **ret, struct lc_err *err);
/* Every container under root; unreadable entries are skipped with a warning. */
int lc_container_list(const char *root, struct spec_state ***ret, size_t *ret_n,
		      struct lc_err *err);

/* For `runh audit`: what this host and build can apply (which LSMs run; the seccomp
 * syscall names of cfg libseccomp does not know).  Free with lc_audit_host_free. */
void lc_audit_host(const struct spec_config *cfg, struct spec_audit_host *ret);
void lc_audit_host_free(struct spec_audit_host *h);

#endif
