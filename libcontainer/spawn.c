/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PARENT side of the clone (see spawn.h and the step table in sync.h). */
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/pidfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../spec/convert.h"
#include "cleanup.h"
#include "hooks.h"
#include "init.h"
#include "log.h"
#include "procfs.h"
#include "spawn.h"
#include "state.h"
#include "sync.h"
#include "util.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static void close_ns_fds(int *fds)
{
	for (int t = 0; t < SPEC_NS__MAX; t++)
		if (fds[t] >= 0) {
			close(fds[t]);
			fds[t] = -1;
		}
}

/* Namespaces given by path: opened now so a bad path fails before any clone. */
static int open_ns_paths(const struct spec_config *cfg, int *fds, struct lc_err *err)
{
	for (int t = 0; t < SPEC_NS__MAX; t++)
		fds[t] = -1;
	for (size_t i = 0; cfg->linux_ && i < cfg->linux_->n_namespaces; i++) {
		const struct spec_namespace *ns = &cfg->linux_->namespaces[i];
		int fd, type;

		if (!ns->path)
			continue;
		fd = open(ns->path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return lc_err_set(err, errno, "linux.namespaces[%zu]: open '%s'", i, ns->path);
		fds[ns->type] = fd;
		type = ioctl(fd, NS_GET_NSTYPE);
		if (type < 0 || type != ns->clone_flag)
			return lc_err_setx(err, EINVAL,
					   "linux.namespaces[%zu]: '%s' is not a %s namespace", i,
					   ns->path, spec_ns_type_names[ns->type]);
	}
	return 0;
}

static int check_namespaces(const struct spec_config *cfg, const int *fds, struct lc_err *err)
{
	const struct spec_namespace *user = spec_find_namespace(cfg, SPEC_NS_USER);
	const struct spec_namespace *mnt = spec_find_namespace(cfg, SPEC_NS_MOUNT);

	if (!mnt || mnt->path)
		return lc_err_setx(err, EINVAL, "linux.namespaces: runh needs a new mount namespace");
	if (user && user->path)
		return lc_err_setx(err, EOPNOTSUPP,
				   "linux.namespaces: joining an existing user namespace is not "
				   "supported yet");
	if (user) {
		for (int t = 0; t < SPEC_NS__MAX; t++)
			if (fds[t] >= 0)
				return lc_err_setx(err, EOPNOTSUPP,
						   "linux.namespaces: a new user namespace with a "
						   "joined %s namespace is not supported yet",
						   spec_ns_type_names[t]);
	}
	return 0;
}

static int write_idmap(int proc_fd, pid_t pid, const char *file, const struct spec_idmap *m,
		       size_t n, struct lc_err *err)
{
	_cleanup_free_ char *rel = xasprintf("%d/%s", (int)pid, file);
	char buf[4096];
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		int k = snprintf(buf + len, sizeof(buf) - len, "%u %u %u\n", m[i].container_id,
				 m[i].host_id, m[i].size);
		if (k < 0 || (size_t)k >= sizeof(buf) - len)
			return lc_err_setx(err, E2BIG, "%s: too many mappings", file);
		len += (size_t)k;
	}
	return lc_procfs_write(proc_fd, rel, buf, err);
}

