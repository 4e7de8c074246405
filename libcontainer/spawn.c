/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PARENT side: the spawn engine of create and exec (see spawn.h, sync.h). */
#include <errno.h>
#include <linux/openat2.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "death.h"
#include "explain.h"
#include "init.h"
#include "join.h"
#include "log.h"
#include "plan.h"
#include "mounttree.h"
#include "procfs.h"
#include "rootless.h"
#include "safepath.h"
#include "spawn.h"
#include "state.h"
#include "terminal.h"
#include "util.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

void lc_child_kill(struct lc_child *c)
{
	if (c->pid <= 0)
		return;
	if (c->pidfd >= 0)
		(void)syscall(SYS_pidfd_send_signal, c->pidfd, SIGKILL, NULL, 0);
	else
		(void)kill(c->pid, SIGKILL);
	while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR)
		;
	c->pid = 0;
}

static void child_cleanup(struct lc_child *c)
{
	lc_child_kill(c);
	if (c->pidfd >= 0)
		close(c->pidfd);
}

static int write_idmap(int proc_fd, pid_t pid, const char *file, const struct spec_idmap *m,
		       size_t n, struct lc_err *err)
{
	bool gid = strcmp(file, "gid_map") == 0;
	enum lc_idmap_writer how = lc_idmap_writer_for(m, n, gid);

	/* Without root: more than the caller's own id goes through the setuid helpers,
	 * which check /etc/subuid and /etc/subgid (rootless.h). */
	if (how == LC_IDMAP_HELPER)
		return lc_idmap_run_helper(gid ? "newgidmap" : "newuidmap", pid, m, n, err);
	if (how == LC_IDMAP_DIRECT_DENY_SETGROUPS) {
		_cleanup_free_ char *sg = xasprintf("%d/setgroups", (int)pid);

		/* user_namespaces(7): an unprivileged gid_map writer must deny setgroups. */
		if (lc_procfs_write(proc_fd, sg, "deny", err) < 0)
			return lc_err_wrap(err, "setgroups");
	}
	return lc_procfs_write_idmap(proc_fd, pid, file, m, n, err);
}

/* rlimits are set from outside: inside a user namespace they could not be raised. */
static void set_rlimits(pid_t pid, const struct spec_process *p)
{
	for (size_t i = 0; i < p->n_rlimits; i++) {
		const struct spec_rlimit *rl = &p->rlimits[i];
		struct rlimit want = {.rlim_cur = rl->soft, .rlim_max = rl->hard}, cur;

		lc_explain(LC_X_RLIMIT, "prlimit(%d, %s, soft %llu, hard %llu) from runh", (int)pid,
			   rl->type, (unsigned long long)rl->soft, (unsigned long long)rl->hard);
		if (prlimit(pid, rl->resource, &want, NULL) == 0)
			continue;
		if (prlimit(pid, rl->resource, NULL, &cur) < 0)
			continue;
		/* The host cannot give more (no CAP_SYS_RESOURCE): warn, keep what it can. */
		want.rlim_max = want.rlim_max > cur.rlim_max ? cur.rlim_max : want.rlim_max;
		want.rlim_cur = want.rlim_cur > want.rlim_max ? want.rlim_max : want.rlim_cur;
		lc_warn("%s: cannot set soft %llu hard %llu (%s); using soft %llu hard %llu",
			rl->type, (unsigned long long)rl->soft, (unsigned long long)rl->hard,
			strerror(errno), (unsigned long long)want.rlim_cur,
			(unsigned long long)want.rlim_max);
		if (prlimit(pid, rl->resource, &want, NULL) < 0)
			lc_warn("%s: %s", rl->type, strerror(errno));
	}
}

