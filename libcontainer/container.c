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
#include "log.h"
#include "procfs.h"
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

/* Relative rootfs and bind sources are relative to the bundle (runtime-spec config.md). */
static int resolve_paths(const struct lc_create_opts *o, struct spec_config *cfg,
			 char **ret_rootfs, struct lc_err *err)
{
	_cleanup_free_ char *joined = NULL;
	char real[PATH_MAX];
	struct stat st;

	joined = cfg->root_path[0] == '/' ? xstrdup(cfg->root_path)
					  : xasprintf("%s/%s", o->bundle, cfg->root_path);
	if (!realpath(joined, real))
		return lc_err_set(err, errno, "root.path '%s'", cfg->root_path);
	if (stat(real, &st) < 0 || !S_ISDIR(st.st_mode))
		return lc_err_setx(err, ENOTDIR, "root.path '%s': not a directory", cfg->root_path);
	for (size_t i = 0; i < cfg->n_mounts; i++) {
		struct spec_mount *m = &cfg->mounts[i];

		if (m->is_bind && m->source[0] != '/') {
			char *abs = xasprintf("%s/%s", o->bundle, m->source);
			free(m->source);
			m->source = abs;
		}
	}
	*ret_rootfs = xstrdup(real);
	return 0;
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

/* The pid file is written whole or not at all (containerd reads it right away). */
static int write_pid_file(const char *path, pid_t pid, struct lc_err *err)
{
	_cleanup_free_ char *dir = NULL, *tmp = NULL;
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%d", (int)pid);
	_cleanup_close_ int fd = -1;
	const char *slash = strrchr(path, '/');

	dir = slash ? strndup(path, (size_t)(slash - path + 1)) : xstrdup("");
	tmp = xasprintf("%s.%s.runh-tmp", dir, slash ? slash + 1 : path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0 || lc_write_all(fd, buf, (size_t)len) < 0 || rename(tmp, path) < 0) {
		int e = errno;
		(void)unlink(tmp);
		return lc_err_set(err, e, "write pid file '%s'", path);
	}
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

static bool lsm_enabled(const char *path)
{
	char c = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	if (read(fd, &c, 1) != 1)
		c = 0;
	close(fd);
	return c == 'Y' || c == '1';
}

/* What the config asks for that this version cannot apply: refused (the spec says a
 * runtime MUST error rather than ignore). */
static int check_supported(const struct spec_config *cfg, struct lc_err *err)
{
	const struct spec_process *p = cfg->process;
	const struct spec_linux *l = cfg->linux_;

	if (p->apparmor_profile && p->apparmor_profile[0] &&
	    !lsm_enabled("/sys/module/apparmor/parameters/enabled"))
		return lc_err_setx(err, EOPNOTSUPP, "config.json: process.apparmorProfile: AppArmor "
						    "is not enabled on this host");
	if (p->apparmor_profile && p->apparmor_profile[0])
		return lc_err_setx(err, EOPNOTSUPP,
				   "config.json: process.apparmorProfile: not supported yet");
	if ((p->selinux_label && p->selinux_label[0]) || (l && l->mount_label && l->mount_label[0]))
		return lc_err_setx(err, EOPNOTSUPP, "config.json: process.selinuxLabel / "
						    "linux.mountLabel: SELinux is not supported yet");
	if (p->exec_cpu_affinity_initial || p->exec_cpu_affinity_final)
		return lc_err_setx(err, EOPNOTSUPP,
				   "config.json: process.execCPUAffinity: not supported yet");
	if (!l)
		return 0;
	if (l->seccomp && l->seccomp->listener_path == NULL)
		for (size_t i = 0; i < l->seccomp->n_syscalls; i++)
			if (l->seccomp->syscalls[i].action == SPEC_SCMP_ACT_NOTIFY)
				return lc_err_setx(err, EINVAL, "config.json: linux.seccomp: "
								"SCMP_ACT_NOTIFY needs listenerPath");
	if (l->intel_rdt)
		return lc_err_setx(err, EOPNOTSUPP, "config.json: linux.intelRdt: not supported");
	if (l->memory_policy)
		return lc_err_setx(err, EOPNOTSUPP,
				   "config.json: linux.memoryPolicy: not supported yet");
	if (l->n_net_devices)
		return lc_err_setx(err, EOPNOTSUPP, "config.json: linux.netDevices: not supported yet");
	return 0;
}

/* The state as hooks see it, in a memfd. */
static int state_fd(struct spec_state *st, enum spec_status status, struct lc_err *err)
{
	_cleanup_free_ char *json = NULL;
	enum spec_status saved = st->status;

	st->status = status;
	spec_state_to_json(st, SPEC_STATE_PUBLIC_COMPACT, &json, NULL);
	st->status = saved;
	return lc_hooks_state_fd(json, err);
}

/* For spawn's hook_state callback, which still names the status. */
static int state_memfd(struct spec_state *st, const char *status, struct lc_err *err)
{
	enum spec_status s;

	if (spec_status_from_name(status, &s) < 0)
		return lc_err_setx(err, EINVAL, "unknown status '%s'", status);
	return state_fd(st, s, err);
}

/* poststart / poststop: failures are warnings (the spec says so). */
void lc_run_post_hooks(int dfd, struct spec_state *st, enum spec_hook_kind kind,
			   enum spec_status status)
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
	fd = state_fd(st, status, &e);
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

/* linux.seccomp.listenerPath: connect, send the process state JSON with the listener. */
static int send_seccomp_fd(int fd, pid_t pid, void *userdata, struct lc_err *err)
{
	struct cloned_ctx *c = userdata;
	const struct spec_seccomp *s = c->cfg->linux_->seccomp;
	_cleanup_close_ int sock = -1, lfd = fd;
	_cleanup_free_ char *json = NULL;
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	char cbuf[CMSG_SPACE(sizeof(int))] = {0};
	struct iovec iov;
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf)};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	size_t len;

	if (strlen(s->listener_path) >= sizeof(sa.sun_path))
		return lc_err_setx(err, ENAMETOOLONG, "linux.seccomp.listenerPath: too long");
	strcpy(sa.sun_path, s->listener_path);
	sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (sock < 0 || connect(sock, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return lc_err_set(err, errno, "linux.seccomp.listenerPath '%s'", s->listener_path);
	if (spec_process_state_to_json(c->st, pid, s->listener_metadata, &json, &len) < 0)
		return lc_err_setx(err, ENOMEM, "encode the seccomp state");
	iov = (struct iovec){.iov_base = json, .iov_len = len};
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &lfd, sizeof(int));
	if (sendmsg(sock, &mh, MSG_NOSIGNAL) != (ssize_t)len)
		return lc_err_set(err, errno, "send to the seccomp listener '%s'", s->listener_path);
	return 0;
}

static int hook_state(const char *status, void *userdata, struct lc_err *err)
{
	struct cloned_ctx *c = userdata;

	return state_memfd(c->st, status, err);
}

static int record_pid(pid_t pid, uint64_t start_time, void *userdata, struct lc_err *err)
{
	struct cloned_ctx *c = userdata;

	c->st->pid = pid;
	c->st->init_start_time = start_time;
	return lc_state_write(c->dfd, c->st, err);
}

/* Kill the init runh just made and reap it (it is runh's child). */
static void kill_child(struct lc_spawn_result *res)
{
	siginfo_t si;

	(void)syscall(SYS_pidfd_send_signal, res->pidfd, SIGKILL, NULL, 0);
	while (waitid(P_PIDFD, (id_t)res->pidfd, &si, WEXITED) < 0 && errno == EINTR)
		;
	close(res->pidfd);
	res->pidfd = -1;
}

/* Everything of create after the state dir exists; *cg_made once the cgroup is runh's. */
static int create_inner(const struct lc_create_opts *o, struct spec_config *cfg, int dfd,
			const sigset_t *child_mask, struct spec_state *st,
			struct lc_cgroup_layout *layout, bool *cg_made, struct lc_spawn_result *res,
			int *console_master, struct lc_err *err)
{
	_cleanup_free_ char *rootfs = NULL;
	_cleanup_close_ int fifo = -1, proc = -1;
	struct lc_spawn_opts so = {.cfg = cfg, .no_pivot = o->no_pivot,
				   .preserve_fds = o->preserve_fds, .child_sigmask = child_mask};
	int r;

	if (!cfg->process)
		return lc_err_setx(err, EINVAL, "config.json: process: required to create a container");
	r = check_supported(cfg, err);
	if (r < 0)
		return r;
	r = resolve_paths(o, cfg, &rootfs, err);
	if (r < 0)
		return r;
	/* A copy for later commands (exec's defaults, poststart, poststop, and delete when
	 * state.json is unreadable): the bytes that were parsed, since the bundle may change
	 * or go away while the container lives.  Written before anything exists. */
	r = lc_write_file_at(dfd, "config.json", o->config_text, o->config_len, 0600, err);
	if (r < 0)
		return r;
	fill_state(st, o, cfg, rootfs);
	r = lc_cgroup_path(cfg->linux_ ? cfg->linux_->cgroups_path : NULL, o->id, &st->cgroup_path,
			   err);
	if (r < 0)
		return r;
	/* Recorded before it exists: a crash from here on leaves a cgroup delete can find. */
	r = lc_state_write(dfd, st, err);
	if (r < 0)
		return r;
	r = lc_cgroup_layout_host(layout, err);
	if (r == 0)
		r = lc_cgroup_create(layout, st->cgroup_path, cfg->linux_ ? cfg->linux_->resources : NULL,
				     &st->cgroup_top, err);
	if (r < 0) {
		/* Nothing was created: a crash before the rollback must not make delete remove
		 * a cgroup that is someone else's. */
		free(st->cgroup_path);
		st->cgroup_path = NULL;
		(void)lc_state_write(dfd, st, &(struct lc_err){0});
		return r;
	}
	*cg_made = true;
	fifo = create_fifo(dfd, cfg, err);
	if (fifo < 0)
		return fifo;
	proc = lc_procfs_open(AT_FDCWD, "/proc", 0, err);
	if (proc < 0)
		return proc;
	struct cloned_ctx cc = {.dfd = dfd, .st = st, .cfg = cfg,
				.console_socket = o->console_socket,
				.console_master = console_master};

	so.rootfs = rootfs;
	so.fifo_fd = fifo;
	so.proc_fd = proc;
	so.cg_layout = layout;
	so.cg_path = st->cgroup_path;
	so.on_cloned = record_pid;
	so.on_seccomp_fd = send_seccomp_fd;
	so.hook_state = hook_state;
	so.on_console = on_console;
	so.userdata = &cc;
	r = lc_spawn_init(&so, res, err);
	if (r < 0)
		return lc_err_wrap(err, "container init");
	st->status = SPEC_STATUS_CREATED;
	r = lc_state_write(dfd, st, err);
	if (r == 0 && o->pid_file)
		r = write_pid_file(o->pid_file, res->pid, err);
	if (r < 0)
		kill_child(res);
	return r;
}

/* The state dir is locked from its mkdir until create returns (state.h); on failure the
 * rollback undoes what this call made, from what it holds: the cgroup, then the dir. */
static int create_common(const struct lc_create_opts *o, struct spec_config *cfg,
			 const sigset_t *child_mask, struct lc_spawn_result *res, int *console_master,
			 struct lc_err *err)
{
	_cleanup_close_ int root = -1;
	_cleanup_state_guard_ struct lc_state_guard dir = {.dfd = -1};
	_cleanup_(spec_state_freep) struct spec_state *st = xcalloc(1, sizeof(*st));
	struct lc_cgroup_layout layout = {0};
	bool cg_made = false;
	int r;

	r = lc_state_validate_id(o->id, err);
	if (r < 0)
		return r;
	root = lc_state_open_root(o->root, true, err);
	if (root < 0)
		return root;
	r = lc_state_guard_create(root, o->id, &dir, err);
	if (r < 0)
		return r;
	r = create_inner(o, cfg, dir.dfd, child_mask, st, &layout, &cg_made, res, console_master,
			 err);
	if (r < 0 && cg_made) {
		struct lc_err e2 = {0};

		/* The init is dead and reaped by now. */
		if (lc_cgroup_destroy(&layout, st->cgroup_path, st->cgroup_top, &e2) < 0) {
			lc_warn("cleanup: %s; the state dir is kept for delete --force", e2.msg);
			lc_state_guard_keep(&dir);
		}
	}
	if (r == 0)
		lc_state_guard_keep(&dir);
	return r;
}

int lc_container_create(const struct lc_create_opts *o, struct spec_config *cfg,
			pid_t *ret_pid, struct lc_err *err)
{
	struct lc_spawn_result res = {.pidfd = -1};
	sigset_t mask;
	int r;

	sigprocmask(SIG_SETMASK, NULL, &mask);
	if (cfg->process && cfg->process->terminal && !o->console_socket)
		return lc_err_setx(err, EINVAL, "process.terminal needs --console-socket with create "
						"(or a foreground run)");
	r = create_common(o, cfg, &mask, &res, NULL, err);
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

int lc_load(const char *root, const char *id, int lock, struct lc_loaded *l,
	    struct lc_err *err)
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
	if (lock && (r = lc_state_lock(l->root, l->dfd, id, lock, err)) < 0) {
		close(l->dfd);
		l->dfd = -1;
		return r;
	}
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

static int forward_signal(int sig, void *userdata)
{
	return (int)syscall(SYS_pidfd_send_signal, *(int *)userdata, sig, NULL, 0);
}

static int wait_forwarding(pid_t pid, int pidfd, int sfd, int *ret_status, struct lc_err *err)
{
	struct pollfd p[2] = {{.fd = pidfd, .events = POLLIN}, {.fd = sfd, .events = POLLIN}};
	siginfo_t si;

	for (;;) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return lc_err_set(err, errno, "poll");
		}
		if (p[1].revents & POLLIN) {
			struct signalfd_siginfo ssi;

			if (read(sfd, &ssi, sizeof(ssi)) == sizeof(ssi) && ssi.ssi_signo != SIGCHLD)
				(void)syscall(SYS_pidfd_send_signal, pidfd, ssi.ssi_signo, NULL, 0);
		}
		if (p[0].revents & POLLIN)
			break;
	}
	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)pid, &si, WEXITED) < 0)
		return lc_err_set(err, errno, "wait for the container");
	*ret_status = si.si_code == CLD_EXITED ? si.si_status : 128 + si.si_status;
	return 0;
}

int lc_container_run(const struct lc_create_opts *o, struct spec_config *cfg, bool detach,
		     bool keep, int *ret_status, struct lc_err *err)
{
	struct lc_spawn_result res = {.pidfd = -1};
	_cleanup_close_ int sfd = -1, master = -1;
	sigset_t all, old;
	int r;

	/* Signals for the container are taken from here on and forwarded once it runs. */
	sigfillset(&all);
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGILL);
	sigdelset(&all, SIGFPE);
	sigprocmask(SIG_BLOCK, &all, &old);
	if (cfg->process && cfg->process->terminal && !o->console_socket && detach)
		r = lc_err_setx(err, EINVAL, "process.terminal needs --console-socket with --detach");
	else
		r = create_common(o, cfg, &old, &res, &master, err);
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
	sfd = signalfd(-1, &all, SFD_CLOEXEC);
	if (sfd < 0)
		r = lc_err_set(err, errno, "signalfd");
	else {
		if (master >= 0)
			lc_terminal_proxy(master, res.pidfd, sfd, forward_signal, &res.pidfd);
		r = wait_forwarding(res.pid, res.pidfd, sfd, ret_status, err);
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
