/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The container lifecycle in the parent (see container.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "cleanup.h"
#include "hooks.h"
#include "container.h"
#include "container_internal.h"
#include "death.h"
#include "log.h"
#include "mounttree.h"
#include "procfs.h"
#include "plan.h"
#include "rootfs_shared.h"
#include "rootless.h"
#include "seccomp.h"
#include "spawn.h"
#include "state.h"
#include "terminal.h"
#include "util.h"

static char *now_rfc3339(void)
{
	struct timespec ts;
	struct tm tm;
	char buf[64];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	return xasprintf("%s.%09ldZ", buf, ts.tv_nsec);
}

static uid_t host_root_uid(const struct spec_config *cfg, bool gid)
{
	const struct spec_linux *l = cfg->linux_;
	const struct spec_idmap *m = l ? (gid ? l->gid_mappings : l->uid_mappings) : NULL;
	size_t n = l ? (gid ? l->n_gid_mappings : l->n_uid_mappings) : 0;

	for (size_t i = 0; i < n; i++)
		if (m[i].container_id == 0)
			return m[i].host_id;
	return 0;
}

static void fill_state(struct spec_state *st, const struct lc_create_opts *o,
		       const struct spec_config *cfg, const char *rootfs)
{
	st->oci_version = xstrdup(cfg->oci_version);
	st->id = xstrdup(o->id);
	st->status = SPEC_STATUS_CREATING;
	st->bundle = xstrdup(o->bundle);
	st->rootfs = xstrdup(rootfs);
	st->created = now_rfc3339();
	st->owner = xstrdup("");
	st->use_pid_ns = spec_find_namespace(cfg, SPEC_NS_PID) != NULL;
	st->has_post_hooks = cfg->hooks.n[SPEC_HOOK_POSTSTART] || cfg->hooks.n[SPEC_HOOK_POSTSTOP];
	st->n_annotations = cfg->n_annotations;
	st->annotations = xcalloc(cfg->n_annotations, sizeof(struct spec_kv));
	for (size_t i = 0; i < cfg->n_annotations; i++) {
		st->annotations[i].key = xstrdup(cfg->annotations[i].key);
		st->annotations[i].value = xstrdup(cfg->annotations[i].value);
	}
}

static int create_fifo(int dfd, const struct spec_config *cfg, struct lc_err *err)
{
	int fd;

	/* 0622 and owned by the container's root: the init opens it after dropping to the
	 * configured user, through its own /proc/self/fd (the state dir stays 0700). */
	if (mkfifoat(dfd, "exec.fifo", 0622) < 0)
		return lc_err_set(err, errno, "create exec.fifo");
	if (fchmodat(dfd, "exec.fifo", 0622, 0) < 0 ||
	    fchownat(dfd, "exec.fifo", host_root_uid(cfg, false), host_root_uid(cfg, true),
		     AT_SYMLINK_NOFOLLOW) < 0)
		return lc_err_set(err, errno, "set up exec.fifo");
	fd = openat(dfd, "exec.fifo", O_PATH | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return lc_err_set(err, errno, "open exec.fifo");
	return fd;
}

/* For spawn's hook_state callback, which still names the status. */
static int state_memfd(struct spec_state *st, const char *status, struct lc_err *err)
{
	enum spec_status s;

	if (spec_status_from_name(status, &s) < 0)
		return lc_err_setx(err, EINVAL, "unknown status '%s'", status);
	return lc_hook_state_fd(st, s, err);
}

struct cloned_ctx {
	int dfd;
	struct spec_state *st;
	const struct spec_config *cfg;
	const char *console_socket;
	int *console_master; /* foreground run without a socket keeps the master here */
};

static int on_console(int fd, void *userdata, struct lc_err *err)
{
	struct cloned_ctx *c = userdata;
	int r = 0;

	if (c->console_socket)
		r = lc_terminal_send(c->console_socket, fd, err);
	if (!c->console_socket && c->console_master) {
		*c->console_master = fd;
		return 0;
	}
	close(fd);
	return r;
}

static int on_seccomp_fd(int fd, void *userdata, struct lc_err *err)
{
	struct cloned_ctx *c = userdata;

	return lc_seccomp_send_listener(c->cfg->linux_->seccomp, c->st, c->st->pid, fd, err);
}

static int hook_state(const char *status, void *userdata, struct lc_err *err)
{
	struct cloned_ctx *c = userdata;

	return state_memfd(c->st, status, err);
}

/* prestart and createRuntime: in runh's namespaces, once the container's exist.  The
 * runtime environment is made: runtime.md's lifecycle step 2 is over, and "created" is
 * "after step 2", so that is the status from here on, on the hooks' stdin as in `runh
 * state` (runc says "creating" until create returns; crun and the OCI suite "created").
 * A failing hook still fails create, which removes the state dir. */
static int run_runtime_hooks(void *userdata, struct lc_err *err)
{
	struct cloned_ctx *c = userdata;
	_cleanup_close_ int fd = -1;
	int r;

	c->st->status = SPEC_STATUS_CREATED;
	r = lc_state_write(c->dfd, c->st, err);
	if (r < 0)
		return r;
	fd = lc_hook_state_fd(c->st, SPEC_STATUS_CREATED, err);
	if (fd < 0)
		return fd;
	r = lc_hooks_run(&c->cfg->hooks, SPEC_HOOK_PRESTART, fd, err);
	if (r == 0)
		r = lc_hooks_run(&c->cfg->hooks, SPEC_HOOK_CREATE_RUNTIME, fd, err);
	return r;
}

static int record_pid(pid_t pid, uint64_t start_time, void *userdata, struct lc_err *err)
{
	struct cloned_ctx *c = userdata;

	c->st->pid = pid;
	c->st->init_start_time = start_time;
	return lc_state_write(c->dfd, c->st, err);
}

static int create_cgroup(const struct lc_plan *plan, int dfd, struct spec_state *st,
			 struct lc_err *err)
{
	int r = lc_cgroup_create(&plan->layout, st->cgroup_path, plan->cfg->linux_->resources,
				 &st->cgroup_top, err);

	if (r < 0) {
		/* Nothing was created: a crash before the rollback must not make delete remove
		 * a cgroup that is someone else's. */
		free(st->cgroup_path);
		st->cgroup_path = NULL;
		(void)lc_state_write(dfd, st, &(struct lc_err){0});
	}
	return r;
}

/* Everything of create after the state dir exists; *cg_made once the cgroup is runh's. */
static int create_inner(const struct lc_create_opts *o, const struct lc_plan *plan, int dfd,
			const sigset_t *child_mask, struct spec_state *st, bool *cg_made,
			struct lc_spawn_result *res, int *console_master, struct lc_err *err)
{
	const struct spec_config *cfg = plan->cfg;
	_cleanup_close_ int fifo = -1, proc = -1;
	struct cloned_ctx cc = {.dfd = dfd,
				.st = st,
				.cfg = cfg,
				.console_socket = o->console_socket,
				.console_master = console_master};
	struct lc_spawn_opts so = {
		.plan = plan,
		.child_sigmask = child_mask,
		.on_cloned = record_pid,
		.ops = {.hook_state = hook_state,
			.run_hooks = run_runtime_hooks,
			.on_console = on_console,
			.on_seccomp_fd = on_seccomp_fd,
			.userdata = &cc},
	};
	int r;

	/* A copy for later commands (exec's defaults, poststart, poststop, and delete when
	 * state.json is unreadable): the bytes that were parsed, since the bundle may change
	 * or go away while the container lives.  Written before anything exists. */
	r = lc_write_file_at(dfd, "config.json", o->config_text, o->config_len, 0600, err);
	if (r < 0)
		return r;
	fill_state(st, o, cfg, plan->rootfs);
	st->cgroup_path = plan->cgroup_path ? xstrdup(plan->cgroup_path) : NULL;
	/* Where the rootfs bind will be stacked, on record before the child makes it. */
	if (plan->shared_mntns) {
		r = lc_shared_root_record(plan, st, err);
		if (r < 0)
			return r;
	}
	/* Recorded before it exists: a crash from here on leaves a cgroup delete can find. */
	r = lc_state_write(dfd, st, err);
	if (r < 0)
		return r;
	if (plan->cgroup_path) { /* NULL: rootless, no cgroup the caller can write */
		r = create_cgroup(plan, dfd, st, err);
		if (r < 0)
			return r;
		*cg_made = true;
		/* Now what runh created (cgroup_top; "" when it reused a cgroup) is on record
		 * too. */
		r = lc_state_write(dfd, st, err);
		if (r < 0)
			return r;
	}
	fifo = create_fifo(dfd, cfg, err);
	if (fifo < 0)
		return fifo;
	proc = lc_procfs_open(AT_FDCWD, "/proc", 0, err);
	if (proc < 0)
		return proc;
	so.fifo_fd = fifo;
	so.proc_fd = proc;
	r = lc_spawn(&so, res, err);
	if (r < 0)
		return lc_err_wrap(err, "container init");
	lc_explain(LC_X_EXEC, "init %d is READY: state 'created', waiting on exec.fifo", res->pid);
	st->status = SPEC_STATUS_CREATED;
	r = lc_state_write(dfd, st, err);
	if (r == 0 && o->pid_file)
		r = lc_write_pid_file(o->pid_file, res->pid, err);
	if (r < 0) {
		struct lc_child child = {.pid = res->pid, .pidfd = res->pidfd};

		lc_child_kill(&child);
		close(res->pidfd);
		res->pidfd = -1;
	}
	return r;
}

/* The state dir is locked from its mkdir until create returns (state.h); on failure the
 * rollback undoes what this call made, from what it holds: the cgroup, then the dir. */
static int create_common(const struct lc_create_opts *o, const struct lc_plan *plan,
			 const sigset_t *child_mask, struct lc_spawn_result *res,
			 int *console_master, struct lc_err *err)
{
	_cleanup_close_ int root = -1;
	_cleanup_state_guard_ struct lc_state_guard dir = {.dfd = -1};
	_cleanup_(spec_state_freep) struct spec_state *st = xcalloc(1, sizeof(*st));
	bool cg_made = false;
	int r;

	root = lc_state_open_root(o->root, true, err);
	if (root < 0)
		return root;
	r = lc_state_guard_create(root, o->id, &dir, err);
	if (r < 0)
		return r;
	r = create_inner(o, plan, dir.dfd, child_mask, st, &cg_made, res, console_master, err);
	if (r < 0 && st->shared_root) {
		struct lc_err e2 = {0};

		if (lc_shared_root_release(st, &e2) < 0) {
			lc_warn("cleanup: %s; the state dir is kept for delete --force", e2.msg);
			lc_state_guard_keep(&dir);
		}
	}
	if (r < 0 && cg_made) {
		struct lc_err e2 = {0};

		/* The init is dead and reaped by now. */
		if (lc_cgroup_destroy(&plan->layout, st->cgroup_path, st->cgroup_top, &e2) < 0) {
			lc_warn("cleanup: %s; the state dir is kept for delete --force", e2.msg);
			lc_state_guard_keep(&dir);
		}
	}
	if (r == 0)
		lc_state_guard_keep(&dir);
	return r;
}

/* Everything a config is refused for, before anything exists: the plan. */
static int plan_create(const struct lc_create_opts *o, const struct spec_config *cfg,
		       bool foreground, struct lc_cgroup_layout *layout, struct lc_plan *plan,
		       struct lc_err *err)
{
	struct lc_plan_opts po = {.id = o->id,
				  .bundle = o->bundle,
				  .layout = layout,
				  .no_pivot = o->no_pivot,
				  .preserve_fds = o->preserve_fds,
				  .listen_fds = o->listen_fds,
				  .console_socket = o->console_socket != NULL,
				  .foreground = foreground};
	int r;

	r = lc_state_validate_id(o->id, err);
	if (r == 0)
		r = lc_cgroup_layout_host(layout, err);
	if (r == 0)
		r = lc_plan_init(cfg, &po, plan, err);
	/* Without root: what the caller may map, and only the cgroups it can write. */
	if (r == 0)
		r = lc_rootless_check_idmaps(cfg, "/etc", err);
	if (r == 0 && o->rootless)
		r = lc_cgroup_rootless(&plan->layout, &plan->cgroup_path, cfg->linux_->resources,
				       err);
	if (r == 0)
		r = lc_mounttree_open(plan, err);
	return r;
}

int lc_container_create(const struct lc_create_opts *o, const struct spec_config *cfg,
			pid_t *ret_pid, struct lc_err *err)
{
	_cleanup_(lc_plan_free) struct lc_plan plan;
	struct lc_cgroup_layout layout;
	struct lc_spawn_result res = {.pidfd = -1};
	sigset_t mask;
	int r;

	lc_plan_clear(&plan);
	sigprocmask(SIG_SETMASK, NULL, &mask);
	r = plan_create(o, cfg, false, &layout, &plan, err);
	if (r == 0)
		r = create_common(o, &plan, &mask, &res, NULL, err);
	if (r < 0)
		return r;
	close(res.pidfd);
	*ret_pid = res.pid;
	return 0;
}

static int wait_fifo(int fifo, int pidfd, struct lc_err *err)
{
	struct pollfd p[2] = {{.fd = fifo, .events = POLLIN}, {.fd = pidfd, .events = POLLIN}};
	char c;

	for (;;) {
		int n = poll(p, 2, -1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return lc_err_set(err, errno, "poll exec.fifo");
		if (p[0].revents & (POLLIN | POLLHUP)) {
			if (read(fifo, &c, 1) == 1)
				return 0;
			return lc_err_setx(err, EIO, "container init did not start");
		}
		if (p[1].revents)
			return lc_err_setx(err, ESRCH, "container init exited before start");
	}
}

static int check_startable(enum spec_status status, struct lc_err *err)
{
	switch (status) {
	case SPEC_STATUS_CREATED:
		return 0;
	case SPEC_STATUS_CREATING:
		return lc_err_setx(err, EINVAL, "cannot start: " LC_CREATING_MSG);
	case SPEC_STATUS_STOPPED:
		return lc_err_setx(err, EINVAL, "cannot start a container that has stopped");
	case SPEC_STATUS_RUNNING:
		return lc_err_setx(err, EINVAL, "cannot start an already running container");
	case SPEC_STATUS_PAUSED:
		return lc_err_setx(err, EINVAL, "cannot start a container in the paused state");
	}
	return lc_err_setx(err, EINVAL, "cannot start: unknown status");
}

int lc_container_start(const char *root, const char *id, struct lc_err *err)
{
	struct lc_loaded l;
	_cleanup_close_ int pidfd = -1, fifo = -1;
	int r;

	r = lc_load(root, id, 0, &l, err);
	if (r == 0)
		r = check_startable(l.status, err);
	if (r < 0)
		goto out;
	pidfd = lc_open_init(&l, err);
	if (pidfd < 0) {
		r = pidfd;
		goto out;
	}
	fifo = openat(l.dfd, "exec.fifo", O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
	if (fifo < 0) {
		r = lc_err_set(err, errno, "open exec.fifo");
		goto out;
	}
	r = wait_fifo(fifo, pidfd, err);
	if (r < 0)
		goto out;
	lc_explain(LC_X_EXEC, "exec.fifo read by `start`: init %d goes on to execve", l.st->pid);
	(void)unlinkat(l.dfd, "exec.fifo", 0);
	l.st->status = SPEC_STATUS_RUNNING;
	r = lc_state_write(l.dfd, l.st, err);
	if (r == 0)
		lc_run_post_hooks(l.dfd, l.st, SPEC_HOOK_POSTSTART, SPEC_STATUS_RUNNING);
out:
	lc_loaded_free(&l);
	return r;
}

int lc_container_state(const char *root, const char *id, struct spec_state **ret,
		       struct lc_err *err)
{
	struct lc_loaded l;
	int r;

	r = lc_load(root, id, 0, &l, err);
	if (r == 0) {
		l.st->status = l.status;
		if (l.status == SPEC_STATUS_STOPPED)
			l.st->pid = 0;
		*ret = TAKE_PTR(l.st);
	}
	lc_loaded_free(&l);
	return r;
}

int lc_container_run(const struct lc_create_opts *o, const struct spec_config *cfg, bool detach,
		     bool keep, struct lc_exit *ret_exit, struct lc_err *err)
{
	_cleanup_(lc_plan_free) struct lc_plan plan;
	struct lc_cgroup_layout layout;
	struct lc_spawn_result res = {.pidfd = -1};
	siginfo_t si;
	_cleanup_close_ int master = -1;
	sigset_t all, old;
	int r;

	lc_plan_clear(&plan);
	/* Signals for the container are taken from here on and forwarded once it runs. */
	sigfillset(&all);
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGILL);
	sigdelset(&all, SIGFPE);
	sigprocmask(SIG_BLOCK, &all, &old);
	r = plan_create(o, cfg, !detach, &layout, &plan, err);
	if (r == 0)
		r = create_common(o, &plan, &old, &res, &master, err);
	lc_mounttree_close(&plan);
	if (r == 0)
		r = lc_container_start(o->root, o->id, err);
	if (r < 0 || detach) {
		if (res.pidfd >= 0)
			close(res.pidfd);
		if (r < 0 && res.pid > 0) {
			struct lc_err e2 = {0};
			(void)lc_container_delete(o->root, o->id, true, &e2);
			(void)waitpid(res.pid, NULL, 0);
		}
		sigprocmask(SIG_SETMASK, &old, NULL);
		*ret_exit = (struct lc_exit){0};
		return r;
	}
	r = lc_spawn_wait(res.pid, res.pidfd, master, &all, &si, err);
	if (r == 0) {
		/* Before the reap (the pid names it in the audit log) and the delete (the
		 * cgroup's OOM count): why it ended, also for `events`. */
		struct lc_death d = {.pid = res.pid,
				     .how = si.si_code,
				     .status = si.si_status,
				     .has_seccomp = plan.has_seccomp,
				     .layout = plan.cgroup_path ? &plan.layout : NULL,
				     .cgroup_path = plan.cgroup_path};

		lc_exit_note(o->root, o->id, &d, ret_exit);
		(void)lc_spawn_reap(res.pid, &si);
	}
	close(res.pidfd);
	if (!keep) {
		struct lc_err e2 = {0};

		if (lc_container_delete(o->root, o->id, true, &e2) < 0)
			lc_warn("delete after run: %s", e2.msg);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return r;
}
