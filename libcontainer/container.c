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
#include "log.h"
#include "procfs.h"
#include "plan.h"
#include "seccomp.h"
#include "spawn.h"
#include "state.h"
#include "terminal.h"
#include "util.h"

#define DELETE_TIMEOUT_MS 10000

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
	st->status = xstrdup("creating");
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

/* The state as hooks see it, in a memfd. */
static int state_memfd(struct spec_state *st, const char *status, struct lc_err *err)
{
	_cleanup_free_ char *json = NULL;
	char *saved = st->status;
	int fd;

	st->status = (char *)status;
	spec_state_to_json(st, SPEC_STATE_PUBLIC_COMPACT, &json, NULL);
	st->status = saved;
	fd = lc_hooks_state_fd(json, err);
	return fd;
}

/* poststop runs at most once: recorded in the state dir before the first hook starts, so
 * a delete killed while they run does not run them again.  false: do not run them. */
static bool claim_poststop(int dfd)
{
	int fd = openat(dfd, "poststop.started", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
							 O_CLOEXEC, 0600);

	if (fd >= 0) {
		close(fd);
		return true;
	}
	if (errno == EEXIST)
		lc_warn("poststop hooks: already started by an earlier delete; not run again");
	else
		lc_warn("poststop hooks: cannot record them in the state dir (%s); not run",
			strerror(errno));
	return false;
}

