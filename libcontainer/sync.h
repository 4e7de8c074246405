/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The parent ⇄ child protocol over one SOCK_SEQPACKET socketpair: fixed-size typed
 * messages, one send() each, one recv() of the same size.
 *
 *   step  child C (new namespaces)                 parent P (runh)
 *   1     PDEATHSIG; wait GO                       write uid/gid maps, rlimits, oom_score_adj;
 *                                                  send GO
 *   2     uid 0 in the userns, cgroup ns, hostname,
 *         lo up, mounts, devices, sysctl, masked /
 *         readonly paths, pivot_root, read-only /,
 *         user, caps, cwd; send READY              on READY: state "created", pid file
 *   3     open exec.fifo for writing (blocks)      `start`: open the fifo for reading
 *   4     write one byte; execve                   read the byte: state "running"
 *
 *   Hooks: with createContainer/startContainer hooks P sends HOOK_STATE twice after GO
 *   (the state JSON for each kind, as memfds); with prestart/createRuntime hooks C sends
 *   HOOKS before pivot_root and waits for HOOKS_DONE, then runs createContainer itself.
 *
 *   With SCMP_ACT_NOTIFY rules, C sends SECCOMP_FD (the listener, by SCM_RIGHTS) before
 *   READY; P hands it to linux.seccomp.listenerPath.
 *
 *   LOG may come from C at any time (one debug/warning line); ERROR ends C: code +
 *   message, then C exits.  EOF before READY: "container init exited before READY".
 */
#ifndef RUNH_SYNC_H
#define RUNH_SYNC_H

#include <stdint.h>

#include "error.h"
#include "log.h"

enum lc_sync_type {
	LC_SYNC_GO = 1, /* P→C: id maps and limits are set: continue */
	LC_SYNC_READY,	/* C→P: set up, about to wait on exec.fifo */
	LC_SYNC_LOG,	/* C→P: one debug/warning line */
	LC_SYNC_ERROR,	/* C→P: code + message; C exits right after */
	LC_SYNC_SECCOMP_FD, /* C→P: the seccomp notify listener (SCM_RIGHTS), before READY */
	LC_SYNC_HOOK_STATE, /* P→C: after GO, a memfd with the state JSON for the container's hooks */
	LC_SYNC_HOOKS,	    /* C→P: mounts ready, run prestart + createRuntime hooks */
	LC_SYNC_HOOKS_DONE, /* P→C */
	LC_SYNC_CONSOLE,    /* C→P: the pty master (process.terminal), before READY */
};

struct lc_sync_msg {
	uint32_t type;
	int32_t code;		   /* errno for ERROR, level for LOG */
	char text[LC_ERR_MSG_MAX]; /* NUL-terminated */
};

int lc_sync_send(int fd, enum lc_sync_type type, int code, const char *text);
/* Wait for want; forwards LOG lines to the log, turns ERROR into err. */
int lc_sync_expect(int fd, enum lc_sync_type want, struct lc_err *err);
/* The same, for a message that carries an fd: *ret_fd gets it (O_CLOEXEC). */
int lc_sync_expect_fd(int fd, enum lc_sync_type want, int *ret_fd, struct lc_err *err);
/* Send a message with one fd attached. */
int lc_sync_send_fd(int fd, enum lc_sync_type type, int passed_fd);
/* Child: report err to the parent (best effort). */
void lc_sync_send_error(int fd, const struct lc_err *err);
/* Child: route lc_log() lines over the socket. */
void lc_sync_install_log_forwarder(int fd);
const char *lc_sync_type_name(uint32_t type);

#endif
