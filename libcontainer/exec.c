/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PARENT side of `exec` (see exec.h): load the container's state, plan the process
 * (plan.c, mode JOIN), spawn it with the engine of create (spawn.c), write the pid file,
 * wait for it.  The child's side is join.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup.h"
#include "cleanup.h"
#include "container_internal.h"
#include "exec.h"
#include "log.h"
#include "plan.h"
#include "rootless.h"
#include "seccomp.h"
#include "spawn.h"
#include "state.h"
#include "terminal.h"
#include "util.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static const struct {
	const char *name;
	int flag;
} ns_files[] = {
	{"user", CLONE_NEWUSER}, {"mnt", CLONE_NEWNS},	{"net", CLONE_NEWNET},
	{"ipc", CLONE_NEWIPC},	 {"uts", CLONE_NEWUTS}, {"cgroup", CLONE_NEWCGROUP},
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

struct exec_ctx {
	const struct lc_exec_opts *o;
	const struct spec_state *st;
	pid_t *pid; /* the spawned pid, once known (for the seccomp agent) */
	int *master;
};

static int on_console(int fd, void *userdata, struct lc_err *err)
{
	struct exec_ctx *c = userdata;
	int r;

	if (!c->o->console_socket) {
		*c->master = fd; /* a foreground exec proxies it */
		return 0;
	}
	r = lc_terminal_send(c->o->console_socket, fd, err);
	close(fd);
	return r;
}

static int on_seccomp_fd(int fd, void *userdata, struct lc_err *err)
{
	struct exec_ctx *c = userdata;

	return lc_seccomp_send_listener(c->o->cfg->linux_->seccomp, c->st, *c->pid, fd, err);
}

static int record_pid(pid_t pid, uint64_t start_time, void *userdata, struct lc_err *err)
{
	struct exec_ctx *c = userdata;

	(void)start_time;
	(void)err;
	*c->pid = pid;
	return 0;
}

/* The plan of the process: the container's namespaces, its cgroup (or --cgroup's). */
static int plan_exec(const struct lc_exec_opts *o, const struct lc_loaded *l, struct lc_plan *plan,
		     struct lc_err *err)
{
	struct lc_cgroup_layout layout = {0};
	_cleanup_free_ char *cg = NULL;
	struct lc_plan_opts po = {.id = o->id,
				  .process = o->process,
				  .preserve_fds = o->preserve_fds,
				  .console_socket = o->console_socket != NULL,
				  .foreground = !o->detach,
				  .layout = &layout};
	int r;

	if (l->st->cgroup_path) {
		cg = o->sub_cgroup ? xasprintf("%s/%s", l->st->cgroup_path, o->sub_cgroup)
				   : xstrdup(l->st->cgroup_path);
		r = lc_cgroup_layout_host(&layout, err);
		if (r < 0)
			return r;
		/* Decided here, before exec may enter the container's user namespace (where
		 * runh's euid reads 0): without root the cgroup may be partial. */
		layout.partial = geteuid() != 0 || lc_rootless_in_userns();
	}
	po.cgroup_path = cg;
	po.join_ns_flags = differing_namespaces(l->proc, l->st->pid);
	r = lc_plan_join(o->cfg, &po, plan, err);
	if (r < 0)
		return r;
	/* The init's user namespace denies setgroups (a rootless gid map): the only case in
	 * which the process may keep the caller's groups (process.c). */
	if (po.join_ns_flags & CLONE_NEWUSER) {
		_cleanup_free_ char *rel = xasprintf("%d/setgroups", (int)l->st->pid), *text = NULL;
		struct lc_err e = {0};

		plan->setgroups_denied = lc_read_file_at(l->proc, rel, 16, &text, NULL, &e) >= 0 &&
					 strncmp(text, "deny", 4) == 0;
	}
	if (!plan->shared_mntns)
		return 0;
	/* No mount namespace of its own: the namespace's root is not the container's, the
	 * init's chroot is (checked to be the init's by the pidfd, still alive after it). */
	{
		_cleanup_free_ char *rel = xasprintf("%d/root", (int)l->st->pid);

		plan->join_root_fd = openat(l->proc, rel, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (plan->join_root_fd < 0)
			return lc_err_set(err, errno, "open the container's root");
	}
	return 0;
}

int lc_container_exec(const struct lc_exec_opts *o, int *ret_status, struct lc_err *err)
{
	_cleanup_(lc_plan_free) struct lc_plan plan;
	_cleanup_close_ int init_pidfd = -1, master = -1;
	struct lc_spawn_result res = {.pidfd = -1};
	struct lc_loaded l;
	sigset_t all, old;
	pid_t pid = 0;
	struct exec_ctx ctx = {.o = o, .pid = &pid, .master = &master};
	int r;

	lc_plan_clear(&plan);
	*ret_status = 0;
	r = lc_load(o->root, o->id, 0, &l, err);
	if (r < 0)
		goto out;
	ctx.st = l.st;
	if (l.status != SPEC_STATUS_RUNNING && l.status != SPEC_STATUS_CREATED) {
		r = lc_err_setx(err, EINVAL, "cannot exec in a %s container",
				spec_status_name(l.status));
		goto out;
	}
	init_pidfd = lc_open_init(&l, err);
	if (init_pidfd < 0) {
		r = init_pidfd;
		goto out;
	}
	r = plan_exec(o, &l, &plan, err);
	/* The init was alive after its root was opened: that root is the container's. */
	if (r == 0 && plan.join_root_fd >= 0 &&
	    syscall(SYS_pidfd_send_signal, init_pidfd, 0, NULL, 0) < 0)
		r = lc_err_set(err, errno, "container init");
	if (r < 0)
		goto out;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	{
		struct lc_spawn_opts so = {
			.plan = &plan,
			.proc_fd = l.proc,
			.init_pidfd = init_pidfd,
			.detach = o->detach,
			.child_sigmask = &old,
			.on_cloned = record_pid,
			.ops = {.on_console = on_console,
				.on_seccomp_fd = on_seccomp_fd,
				.userdata = &ctx},
		};

		r = lc_spawn(&so, &res, err);
		/* Its own errors say what failed; a silent death needs the subject. */
		if (r == -ECHILD)
			lc_err_wrap(err, "the exec'd process");
	}
	if (r == 0 && o->pid_file)
		r = lc_write_pid_file(o->pid_file, res.pid, err);
	if (r == 0 && !o->detach) {
		siginfo_t si;

		r = lc_spawn_wait(res.pid, res.pidfd, master, &all, &si, err);
		if (r == 0)
			*ret_status = lc_spawn_reap(res.pid, &si);
	}
	if (res.pidfd >= 0)
		close(res.pidfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
out:
	lc_loaded_free(&l);
	return r;
}