/* Step 1 of the protocol, P's part: everything the child must not do itself. */
static int setup_child(const struct lc_spawn_opts *o, pid_t pid, bool in_cgroup, struct lc_err *err)
{
	const struct lc_plan *p = o->plan;
	const struct spec_linux *l = p->cfg->linux_;
	int r;

	/* Into the cgroup before the child runs anything of the container's. */
	if (!in_cgroup && p->cgroup_path) {
		r = lc_cgroup_enter(&p->layout, p->cgroup_path, pid, err);
		if (r < 0)
			return r;
		lc_explain(LC_X_CGROUP, "pid %d written to cgroup.procs of %s in each hierarchy",
			   (int)pid, p->cgroup_path);
	}
	if (p->new_userns) { /* a joined one has its maps */
		r = write_idmap(o->proc_fd, pid, "gid_map", l->gid_mappings, l->n_gid_mappings,
				err);
		if (r == 0)
			r = write_idmap(o->proc_fd, pid, "uid_map", l->uid_mappings,
					l->n_uid_mappings, err);
		if (r < 0)
			return lc_err_wrap(err, "user namespace");
		lc_explain_idmaps(p, pid);
	}
	/* With the maps written and before the child attaches them (mounttree.h). */
	r = lc_mounttree_idmap(p, o->proc_fd, pid, err);
	if (r < 0)
		return r;
	set_rlimits(pid, p->process);
	if (p->process->has_oom_score_adj) {
		_cleanup_free_ char *rel = xasprintf("%d/oom_score_adj", (int)pid);
		char val[16];
		struct lc_err e2 = {0};

		snprintf(val, sizeof(val), "%d", p->process->oom_score_adj);
		lc_explain(LC_X_PROC, "/proc/%d/oom_score_adj = %s (written by runh)", (int)pid,
			   val);
		if (lc_procfs_write(o->proc_fd, rel, val, &e2) < 0)
			lc_warn("process.oomScoreAdj: %s", e2.msg);
	}
	return 0;
}

static pid_t do_clone(unsigned long long flags, int cgroup_fd, int *ret_pidfd, bool *ret_in_cg)
{
	struct clone_args args = {
		.flags = flags | CLONE_PIDFD,
		.pidfd = (uint64_t)(uintptr_t)ret_pidfd,
		.exit_signal = SIGCHLD,
	};
	long pid = -1;

	/* cgroup v2: born in the container's cgroup, no window outside its limits. */
	*ret_in_cg = false;
	if (cgroup_fd >= 0) {
		args.flags |= CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)cgroup_fd;
		pid = syscall(SYS_clone3, &args, sizeof(args));
		if (pid >= 0) {
			*ret_in_cg = true;
			return (pid_t)pid;
		}
		args.flags &= ~(unsigned long long)CLONE_INTO_CGROUP;
		args.cgroup = 0;
	}
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid < 0 && errno == ENOSYS) {
		/* Old kernel: raw clone with fork semantics, then a pidfd. */
		pid = syscall(SYS_clone, (unsigned long)flags | SIGCHLD, NULL, NULL, NULL, NULL);
		if (pid > 0)
			*ret_pidfd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
	}
	return (pid_t)pid;
}

/* exec without root into a container with a user namespace of its own. */
static bool rootless_join(const struct lc_plan *p)
{
	return p->mode == LC_PLAN_JOIN && (p->join_ns_flags & CLONE_NEWUSER) && geteuid() != 0;
}

/* The pid and time namespaces apply to children: runh enters (or makes) them for the
 * clone only; saved[] are its own, put back by restore_for_children. */
