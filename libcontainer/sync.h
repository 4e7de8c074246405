/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The parent ⇄ child protocol over one SOCK_SEQPACKET socketpair: fixed-size typed
 * messages, one send() each, one recv() of the same size.  Both sides.
 *
 * The parent decides once, while it plans (plan.c), which OPTIONAL steps happen and sends
 * that set with GO; both sides then take the steps present in the one order of this
 * table (the order of enum lc_sync_step).  Each side checks the order: a child that takes
 * a step early or late, or one the plan does not have, fails with "sync: ..." instead of
 * confusing the other side.
 *
 *   step           child C                                  parent P
 *   (0)            only with a user namespace joined by path: a first child C1 joins it
 *                  and the namespaces given by path, unshares the new ones (they must
 *                  belong to that user namespace), clones C with CLONE_PARENT (C is P's
 *                  child too), sends INIT_PIDFD (C's pidfd) and exits; P reaps C1
 *   GO             PDEATHSIG; wait GO (steps in .code)       cgroup placement, uid/gid maps,
 *                                                            rlimits, oom_score_adj; send GO
 *   HOOK_STATES    receive 2 memfds: the state JSON of       send them
 *     (opt)        createContainer and startContainer hooks
 *   (C sets up: userns root, cgroup ns, hostname, lo, mounts, devices, sysctl, masks)
 *   HOOKS (opt)    send HOOKS right before pivot_root,       run prestart + createRuntime,
 *                  wait HOOKS_DONE; createContainer hooks     send HOOKS_DONE
 *   (C: pivot_root, read-only /, personality, ioprio/sched)
 *   CONSOLE (opt)  send the pty master (process.terminal)    to --console-socket or kept
 *   SECCOMP_FD     load the filter, send the notify          to linux.seccomp.listenerPath
 *     (opt)        listener
 *   READY (init)   user, caps, cwd; send READY; then wait     state "created", pid file
 *                  on exec.fifo (`runh start`) and execve
 *   EXEC (join)    user, caps, cwd; execve: the CLOEXEC      EOF = the program runs
 *                  socket closes
 *
 *   LOG may come from C at any time (one debug/warning line); ERROR ends C: code +
 *   message, then C exits.  EOF before READY: "it exited before READY" (wrapped by the caller).
 *   EXPLAIN, like LOG, at any time: one line of the narration (--explain, --debug).
 */
#ifndef RUNH_SYNC_H
#define RUNH_SYNC_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "log.h"

enum lc_sync_type {
	LC_SYNC_GO = 1,	    /* P→C: cgroup joined, id maps and limits set; .code = steps */
	LC_SYNC_READY,	    /* C→P: set up, about to wait on exec.fifo */
	LC_SYNC_LOG,	    /* C→P: one debug/warning line; .code = level */
	LC_SYNC_ERROR,	    /* C→P: .code = errno + message; C exits right after */
	LC_SYNC_SECCOMP_FD, /* C→P: the seccomp notify listener (SCM_RIGHTS) */
	LC_SYNC_HOOK_STATE, /* P→C: a memfd with the state JSON for the container's hooks */
	LC_SYNC_HOOKS,	    /* C→P: mounts ready, run prestart + createRuntime hooks */
	LC_SYNC_HOOKS_DONE, /* P→C */
	LC_SYNC_CONSOLE,    /* C→P: the pty master (process.terminal) */
	LC_SYNC_INIT_PIDFD, /* C1→P: step 0 with a joined user namespace: the init's pidfd */
	LC_SYNC_EXPLAIN,    /* C→P: one narration line (--explain, --debug), formatted */
};

/* The optional steps, in the order both sides take them. */
enum lc_sync_step {
	LC_STEP_HOOK_STATES = 1u << 0,
	LC_STEP_HOOKS = 1u << 1,
	LC_STEP_CONSOLE = 1u << 2,
	LC_STEP_SECCOMP_FD = 1u << 3,
};
#define LC_STEP_ALL 0xfu

/* How the child's part ends: READY (the init waits for `start`) or execve (exec). */
enum lc_sync_end {
	LC_SYNC_END_READY,
	LC_SYNC_END_EXEC,
};

struct lc_sync_msg {
	uint32_t type;
	int32_t code;		   /* see enum lc_sync_type */
	char text[LC_ERR_MSG_MAX]; /* NUL-terminated */
};

const char *lc_sync_type_name(uint32_t type);
const char *lc_sync_step_name(unsigned int step);

/* Parent side: what P does at each optional step; callbacks own the fds they get. */
struct lc_sync_parent_ops {
	/* HOOK_STATES: a memfd with the state JSON the container's hooks read. */
	int (*hook_state)(const char *status, void *userdata, struct lc_err *err);
	/* HOOKS: run prestart and createRuntime. */
	int (*run_hooks)(void *userdata, struct lc_err *err);
	int (*on_console)(int fd, void *userdata, struct lc_err *err);
	int (*on_seccomp_fd)(int fd, void *userdata, struct lc_err *err);
	void *userdata;
};

/* Parent side: send GO with steps, serve each step in order, then wait for the end
 * (READY, or the socket closing at execve).  An ERROR from C becomes err. */
int lc_sync_parent_run(int fd, unsigned int steps, enum lc_sync_end end,
		       const struct lc_sync_parent_ops *ops, struct lc_err *err);

/* Child side: the child's view of the protocol, a cursor through the steps. */
struct lc_sync_child {
	int fd;
	unsigned int steps; /* from GO */
	unsigned int done;
};

/* Wait for GO; c->steps is the parent's plan from then on. */
int lc_sync_child_go(struct lc_sync_child *c, int fd, struct lc_err *err);
/* Is this optional step in the plan? */
bool lc_sync_child_has(const struct lc_sync_child *c, enum lc_sync_step step);
int lc_sync_child_hook_states(struct lc_sync_child *c, int ret_fds[2], struct lc_err *err);
/* HOOKS, then wait for HOOKS_DONE. */
int lc_sync_child_hooks(struct lc_sync_child *c, struct lc_err *err);
int lc_sync_child_console(struct lc_sync_child *c, int master, struct lc_err *err);
int lc_sync_child_seccomp_fd(struct lc_sync_child *c, int listener, struct lc_err *err);
/* READY (init): every planned step must have been taken. */
int lc_sync_child_ready(struct lc_sync_child *c, struct lc_err *err);
/* Before execve (exec): every planned step must have been taken. */
int lc_sync_child_check_done(const struct lc_sync_child *c, struct lc_err *err);

/* Child: report err to the parent (best effort, stderr when the parent is gone). */
void lc_sync_send_error(int fd, const struct lc_err *err);
/* Child: route lc_log() lines over the socket. */
void lc_sync_install_log_forwarder(int fd);

/* Transport, for the steps above and the unit tests. */
int lc_sync_send(int fd, enum lc_sync_type type, int code, const char *text);
int lc_sync_send_fd(int fd, enum lc_sync_type type, int passed_fd);
/* Wait for want; forwards LOG lines to the log, turns ERROR into err; *ret_code gets the
 * message's code (may be NULL). */
int lc_sync_expect(int fd, enum lc_sync_type want, int *ret_code, struct lc_err *err);
/* The same, for a message that carries an fd: *ret_fd gets it (O_CLOEXEC). */
int lc_sync_expect_fd(int fd, enum lc_sync_type want, int *ret_fd, struct lc_err *err);

#endif