/* poststart / poststop: failures are warnings and the next hook runs (see hooks.c). */
static void run_post_hooks(int dfd, struct spec_state *st, enum spec_hook_kind kind,
			   const char *status)
{
	_cleanup_(spec_config_freep) struct spec_config *cfg = NULL;
	_cleanup_close_ int fd = -1;
	struct lc_err e = {0};

	if (!st->has_post_hooks)
		return;
	if (spec_parse_config_file(dfd, "config.json", &cfg, &e) < 0 || !cfg->hooks.n[kind]) {
		if (e.code)
			lc_warn("%s hooks: %s", spec_hook_names[kind], e.msg);
		return;
	}
	fd = state_memfd(st, status, &e);
	if (fd >= 0 && kind == SPEC_HOOK_POSTSTOP && !claim_poststop(dfd))
		return;
	if (fd < 0 || lc_hooks_run(&cfg->hooks, kind, fd, &e) < 0)
		lc_warn("%s", e.msg);
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

/* prestart and createRuntime: in runh's namespaces, once the container's exist. */
static int run_runtime_hooks(void *userdata, struct lc_err *err)
{
	struct cloned_ctx *c = userdata;
	_cleanup_close_ int fd = state_memfd(c->st, "creating", err);
	int r;

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

static int create_inner(const struct lc_create_opts *o, const struct lc_plan *plan, int dfd,
			const sigset_t *child_mask, struct lc_spawn_result *res,
			int *console_master, struct lc_err *err)
{
	const struct spec_config *cfg = plan->cfg;
	_cleanup_(spec_state_freep) struct spec_state *st = xcalloc(1, sizeof(*st));
	_cleanup_close_ int fifo = -1, proc = -1;
	struct cloned_ctx cc = {.dfd = dfd, .st = st, .cfg = cfg, .console_socket = o->console_socket,
				.console_master = console_master};
	struct lc_spawn_opts so = {
		.plan = plan,
		.child_sigmask = child_mask,
		.on_cloned = record_pid,
		.ops = {.hook_state = hook_state, .run_hooks = run_runtime_hooks,
			.on_console = on_console, .on_seccomp_fd = on_seccomp_fd, .userdata = &cc},
	};
	int r;

	fill_state(st, o, cfg, plan->rootfs);
	st->cgroup_path = xstrdup(plan->cgroup_path);
	/* Recorded before it exists: a crash from here on leaves a cgroup delete can find. */
	r = lc_state_write(dfd, st, err);
	if (r < 0)
		return r;
	r = lc_cgroup_create(&plan->layout, st->cgroup_path, cfg->linux_->resources,
			     &st->cgroup_top, err);
	if (r < 0) {
		free(st->cgroup_path); /* nothing was created: nothing to remove */
		st->cgroup_path = NULL;
		(void)lc_state_write(dfd, st, &(struct lc_err){0});
		return r;
	}
	/* Now what runh created (cgroup_top; "" when it reused a cgroup) is on record too. */
	r = lc_state_write(dfd, st, err);
	if (r < 0)
		return r;
	fifo = create_fifo(dfd, cfg, err);
	if (fifo < 0)
		return fifo;
	/* A copy for later commands (exec's defaults, poststart, poststop): the bytes that were
	 * parsed, since the bundle may change or go away while the container lives. */
	r = lc_write_file_at(dfd, "config.json", o->config_text, o->config_len, 0600, err);
	if (r < 0)
		return r;
	proc = lc_procfs_open(AT_FDCWD, "/proc", 0, err);
	if (proc < 0)
		return proc;
	so.fifo_fd = fifo;
	so.proc_fd = proc;
	r = lc_spawn(&so, res, err);
	if (r < 0)
		return lc_err_wrap(err, "container init");
	free(st->status);
	st->status = xstrdup("created");
	r = lc_state_write(dfd, st, err);
	if (r == 0 && o->pid_file)
		r = lc_write_pid_file(o->pid_file, res->pid, err);
	if (r < 0) {
		struct lc_child child = {.pid = res->pid, .pidfd = res->pidfd};

		lc_child_kill(&child);
		close(res->pidfd);
		res->pidfd = -1;
		res->pid = 0;
	}
	return r;
}

static int create_common(const struct lc_create_opts *o, const struct lc_plan *plan,
			 const sigset_t *child_mask, struct lc_spawn_result *res, int *console_master,
			 struct lc_err *err)
{
	_cleanup_close_ int root = -1, dfd = -1;
	int r;

	root = lc_state_open_root(o->root, true, err);
	if (root < 0)
		return root;
	dfd = lc_state_create_dir(root, o->id, err);
	if (dfd < 0)
		return dfd;
	r = create_inner(o, plan, dfd, child_mask, res, console_master, err);
	if (r < 0) {
		struct lc_err e2 = {0};
		_cleanup_(spec_state_freep) struct spec_state *st = NULL;

		/* The init is dead and reaped by now: remove its cgroup, then the state. */
		if (lc_state_read(dfd, o->id, &st, &e2) == 0 && st->cgroup_path &&
		    lc_cgroup_destroy(&plan->layout, st->cgroup_path, st->cgroup_top, &e2) < 0)
			lc_warn("cleanup: %s", e2.msg);
		if (lc_state_remove_dir(root, o->id, &e2) < 0)
			lc_warn("cleanup: %s", e2.msg);
	}
	return r;
}

/* Everything a config is refused for, before anything exists: the plan. */
static int plan_create(const struct lc_create_opts *o, const struct spec_config *cfg,
		       bool foreground, struct lc_cgroup_layout *layout, struct lc_plan *plan,
		       struct lc_err *err)
{
	struct lc_plan_opts po = {.id = o->id, .bundle = o->bundle, .layout = layout,
				  .no_pivot = o->no_pivot, .preserve_fds = o->preserve_fds,
				  .listen_fds = o->listen_fds,
				  .console_socket = o->console_socket != NULL,
				  .foreground = foreground};
	int r;

	r = lc_state_validate_id(o->id, err);
	if (r == 0)
		r = lc_cgroup_layout_host(layout, err);
	if (r == 0)
		r = lc_plan_init(cfg, &po, plan, err);
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

void lc_loaded_free(struct lc_loaded *l)
{
	if (l->root >= 0)
		close(l->root);
	if (l->dfd >= 0)
		close(l->dfd);
	if (l->proc >= 0)
		close(l->proc);
	spec_state_free(l->st);
}

int lc_load(const char *root, const char *id, struct lc_loaded *l, struct lc_err *err)
{
	int r;

	*l = (struct lc_loaded){.root = -1, .dfd = -1, .proc = -1};
	r = lc_state_validate_id(id, err);
	if (r < 0)
		return r;
	l->root = lc_state_open_root(root, false, err);
	if (l->root < 0 && err->code == ENOENT)
		return lc_err_setx(err, ENOENT, "container does not exist: %s", id);
	if (l->root < 0)
		return l->root;
	l->dfd = lc_state_open_dir(l->root, id, err);
	if (l->dfd < 0)
		return l->dfd;
	r = lc_state_read(l->dfd, id, &l->st, err);
	if (r < 0)
		return r;
	l->proc = lc_procfs_open(AT_FDCWD, "/proc", 0, err);
	if (l->proc < 0)
		return l->proc;
	l->status = lc_state_live_status(l->proc, l->dfd, l->st);
	return 0;
}

/* A pidfd for the init, only if it is still the process we started. */
int lc_open_init(const struct lc_loaded *l, struct lc_err *err)
{
	int fd = (int)syscall(SYS_pidfd_open, l->st->pid, 0);

	if (fd < 0 && errno == ESRCH)
		return lc_err_setx(err, ESRCH, "container not running");
	if (fd < 0)
		return lc_err_set(err, errno, "pidfd_open %d", l->st->pid);
	if (lc_proc_start_time(l->proc, l->st->pid) != l->st->init_start_time) {
		close(fd);
		return lc_err_setx(err, ESRCH, "container not running");
	}
	return fd;
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

int lc_container_start(const char *root, const char *id, struct lc_err *err)
{
	struct lc_loaded l;
	_cleanup_close_ int pidfd = -1, fifo = -1;
	int r;

	r = lc_load(root, id, &l, err);
	if (r < 0)
		goto out;
	if (strcmp(l.status, "created") != 0) {
		r = lc_err_setx(err, EINVAL, strcmp(l.status, "stopped") == 0
					       ? "cannot start a container that has stopped"
					       : "cannot start an already running container");
		goto out;
	}
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
	(void)unlinkat(l.dfd, "exec.fifo", 0);
	free(l.st->status);
	l.st->status = xstrdup("running");
	r = lc_state_write(l.dfd, l.st, err);
	if (r == 0)
		run_post_hooks(l.dfd, l.st, SPEC_HOOK_POSTSTART, "running");
out:
	lc_loaded_free(&l);
	return r;
}

int lc_container_state(const char *root, const char *id, struct spec_state **ret,
		       struct lc_err *err)
{
	struct lc_loaded l;
	int r;

	r = lc_load(root, id, &l, err);
	if (r == 0) {
		free(l.st->status);
		l.st->status = xstrdup(l.status);
		if (strcmp(l.status, "stopped") == 0)
			l.st->pid = 0;
		*ret = TAKE_PTR(l.st);
	}
	lc_loaded_free(&l);
	return r;
}

int lc_container_kill(const char *root, const char *id, int sig, bool all, struct lc_err *err)
{
	struct lc_loaded l;
	_cleanup_close_ int pidfd = -1;
	int r;

	r = lc_load(root, id, &l, err);
	if (r < 0)
		goto out;
	if (strcmp(l.status, "stopped") == 0 || strcmp(l.status, "creating") == 0) {
		r = lc_err_setx(err, ESRCH, "container not running");
		goto out;
	}
	pidfd = lc_open_init(&l, err);
	if (pidfd < 0) {
		r = pidfd;
		goto out;
	}
	if (syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0)
		r = lc_err_set(err, errno, "send signal %d", sig);
	if (r == 0 && all && l.st->cgroup_path) {
		struct lc_cgroup_layout layout;

		r = lc_cgroup_layout_host(&layout, err);
		if (r == 0)
			r = lc_cgroup_signal_all(&layout, l.st->cgroup_path, sig, err);
	}
out:
	lc_loaded_free(&l);
	return r;
}

static int kill_and_wait(const struct lc_loaded *l, struct lc_err *err)
{
	_cleanup_close_ int pidfd = -1;
	struct pollfd p;

	pidfd = lc_open_init(l, err);
	if (pidfd < 0)
		return 0; /* already gone */
	if (syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0) < 0 && errno != ESRCH)
		return lc_err_set(err, errno, "kill container init");
	p = (struct pollfd){.fd = pidfd, .events = POLLIN};
	if (poll(&p, 1, DELETE_TIMEOUT_MS) == 0)
		return lc_err_setx(err, ETIMEDOUT, "container init did not exit after SIGKILL");
	return 0;
}

int lc_container_delete(const char *root, const char *id, bool force, struct lc_err *err)
{
	struct lc_loaded l;
	int r;

	r = lc_load(root, id, &l, err);
	if (r < 0 && l.dfd >= 0 && l.root >= 0 && force) {
		/* Unreadable state (crash mid-write): --force still removes it. */
		lc_warn("%s; removing it", err->msg);
		r = lc_state_remove_dir(l.root, id, err);
		goto out;
	}
	if (r < 0)
		goto out;
	if (strcmp(l.status, "stopped") != 0 && strcmp(l.status, "created") != 0 &&
	    strcmp(l.status, "creating") != 0 && !force) {
		r = lc_err_setx(err, EBUSY, "cannot delete container %s that is not stopped: %s", id,
				l.status);
		goto out;
	}
	if (strcmp(l.status, "paused") == 0 && l.st->cgroup_path) {
		struct lc_cgroup_layout layout;
		struct lc_err e2 = {0};

		/* A frozen init cannot die: kill, then thaw so that it does. */
		if (l.st->pid > 0)
			(void)kill(l.st->pid, SIGKILL);
		if (lc_cgroup_layout_host(&layout, &e2) == 0)
			(void)lc_cgroup_freeze(&layout, l.st->cgroup_path, false, &e2);
	}
	if (strcmp(l.status, "stopped") != 0 && l.st->pid > 0) {
		r = kill_and_wait(&l, err);
		if (r < 0)
			goto out;
	}
	if (l.st->cgroup_path) {
		struct lc_cgroup_layout layout;

		r = lc_cgroup_layout_host(&layout, err);
		if (r == 0)
			r = lc_cgroup_destroy(&layout, l.st->cgroup_path, l.st->cgroup_top, err);
		if (r < 0)
			goto out;
	}
	if (strcmp(l.status, "creating") != 0)
		run_post_hooks(l.dfd, l.st, SPEC_HOOK_POSTSTOP, "stopped");
	r = lc_state_remove_dir(l.root, id, err);
out:
	lc_loaded_free(&l);
	return r;
}

int lc_container_run(const struct lc_create_opts *o, const struct spec_config *cfg, bool detach,
		     bool keep, int *ret_status, struct lc_err *err)
{
	_cleanup_(lc_plan_free) struct lc_plan plan;
	struct lc_cgroup_layout layout;
	struct lc_spawn_result res = {.pidfd = -1};
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
		*ret_status = 0;
		return r;
	}
	r = lc_spawn_wait(res.pid, res.pidfd, master, &all, ret_status, err);
	close(res.pidfd);
	if (!keep) {
		struct lc_err e2 = {0};

		if (lc_container_delete(o->root, o->id, true, &e2) < 0)
			lc_warn("delete after run: %s", e2.msg);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return r;
}
