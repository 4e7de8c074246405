/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `exec` into a running container (see exec.h). */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <linux/sched.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caps.h"
#include "cgroup.h"
#include "cleanup.h"
#include "exec.h"
#include "log.h"
#include "procfs.h"
#include "process.h"
#include "safepath.h"
#include "seccomp.h"
#include "state.h"
#include "sync.h"
#include "terminal.h"
#include "util.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

struct exec_child {
	const struct lc_exec_opts *o;
	int sync_fd;
	int init_pidfd;
	int ns_flags; /* namespaces of the init that differ from runh's, without pid */
	struct lc_caps caps;
	bool has_seccomp;
	struct lc_seccomp seccomp;
	sigset_t sigmask;
};

static const struct {
	const char *name;
	int flag;
} ns_files[] = {
	{"user", CLONE_NEWUSER}, {"mnt", CLONE_NEWNS},	   {"net", CLONE_NEWNET},
	{"ipc", CLONE_NEWIPC},	 {"uts", CLONE_NEWUTS},	   {"cgroup", CLONE_NEWCGROUP},
	{"time", CLONE_NEWTIME}, {"pid", CLONE_NEWPID},
};

/* Which of the init's namespaces differ from ours (by inode through the verified /proc). */
static int differing_namespaces(int proc_fd, pid_t pid)
{
	int flags = 0;

	for (size_t i = 0; i < ARRAY_SIZE(ns_files); i++) {
		char theirs[64], ours[64];
		struct stat a, b;

		snprintf(theirs, sizeof(theirs), "%d/ns/%s", (int)pid, ns_files[i].name);
		snprintf(ours, sizeof(ours), "self/ns/%s", ns_files[i].name);
		if (fstatat(proc_fd, theirs, &a, 0) < 0 || fstatat(proc_fd, ours, &b, 0) < 0)
			continue;
		if (a.st_ino != b.st_ino || a.st_dev != b.st_dev)
			flags |= ns_files[i].flag;
	}
	return flags;
}

static void set_rlimits(const struct spec_process *p)
{
	for (size_t i = 0; i < p->n_rlimits; i++) {
		struct rlimit want = {.rlim_cur = p->rlimits[i].soft, .rlim_max = p->rlimits[i].hard}, cur;

		int e;

		if (setrlimit(p->rlimits[i].resource, &want) == 0)
			continue;
		e = errno;
		if (getrlimit(p->rlimits[i].resource, &cur) < 0)
			continue;
		want.rlim_max = want.rlim_max > cur.rlim_max ? cur.rlim_max : want.rlim_max;
		want.rlim_cur = want.rlim_cur > want.rlim_max ? want.rlim_max : want.rlim_cur;
		lc_warn("%s: soft %llu hard %llu: %s; using soft %llu hard %llu", p->rlimits[i].type,
			(unsigned long long)p->rlimits[i].soft, (unsigned long long)p->rlimits[i].hard,
			strerror(e), (unsigned long long)want.rlim_cur,
			(unsigned long long)want.rlim_max);
		(void)setrlimit(p->rlimits[i].resource, &want);
	}
}

static int child_setup(struct exec_child *c, int *ret_cwd, char **ret_prog, struct lc_err *err)
{
	const struct spec_process *p = c->o->process;
	_cleanup_close_ int cwd = -1;
	int r;

	r = lc_sync_expect(c->sync_fd, LC_SYNC_GO, err);
	if (r < 0)
		return r;
	/* Everything at once, the user namespace first (the kernel orders it). */
	if (c->ns_flags && setns(c->init_pidfd, c->ns_flags) < 0)
		return lc_err_set(err, errno, "join the container's namespaces");
	close(c->init_pidfd);
	set_rlimits(p);
	if (p->terminal) {
		r = lc_terminal_setup_and_send(p, false, c->sync_fd, err);
		if (r < 0)
			return r;
	}
	r = lc_process_set_attrs(p, err);
	if (r < 0)
		return r;
	cwd = lc_openat2(AT_FDCWD, p->cwd, O_PATH | O_DIRECTORY,
			 RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS, 0);
	if (cwd < 0)
		return lc_err_set(err, errno, "cwd '%s'", p->cwd);
	if (c->has_seccomp && !p->no_new_privileges) {
		r = lc_seccomp_load(&c->seccomp, err);
		if (r < 0)
			return r;
		if (r > 0)
			close(r);
		c->has_seccomp = false;
	}
	r = lc_process_switch_user(p, &c->caps, err);
	if (r < 0)
		return r;
	r = lc_process_finish(p, cwd, -1, ret_prog, err);
	if (r < 0)
		return r;
	*ret_cwd = TAKE_FD(cwd);
	return 0;
}