static int enter_for_children(const struct lc_spawn_opts *o, int saved[2], struct lc_err *err)
{
	const struct lc_plan *p = o->plan;
	const struct spec_namespace *time_ns;
	int pid_fd = p->mode == LC_PLAN_JOIN ? o->init_pidfd : p->ns_fds[SPEC_NS_PID];
	bool join_pid = p->mode == LC_PLAN_JOIN ? (p->join_ns_flags & CLONE_NEWPID) != 0
						: p->ns_fds[SPEC_NS_PID] >= 0;

	saved[0] = saved[1] = -1;
	if (join_pid && rootless_join(p)) {
		/* Without root only the container's user namespace gives the right to enter
		 * its pid namespace: runh joins both for good (it has no host privilege to
		 * lose; its ids stay the caller's); the child is then a member already. */
		if (setns(pid_fd, CLONE_NEWUSER | CLONE_NEWPID) < 0)
			return lc_err_set(err, errno,
					  "enter the container's user and pid namespaces");
	} else if (join_pid) {
		saved[0] = open("/proc/self/ns/pid_for_children", O_RDONLY | O_CLOEXEC);
		if (saved[0] < 0 || setns(pid_fd, CLONE_NEWPID) < 0)
			return lc_err_set(err, errno, "enter the container's pid namespace");
	}
	if (p->mode == LC_PLAN_JOIN)
		return 0;
	time_ns = spec_find_namespace(p->cfg, SPEC_NS_TIME);
	if (p->ns_fds[SPEC_NS_TIME] >= 0) {
		saved[1] = open("/proc/self/ns/time_for_children", O_RDONLY | O_CLOEXEC);
		if (saved[1] < 0 || setns(p->ns_fds[SPEC_NS_TIME], CLONE_NEWTIME) < 0)
			return lc_err_set(err, errno, "join time namespace '%s'", time_ns->path);
	} else if (time_ns) {
		const struct spec_linux *l = p->cfg->linux_;
		_cleanup_close_ int fd = -1;
		char buf[128];
		int n;

		saved[1] = open("/proc/self/ns/time_for_children", O_RDONLY | O_CLOEXEC);
		if (saved[1] < 0 || unshare(CLONE_NEWTIME) < 0)
			return lc_err_set(err, errno, "create time namespace");
		/* Offsets can only be written before any process enters the namespace. */
		n = snprintf(buf, sizeof(buf), "monotonic %lld %u\nboottime %lld %u\n",
			     (long long)l->monotonic.secs, l->monotonic.nanosecs,
			     (long long)l->boottime.secs, l->boottime.nanosecs);
		fd = open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, buf, (size_t)n) != n)
			return lc_err_set(err, errno, "linux.timeOffsets");
		lc_explain(LC_X_NS,
			   "unshare(CLONE_NEWTIME) in runh, offsets to /proc/self/"
			   "timens_offsets before any process is in it; the clone enters it");
	}
	return 0;
}

static void restore_for_children(int saved[2])
{
	if (saved[0] >= 0) {
		(void)setns(saved[0], CLONE_NEWPID);
		close(saved[0]);
	}
	if (saved[1] >= 0) {
		(void)setns(saved[1], CLONE_NEWTIME);
		close(saved[1]);
	}
}

/* Pid of a pidfd, in our pid namespace (what /proc/self/fdinfo says). */
static pid_t pidfd_pid(int pidfd)
{
	char path[64], line[128];
	_cleanup_fclose_ FILE *f = NULL;
	pid_t pid = -1;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", pidfd);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Pid: %d", &pid) == 1)
			break;
	return pid;
}

/* Step 0 with a joined user namespace: the first child (c) sends the init's pidfd and
 * exits; the init was cloned with CLONE_PARENT, so it is runh's child too.  c becomes the
 * init in the guard; the first child is reaped. */
static int take_init_from_stage1(int parent_fd, struct lc_child *c, struct lc_err *err)
{
	int pidfd = -1, r;
	pid_t pid;

	r = lc_sync_expect_fd(parent_fd, LC_SYNC_INIT_PIDFD, &pidfd, err);
	if (r < 0)
		return r;
	pid = pidfd_pid(pidfd);
	if (pid <= 0) {
		close(pidfd);
		return lc_err_setx(err, ESRCH, "the container init is gone before it started");
	}
	while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR)
		;
	if (c->pidfd >= 0)
		close(c->pidfd);
	c->pid = pid;
	c->pidfd = pidfd;
	return 0;
}

