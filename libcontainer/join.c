/* SPDX-License-Identifier: GPL-2.0-or-later */
/* CHILD side of `exec`: join a running container and become the process (see join.h). */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/openat2.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "child.h"
#include "cleanup.h"
#include "explain.h"
#include "join.h"
#include "procfs.h"
#include "process.h"
#include "safepath.h"
#include "sync.h"
#include "util.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/* The LSM labels of the exec'd program, through the container's verified /proc. */
static int set_exec_labels(const struct lc_plan *p, struct lc_err *err)
{
	_cleanup_close_ int proc = lc_procfs_open(AT_FDCWD, "/proc", 0, err);

	return proc < 0 ? proc : lc_child_set_exec_labels(p, proc, err);
}

/* The protocol's steps from GO to just before execve. */
static int setup(const struct lc_plan *p, struct lc_sync_child *sync, int sync_fd, int init_pidfd,
		 char **ret_prog, struct lc_err *err)
{
	const struct spec_process *proc = p->process;
	int ns = p->join_ns_flags & ~CLONE_NEWPID;
	int r;

	r = lc_sync_child_go(sync, sync_fd, err);
	if (r < 0)
		return r;
	/* Everything at once, the user namespace first (the kernel orders it). */
	if (ns && setns(init_pidfd, ns) < 0)
		return lc_err_set(err, errno, "join the container's namespaces");
	close(init_pidfd);
	if (p->join_root_fd >= 0 && (fchdir(p->join_root_fd) < 0 || chroot(".") < 0))
		return lc_err_set(err, errno, "enter the container's root");
	/* In the container's user namespace runh's host root is nobody: become the
	 * namespace's root first, so that what it creates (the pty) is owned by a mapped id. */
	if (ns & CLONE_NEWUSER) {
		/* Refused only where setgroups is "deny" (the caller's own gid map). */
		if (setgroups(0, NULL) < 0 && !(errno == EPERM && p->setgroups_denied))
			return lc_err_set(err, errno,
					  "setgroups in the container's user namespace");
		if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
			return lc_err_set(err, errno,
					  "become root of the container's user namespace");
		lc_explain(LC_X_USER, "setresgid(0), setresuid(0): root of the container's user "
				      "namespace, so that what it creates is owned by a mapped id");
	}
	r = lc_child_send_console(p, sync, false, err);
	if (r == 0)
		r = lc_process_set_attrs(proc, err);
	if (r < 0)
		return r;
	r = lc_process_enter_cwd(proc, err);
	if (r == 0 && (p->apparmor_profile || p->selinux_label))
		r = set_exec_labels(p, err);
	if (r < 0)
		return r;
	/* Without noNewPrivileges loading needs CAP_SYS_ADMIN: before the caps go. */
	if (p->has_seccomp && !proc->no_new_privileges) {
		r = lc_child_load_seccomp(p, sync, err);
		if (r < 0)
			return r;
	}
	r = lc_process_switch_user(proc, &p->caps, p->setgroups_denied, err);
	if (r == 0)
		r = lc_process_finish(proc, p->env, -1, ret_prog, err);
	return r;
}

_Noreturn void lc_join_run(const struct lc_plan *p, int sync_fd, int init_pidfd, bool detach,
			   const sigset_t *sigmask)
{
	struct lc_sync_child sync = {0};
	struct lc_err err = {0};
	char *prog = NULL;

	/* First of all: nothing in the container may ptrace us or open /proc/<us>/exe. */
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	/* and none of runh's fds goes into the container's namespaces with us. */
	{
		int keep[3] = {sync_fd, init_pidfd, p->join_root_fd};

		lc_close_fds_except(keep, p->join_root_fd >= 0 ? 3 : 2, p->preserve_fds);
	}
	lc_sync_install_log_forwarder(sync_fd);
	if (setup(p, &sync, sync_fd, init_pidfd, &prog, &err) < 0)
		goto fail;
	if (detach)
		(void)prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
	(void)syscall(SYS_close_range, 3 + p->preserve_fds, ~0U, CLOSE_RANGE_CLOEXEC);
	(void)sigprocmask(SIG_SETMASK, sigmask, NULL);
	/* With noNewPrivileges the filter comes last: it need not allow runh's own setup. */
	if (p->has_seccomp && p->process->no_new_privileges &&
	    lc_child_load_seccomp(p, &sync, &err) < 0)
		goto fail;
	if (lc_sync_child_check_done(&sync, &err) < 0)
		goto fail;
	lc_explain_exec(p, prog, "now (its sync socket closes with the execve)");
	execve(prog, p->process->args, lc_process_build_env(p->env, p->process->user.uid));
	lc_err_set(&err, errno, "exec '%s'", prog);
	lc_sync_send_error(sync_fd, &err);
	_exit(127);
fail:
	lc_sync_send_error(sync_fd, &err);
	_exit(1);
}