_Noreturn static void child_main(struct exec_child *c)
{
	struct lc_err err = {0};
	char *prog = NULL;
	int cwd = -1;

	/* First of all: nothing in the container may ptrace us or open /proc/<us>/exe. */
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	/* and none of runh's fds goes into the container's namespaces with us. */
	{
		int keep[2] = {c->sync_fd, c->init_pidfd};

		lc_close_fds_except(keep, 2, c->o->preserve_fds);
	}
	lc_sync_install_log_forwarder(c->sync_fd);
	if (child_setup(c, &cwd, &prog, &err) < 0) {
		lc_sync_send_error(c->sync_fd, &err);
		_exit(1);
	}
	if (c->o->detach)
		(void)prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
	(void)syscall(SYS_close_range, 3 + c->o->preserve_fds, ~0U, CLOSE_RANGE_CLOEXEC);
	(void)sigprocmask(SIG_SETMASK, &c->sigmask, NULL);
	if (c->has_seccomp && lc_seccomp_load(&c->seccomp, &err) < 0) {
		lc_sync_send_error(c->sync_fd, &err);
		_exit(1);
	}
	execve(prog, c->o->process->args, lc_process_build_env(c->o->process));
	lc_err_set(&err, errno, "exec '%s'", prog);
	lc_sync_send_error(c->sync_fd, &err);
	_exit(127);
}

/* Success is the sync socket closing at execve (CLOEXEC); ERROR is a failure. */
static int wait_exec(int fd, struct lc_err *err)
{
	for (;;) {
		struct lc_sync_msg msg;
		ssize_t n = recv(fd, &msg, sizeof(msg), 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return lc_err_set(err, errno, "sync");
		if (n == 0)
			return 0;
		msg.text[sizeof(msg.text) - 1] = '\0';
		if (msg.type == LC_SYNC_LOG) {
			lc_log((enum lc_log_level)msg.code, "exec: %s", msg.text);
			continue;
		}
		if (msg.type == LC_SYNC_ERROR) {
			err->code = msg.code > 0 ? msg.code : EIO;
			memcpy(err->msg, msg.text, sizeof(err->msg));
			return -err->code;
		}
	}
}

static int forward(int sig, void *userdata)
{
	return (int)syscall(SYS_pidfd_send_signal, *(int *)userdata, sig, NULL, 0);
}

static int wait_forward(pid_t pid, int pidfd, int master, int *ret_status, struct lc_err *err)
{
	sigset_t all;
	_cleanup_close_ int sfd = -1;
	struct pollfd p[2];
	siginfo_t si = {0};

	sigfillset(&all);
	sfd = signalfd(-1, &all, SFD_CLOEXEC);
	p[0] = (struct pollfd){.fd = pidfd, .events = POLLIN};
	p[1] = (struct pollfd){.fd = sfd, .events = POLLIN};
	if (master >= 0)
		lc_terminal_proxy(master, pidfd, sfd, forward, &pidfd);
	while (master < 0 && !(p[0].revents & POLLIN)) {
		if (poll(p, sfd >= 0 ? 2 : 1, -1) < 0 && errno != EINTR)
			return lc_err_set(err, errno, "poll");
		if (sfd >= 0 && (p[1].revents & POLLIN)) {
			struct signalfd_siginfo ssi;

			if (read(sfd, &ssi, sizeof(ssi)) == sizeof(ssi) && ssi.ssi_signo != SIGCHLD)
				(void)syscall(SYS_pidfd_send_signal, pidfd, ssi.ssi_signo, NULL, 0);
		}
	}
	if (waitid(P_PID, (id_t)pid, &si, WEXITED) < 0)
		return lc_err_set(err, errno, "wait");
	*ret_status = si.si_code == CLD_EXITED ? si.si_status : 128 + si.si_status;
	return 0;
}

static pid_t clone_child(int cg_fd, int *ret_pidfd, bool *ret_in_cg)
{
	struct clone_args args = {.flags = CLONE_PIDFD, .pidfd = (uint64_t)(uintptr_t)ret_pidfd,
				  .exit_signal = SIGCHLD};
	long pid;

	*ret_in_cg = false;
	if (cg_fd >= 0) {
		args.flags |= CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)cg_fd;
		pid = syscall(SYS_clone3, &args, sizeof(args));
		if (pid >= 0) {
			*ret_in_cg = true;
			return (pid_t)pid;
		}
		args.flags &= ~(unsigned long long)CLONE_INTO_CGROUP;
	}
	return (pid_t)syscall(SYS_clone3, &args, sizeof(args));
}

struct exec_parent {
	struct lc_cgroup_layout layout;
	char *cg_path;
	int cg_fd;
	pid_t init_pid;
};