/* The init is cloned with the rootfs directory as its working directory: in its new mount
 * namespace that becomes the same directory of its own copy of the mounts, where it
 * attaches the rootfs (rootfs.c) without looking up a path its root may not be allowed to
 * search.  *ret_saved: runh's own working directory to go back to (-1: "/"; -2: none). */
static int cwd_to_rootfs(const struct lc_plan *p, int *ret_saved, struct lc_err *err)
{
	if (p->mode != LC_PLAN_INIT)
		return 0;
	*ret_saved = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	{
		/* The path was resolved once (plan.c, realpath): a symlink in it now was
		 * swapped in since, by whoever can write along the bundle's path. */
		_cleanup_close_ int fd = lc_openat2(AT_FDCWD, p->rootfs,
						    O_PATH | O_DIRECTORY | O_CLOEXEC,
						    RESOLVE_NO_SYMLINKS, 0);

		if (fd < 0 || fchdir(fd) < 0)
			return lc_err_set(err, errno, "enter the rootfs '%s'", p->rootfs);
	}
	return 0;
}

static void cwd_back(int saved)
{
	if (saved == -2)
		return;
	if ((saved < 0 || fchdir(saved) < 0) && chdir("/") < 0)
		lc_warn("chdir /: %s", strerror(errno));
	if (saved >= 0)
		close(saved);
}

/* The clone itself; the child never returns from here. */
static int clone_child(const struct lc_spawn_opts *o, int sync_fd, int parent_fd,
		       struct lc_child *ret, bool *ret_in_cg, struct lc_err *err)
{
	const struct lc_plan *p = o->plan;
	_cleanup_close_ int cg_fd = -1;
	bool user_joined;
	int saved[2], cwd = -2, r;
	pid_t pid;

	if (p->cgroup_path) {
		r = lc_cgroup_open_v2(&p->layout, p->cgroup_path, &cg_fd, err);
		if (r < 0)
			return r;
	}
	/* Decided before: in the container's user namespace runh's euid reads 0. */
	user_joined = rootless_join(p) && (p->join_ns_flags & CLONE_NEWPID);
	r = enter_for_children(o, saved, err);
	if (r == 0)
		r = cwd_to_rootfs(p, &cwd, err);
	if (r < 0) {
		cwd_back(cwd);
		restore_for_children(saved);
		return r;
	}
	/* With a joined user namespace the first child makes the init (see below). */
	pid = do_clone(p->mode == LC_PLAN_INIT && !p->join_userns ? p->clone_flags : 0, cg_fd,
		       &ret->pidfd, ret_in_cg);
	if (pid == 0) {
		close(parent_fd);
		if (user_joined) {
			struct lc_plan joined = *p; /* the user namespace is ours already */

			joined.join_ns_flags &= ~CLONE_NEWUSER;
			lc_join_run(&joined, sync_fd, o->init_pidfd, o->detach, o->child_sigmask);
		}
		if (p->mode == LC_PLAN_JOIN)
			lc_join_run(p, sync_fd, o->init_pidfd, o->detach, o->child_sigmask);
		if (p->join_userns)
			lc_init_stage1(p, sync_fd, o->fifo_fd, o->proc_fd, o->child_sigmask);
		lc_init_run(p, sync_fd, o->fifo_fd, o->proc_fd, o->child_sigmask, false);
	}
	r = pid < 0 ? -errno : 0;
	cwd_back(cwd);
	restore_for_children(saved);
	if (r < 0)
		return lc_err_set(err, -r, "clone the container %s",
				  p->mode == LC_PLAN_INIT ? "init" : "process");
	ret->pid = pid;
	return p->join_userns ? take_init_from_stage1(parent_fd, ret, err) : 0;
}

/* The child closed its end of the socket without an ERROR: it was killed (the OOM
 * killer, a signal) or crashed.  Its wait status and the cgroup's OOM count, read before
 * the child is reaped and the cgroup removed, are added to err. */
static void explain_early_death(const struct lc_plan *p, const struct lc_child *c,
				struct lc_err *err)
{
	struct pollfd pfd = {.fd = c->pidfd, .events = POLLIN};
	siginfo_t si = {0};
	char why[LC_ERR_MSG_MAX / 2];
	size_t len;