/* rlimits are set from outside: inside a user namespace they could not be raised. */
static void set_rlimits(pid_t pid, const struct spec_process *p)
{
	for (size_t i = 0; i < p->n_rlimits; i++) {
		const struct spec_rlimit *rl = &p->rlimits[i];
		struct rlimit want = {.rlim_cur = rl->soft, .rlim_max = rl->hard}, cur;

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

/* The state JSON the container's own hooks read: createContainer, startContainer. */
static int send_hook_states(const struct lc_spawn_opts *o, int sync_fd, struct lc_err *err)
{
	const struct spec_hooks *h = &o->cfg->hooks;
	static const char *const status[2] = {"creating", "created"};

	if (!h->n[SPEC_HOOK_CREATE_CONTAINER] && !h->n[SPEC_HOOK_START_CONTAINER])
		return 0;
	for (int i = 0; i < 2; i++) {
		_cleanup_close_ int fd = o->hook_state(status[i], o->userdata, err);

		if (fd < 0)
			return fd;
		if (lc_sync_send_fd(sync_fd, LC_SYNC_HOOK_STATE, fd) < 0)
			return lc_err_set(err, EPIPE, "sync: send HOOK_STATE");
	}
	return 0;
}

/* prestart and createRuntime: in runh's namespaces, when the child's are ready. */
static int runtime_hooks(const struct lc_spawn_opts *o, int sync_fd, struct lc_err *err)
{
	const struct spec_hooks *h = &o->cfg->hooks;
	_cleanup_close_ int fd = -1;
	int r;

	if (!h->n[SPEC_HOOK_PRESTART] && !h->n[SPEC_HOOK_CREATE_RUNTIME])
		return 0;
	r = lc_sync_expect(sync_fd, LC_SYNC_HOOKS, err);
	if (r < 0)
		return r;
	fd = o->hook_state("creating", o->userdata, err);
	if (fd < 0)
		return fd;
	r = lc_hooks_run(h, SPEC_HOOK_PRESTART, fd, err);
	if (r == 0)
		r = lc_hooks_run(h, SPEC_HOOK_CREATE_RUNTIME, fd, err);
	if (r < 0)
		return r;
	if (lc_sync_send(sync_fd, LC_SYNC_HOOKS_DONE, 0, NULL) < 0)
		return lc_err_set(err, EPIPE, "sync: send HOOKS_DONE");
	return 0;
}

static int parent_setup(const struct lc_spawn_opts *o, pid_t pid, int sync_fd,
			bool in_cgroup, struct lc_err *err)
{
	const struct spec_config *cfg = o->cfg;
	const struct spec_process *p = cfg->process;
	int r;

	/* Into the cgroup before the init runs anything of the container's. */
	if (!in_cgroup && o->cg_path) {
		r = lc_cgroup_enter(o->cg_layout, o->cg_path, pid, err);
		if (r < 0)
			return r;
	}

	if (spec_find_namespace(cfg, SPEC_NS_USER)) {
		r = write_idmap(o->proc_fd, pid, "gid_map", cfg->linux_->gid_mappings,
				cfg->linux_->n_gid_mappings, err);
		if (r == 0)
			r = write_idmap(o->proc_fd, pid, "uid_map", cfg->linux_->uid_mappings,
					cfg->linux_->n_uid_mappings, err);
		if (r < 0)
			return lc_err_wrap(err, "user namespace");
	}
	set_rlimits(pid, p);
	if (p->has_oom_score_adj) {
		_cleanup_free_ char *rel = xasprintf("%d/oom_score_adj", (int)pid);
		char val[16];
		struct lc_err e2 = {0};

		snprintf(val, sizeof(val), "%d", p->oom_score_adj);
		if (lc_procfs_write(o->proc_fd, rel, val, &e2) < 0)
			lc_warn("process.oomScoreAdj: %s", e2.msg);
	}
	if (lc_sync_send(sync_fd, LC_SYNC_GO, 0, NULL) < 0)
		return lc_err_set(err, EPIPE, "sync: send GO");
	return send_hook_states(o, sync_fd, err);
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

/* pid and time namespaces apply to children: enter/create them for the clone only. */
static int enter_for_children(const struct spec_config *cfg, int *fds, int saved[2],
			      struct lc_err *err)
{
	const struct spec_namespace *time_ns = spec_find_namespace(cfg, SPEC_NS_TIME);
	const struct spec_linux *l = cfg->linux_;

	saved[0] = saved[1] = -1;
	if (fds[SPEC_NS_PID] >= 0) {
		saved[0] = open("/proc/self/ns/pid_for_children", O_RDONLY | O_CLOEXEC);
		if (saved[0] < 0 || setns(fds[SPEC_NS_PID], CLONE_NEWPID) < 0)
			return lc_err_set(err, errno, "join pid namespace '%s'",
					  spec_find_namespace(cfg, SPEC_NS_PID)->path);
		close(fds[SPEC_NS_PID]);
		fds[SPEC_NS_PID] = -1;
	}
	if (fds[SPEC_NS_TIME] >= 0) {
		saved[1] = open("/proc/self/ns/time_for_children", O_RDONLY | O_CLOEXEC);
		if (saved[1] < 0 || setns(fds[SPEC_NS_TIME], CLONE_NEWTIME) < 0)
			return lc_err_set(err, errno, "join time namespace '%s'", time_ns->path);
		close(fds[SPEC_NS_TIME]);
		fds[SPEC_NS_TIME] = -1;
	} else if (time_ns) {
		char buf[128];
		int n;
		_cleanup_close_ int fd = -1;

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

static unsigned long long clone_flags(const struct spec_config *cfg, int *ret_unshare)
{
	unsigned long long flags = 0;

	*ret_unshare = 0;
	for (size_t i = 0; i < cfg->linux_->n_namespaces; i++) {
		const struct spec_namespace *ns = &cfg->linux_->namespaces[i];

		if (ns->path || ns->type == SPEC_NS_TIME)
			continue;
		/* The cgroup namespace is made after the child joined its cgroup. */
		if (ns->type == SPEC_NS_CGROUP)
			*ret_unshare |= CLONE_NEWCGROUP;
		else
			flags |= (unsigned long long)ns->clone_flag;
	}
	return flags;
}

static void kill_and_reap(pid_t pid, int pidfd)
{
	if (pidfd >= 0)
		(void)syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
	else
		(void)kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

int lc_spawn_init(const struct lc_spawn_opts *o, struct lc_spawn_result *ret, struct lc_err *err)
{
	struct lc_init_ctx ctx = {.cfg = o->cfg, .fifo_fd = o->fifo_fd, .host_proc_fd = o->proc_fd,
				  .rootfs = o->rootfs, .no_pivot = o->no_pivot,
				  .preserve_fds = o->preserve_fds, .null_fd = -1};
	_cleanup_close_ int parent_fd = -1, pidfd = -1, cg_fd = -1;
	int sv[2], saved[2] = {-1, -1};
	bool in_cg = false;
	unsigned long long flags;
	pid_t pid;
	int r;

	ctx.saved_sigmask = *o->child_sigmask;
	r = open_ns_paths(o->cfg, ctx.ns_fds, err);
	if (r == 0)
		r = check_namespaces(o->cfg, ctx.ns_fds, err);
	if (r == 0)
		r = lc_caps_prepare(o->cfg->process->capabilities, &ctx.caps, err);
	if (r == 0 && o->cfg->linux_->seccomp) {
		r = lc_seccomp_compile(o->cfg->linux_->seccomp, &ctx.seccomp, err);
		ctx.has_seccomp = true;
	}
	if (r < 0)
		goto out_ns;
	flags = clone_flags(o->cfg, &ctx.unshare_flags);
	ctx.new_userns = flags & CLONE_NEWUSER;
	ctx.new_netns = flags & CLONE_NEWNET;
	ctx.has_cgroupns = spec_find_namespace(o->cfg, SPEC_NS_CGROUP) != NULL;
	ctx.cg_path = o->cg_path;
	if (o->cg_path) {
		r = lc_cgroup_open_v2(o->cg_layout, o->cg_path, &cg_fd, err);
		if (r < 0)
			goto out_ns;
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		r = lc_err_set(err, errno, "socketpair");
		goto out_ns;
	}
	parent_fd = sv[0];
	ctx.sync_fd = sv[1];
	r = enter_for_children(o->cfg, ctx.ns_fds, saved, err);
	if (r < 0) {
		restore_for_children(saved);
		close(sv[1]);
		goto out_ns;
	}
	pid = do_clone(flags, cg_fd, &pidfd, &in_cg);
	if (pid == 0) {
		close(parent_fd);
		lc_init_run(&ctx);
	}
	r = pid < 0 ? -errno : 0;
	restore_for_children(saved);
	close(sv[1]);
	close_ns_fds(ctx.ns_fds);
	lc_seccomp_free(&ctx.seccomp);
	if (r < 0)
		return lc_err_set(err, -r, "clone the container init");
	ret->start_time = lc_proc_start_time(o->proc_fd, pid);
	r = o->on_cloned ? o->on_cloned(pid, ret->start_time, o->userdata, err) : 0;
	if (r == 0)
		r = parent_setup(o, pid, parent_fd, in_cg, err);
	if (r == 0)
		r = runtime_hooks(o, parent_fd, err);
	if (r == 0 && ctx.seccomp.has_notify) {
		int lfd = -1;

		r = lc_sync_expect_fd(parent_fd, LC_SYNC_SECCOMP_FD, &lfd, err);
		if (r == 0)
			r = o->on_seccomp_fd(lfd, pid, o->userdata, err);
	}
	if (r == 0 && o->cfg->process->terminal) {
		int master = -1;

		r = lc_sync_expect_fd(parent_fd, LC_SYNC_CONSOLE, &master, err);
		if (r == 0)
			r = o->on_console(master, o->userdata, err);
	}
	if (r == 0)
		r = lc_sync_expect(parent_fd, LC_SYNC_READY, err);
	if (r < 0) {
		kill_and_reap(pid, pidfd);
		return r;
	}
	ret->pid = pid;
	ret->pidfd = TAKE_FD(pidfd);
	return 0;
out_ns:
	close_ns_fds(ctx.ns_fds);
	lc_seccomp_free(&ctx.seccomp);
	return r;
}