static int spawn(struct exec_child *c, struct exec_parent *ep, int *ret_pidfd, pid_t *ret_pid,
		 int *ret_master, struct lc_err *err)
{
	_cleanup_close_ int parent_fd = -1, saved_pidns = -1;
	bool in_cg;
	int sv[2], r = 0;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return lc_err_set(err, errno, "socketpair");
	parent_fd = sv[0];
	c->sync_fd = sv[1];
	/* The pid namespace applies to children: enter it for the clone only. */
	if (c->ns_flags & CLONE_NEWPID) {
		saved_pidns = open("/proc/self/ns/pid_for_children", O_RDONLY | O_CLOEXEC);
		if (saved_pidns < 0 || setns(c->init_pidfd, CLONE_NEWPID) < 0) {
			close(sv[1]);
			return lc_err_set(err, errno, "enter the container's pid namespace");
		}
		c->ns_flags &= ~CLONE_NEWPID;
	}
	pid = clone_child(ep->cg_fd, ret_pidfd, &in_cg);
	if (pid == 0) {
		close(parent_fd);
		child_main(c);
	}
	if (saved_pidns >= 0)
		(void)setns(saved_pidns, CLONE_NEWPID);
	close(sv[1]);
	if (pid < 0)
		return lc_err_set(err, errno, "clone");
	*ret_pid = pid;
	if (!in_cg && ep->cg_path)
		r = lc_cgroup_enter(&ep->layout, ep->cg_path, pid, err);
	if (r == 0 && lc_sync_send(parent_fd, LC_SYNC_GO, 0, NULL) < 0)
		r = lc_err_set(err, EPIPE, "sync: send GO");
	if (r == 0 && c->o->process->terminal) {
		r = lc_sync_expect_fd(parent_fd, LC_SYNC_CONSOLE, ret_master, err);
		if (r == 0 && c->o->console_socket) {
			r = lc_terminal_send(c->o->console_socket, *ret_master, err);
			close(*ret_master);
			*ret_master = -1;
		}
	}
	if (r == 0)
		r = wait_exec(parent_fd, err);
	if (r < 0) {
		(void)syscall(SYS_pidfd_send_signal, *ret_pidfd, SIGKILL, NULL, 0);
		(void)waitpid(pid, NULL, 0);
	}
	return r;
}

static int write_pid(const char *path, pid_t pid, struct lc_err *err)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%d", (int)pid);
	_cleanup_free_ char *tmp = xasprintf("%s.runh-tmp", path);
	_cleanup_close_ int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0 || lc_write_all(fd, buf, (size_t)n) < 0 || rename(tmp, path) < 0)
		return lc_err_set(err, errno, "write pid file '%s'", path);
	return 0;
}

int lc_container_exec(const struct lc_exec_opts *o, int *ret_status, struct lc_err *err)
{
	struct exec_child c = {.o = o, .init_pidfd = -1};
	struct exec_parent ep = {.cg_fd = -1};
	_cleanup_(spec_state_freep) struct spec_state *st = NULL;
	_cleanup_close_ int root = -1, dfd = -1, proc = -1, pidfd = -1, master = -1;
	sigset_t all;
	pid_t pid = -1;
	enum spec_status status;
	int r;

	*ret_status = 0;
	r = lc_state_validate_id(o->id, err);
	if (r < 0)
		return r;
	root = lc_state_open_root(o->root, false, err);
	if (root < 0)
		return lc_err_setx(err, ENOENT, "container does not exist: %s", o->id);
	dfd = lc_state_open_dir(root, o->id, err);
	if (dfd < 0)
		return dfd;
	r = lc_state_read(dfd, o->id, &st, err);
	if (r < 0)
		return r;
	proc = lc_procfs_open(AT_FDCWD, "/proc", 0, err);
	if (proc < 0)
		return proc;
	status = lc_state_live_status(proc, dfd, st);
	if (status != SPEC_STATUS_RUNNING && status != SPEC_STATUS_CREATED)
		return lc_err_setx(err, EINVAL, "cannot exec in a %s container",
				   spec_status_name(status));
	c.init_pidfd = (int)syscall(SYS_pidfd_open, st->pid, 0);
	if (c.init_pidfd < 0 || lc_proc_start_time(proc, st->pid) != st->init_start_time)
		return lc_err_setx(err, ESRCH, "container not running");
	c.ns_flags = differing_namespaces(proc, st->pid);
	r = lc_caps_prepare(o->process->capabilities, &c.caps, err);
	if (r == 0 && o->cfg->linux_ && o->cfg->linux_->seccomp) {
		r = lc_seccomp_compile(o->cfg->linux_->seccomp, &c.seccomp, err);
		c.has_seccomp = r == 0;
	}
	if (r == 0 && st->cgroup_path) {
		ep.cg_path = o->sub_cgroup ? xasprintf("%s/%s", st->cgroup_path, o->sub_cgroup)
					   : xstrdup(st->cgroup_path);
		r = lc_cgroup_layout_host(&ep.layout, err);
		if (r == 0)
			ep.cg_fd = lc_cgroup_open_v2(&ep.layout, ep.cg_path, err);
		if (ep.cg_fd < -1)
			r = ep.cg_fd;
	}
	if (r < 0)
		goto out;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &c.sigmask);
	if (o->process->terminal && !o->console_socket && o->detach) {
		r = lc_err_setx(err, EINVAL, "exec: a terminal needs --console-socket with --detach");
		goto out;
	}
	r = spawn(&c, &ep, &pidfd, &pid, &master, err);
	if (r == 0 && o->pid_file)
		r = write_pid(o->pid_file, pid, err);
	if (r == 0 && !o->detach)
		r = wait_forward(pid, pidfd, master, ret_status, err);
	sigprocmask(SIG_SETMASK, &c.sigmask, NULL);
out:
	free(ep.cg_path);
	if (ep.cg_fd >= 0)
		close(ep.cg_fd);
	close(c.init_pidfd);
	lc_seccomp_free(&c.seccomp);
	return r;
}