	if (c->pidfd < 0 || poll(&pfd, 1, 2000) != 1 ||
	    waitid(P_PIDFD, (id_t)c->pidfd, &si, WEXITED | WNOHANG | WNOWAIT) < 0 || si.si_pid == 0)
		return;
	lc_death_describe(&(struct lc_death){.pid = c->pid,
					     .how = si.si_code,
					     .status = si.si_status,
					     .has_seccomp = p->has_seccomp,
					     .layout = p->cgroup_path ? &p->layout : NULL,
					     .cgroup_path = p->cgroup_path},
			  why, sizeof(why));
	len = strlen(err->msg);
	snprintf(err->msg + len, sizeof(err->msg) - len, ": %s", why);
}

int lc_spawn(const struct lc_spawn_opts *o, struct lc_spawn_result *ret, struct lc_err *err)
{
	_cleanup_(child_cleanup) struct lc_child child = {.pidfd = -1};
	_cleanup_close_ int parent_fd = -1;
	enum lc_sync_end end = o->plan->mode == LC_PLAN_INIT ? LC_SYNC_END_READY : LC_SYNC_END_EXEC;
	bool in_cg = false;
	int sv[2], r;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return lc_err_set(err, errno, "socketpair");
	parent_fd = sv[0];
	r = clone_child(o, sv[1], parent_fd, &child, &in_cg, err);
	close(sv[1]);
	if (r < 0)
		return r;
	lc_explain_clone(o->plan, child.pid, in_cg);
	ret->start_time = lc_proc_start_time(o->proc_fd, child.pid);
	if (o->on_cloned) {
		r = o->on_cloned(child.pid, ret->start_time, o->ops.userdata, err);
		if (r < 0)
			return r;
	}
	r = setup_child(o, child.pid, in_cg, err);
	if (r == 0)
		r = lc_sync_parent_run(parent_fd, o->plan->steps, end, &o->ops, err);
	if (r == -ECHILD) /* gone without a word: say how it died */
		explain_early_death(o->plan, &child, err);
	if (r < 0)
		return r;
	ret->pid = TAKE_PID(child.pid);
	ret->pidfd = TAKE_FD(child.pidfd);
	return 0;
}

static int forward_signal(int sig, void *userdata)
{
	return (int)syscall(SYS_pidfd_send_signal, *(int *)userdata, sig, NULL, 0);
}

int lc_spawn_wait(pid_t pid, int pidfd, int master, const sigset_t *sigs, siginfo_t *ret_si,
		  struct lc_err *err)
{
	_cleanup_close_ int sfd = signalfd(-1, sigs, SFD_CLOEXEC);
	struct pollfd p[2] = {{.fd = pidfd, .events = POLLIN}, {.fd = sfd, .events = POLLIN}};

	if (sfd < 0)
		return lc_err_set(err, errno, "signalfd");
	if (master >= 0)
		lc_terminal_proxy(master, pidfd, sfd, forward_signal, &pidfd);
	while (master < 0 && !(p[0].revents & POLLIN)) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return lc_err_set(err, errno, "poll");
		}
		if (p[1].revents & POLLIN) {
			struct signalfd_siginfo ssi;

			if (read(sfd, &ssi, sizeof(ssi)) == sizeof(ssi) && ssi.ssi_signo != SIGCHLD)
				(void)forward_signal((int)ssi.ssi_signo, &pidfd);
		}
	}
	memset(ret_si, 0, sizeof(*ret_si));
	if (waitid(P_PID, (id_t)pid, ret_si, WEXITED | WNOWAIT) < 0)
		return lc_err_set(err, errno, "wait for the container's process");
	return 0;
}

int lc_spawn_reap(pid_t pid, const siginfo_t *si)
{
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	return si->si_code == CLD_EXITED ? si->si_status : 128 + si->si_status;
}
