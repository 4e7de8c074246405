/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The state directory (see state.h).  Parent side. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "cleanup.h"
#include "log.h"
#include "procfs.h"
#include "rootless.h"
#include "state.h"
#include "util.h"

int lc_state_validate_id(const char *id, struct lc_err *err)
{
	size_t n = strlen(id);

	if (n == 0)
		return lc_err_setx(err, EINVAL, "invalid container id: empty");
	if (n > LC_ID_MAX)
		return lc_err_setx(err, EINVAL, "invalid container id: longer than %d bytes",
				   LC_ID_MAX);
	if (strcmp(id, ".") == 0 || strcmp(id, "..") == 0 ||
	    strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+.-") != n)
		return lc_err_setx(err, EINVAL,
				   "invalid container id '%s': only letters, digits "
				   "and _+.- are allowed",
				   id);
	return 0;
}

/* mkdir -p: containerd hands runh a root whose parents may not exist yet. */
static int mkdir_p(const char *path, mode_t mode)
{
	_cleanup_free_ char *copy = xstrdup(path);

	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0755) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(copy, mode) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

/* A root anyone but root and the caller can write is one where state dirs can be planted
 * (a forged state.json names pids to kill and cgroups to remove). */
static int check_root(int fd, const char *root, struct lc_err *err)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return lc_err_set(err, errno, "state root '%s'", root);
	if (st.st_uid != 0 && st.st_uid != geteuid())
		return lc_err_setx(err, EPERM,
				   "state root '%s': owned by uid %u, not by root or the "
				   "caller",
				   root, (unsigned)st.st_uid);
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return lc_err_setx(err, EPERM,
				   "state root '%s': writable by group or others (mode "
				   "%03o)",
				   root, (unsigned)(st.st_mode & 07777));
	return 0;
}

/* "create state root '/run/runh': Permission denied", and for EACCES who was refused and
 * what to do instead. */
static int root_error(int code, const char *what, const char *root, struct lc_err *err)
{
	if (code != EACCES && code != EPERM)
		return lc_err_set(err, code, "%s state root '%s'", what, root);
	return lc_err_setx(err, code,
			   "%s state root '%s': %s for uid %u (pass --root DIR with a directory "
			   "this user can write%s)",
			   what, root, strerror(code), (unsigned)geteuid(),
			   geteuid() ? ", or set XDG_RUNTIME_DIR: the default without root is "
				       "$XDG_RUNTIME_DIR/runh"
				     : "");
}

int lc_state_default_root(char **ret, struct lc_err *err)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	const char *user = getenv("USER");
	_cleanup_free_ char *run_user = NULL;
	struct stat st;
	/* As runc: root in the initial user namespace keeps /run/runh even when a login
	 * manager set XDG_RUNTIME_DIR; so does root in a user namespace whose USER is root. */
	bool honor_xdg = geteuid() != 0 ||
			 (lc_rootless_in_userns() && !(user && strcmp(user, "root") == 0));

	if (honor_xdg && xdg && *xdg) {
		if (xdg[0] != '/')
			return lc_err_setx(
				err, EINVAL,
				"XDG_RUNTIME_DIR '%s' is not an absolute path: the state "
				"root without root is $XDG_RUNTIME_DIR/runh (fix it or "
				"pass --root DIR)",
				xdg);
		*ret = xasprintf("%s/runh", xdg);
		return 0;
	}
	if (geteuid() == 0) {
		*ret = xstrdup(LC_STATE_ROOT_DEFAULT);
		return 0;
	}
	/* What a login manager (pam_systemd) would have set it to, when it exists and is
	 * the caller's. */
	run_user = xasprintf("/run/user/%u", (unsigned)geteuid());
	if (stat(run_user, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid() &&
	    access(run_user, W_OK | X_OK) == 0) {
		*ret = xasprintf("%s/runh", run_user);
		return 0;
	}
	return lc_err_setx(err, ENOENT,
			   "no state root: without root (uid %u) runh keeps its state in "
			   "$XDG_RUNTIME_DIR/runh, but XDG_RUNTIME_DIR is not set and %s is not "
			   "a directory of this user; set XDG_RUNTIME_DIR to a directory only "
			   "this user can write, or pass --root DIR",
			   (unsigned)geteuid(), run_user);
}

int lc_state_open_root(const char *root, bool create, struct lc_err *err)
{
	char real[PATH_MAX];
	int fd, r;

	if (create && (r = mkdir_p(root, 0700)) < 0)
		return root_error(-r, "create", root, err);
	/* runc resolves --root; a symlink to it is as good as the directory. */
	if (!realpath(root, real))
		return root_error(errno, "open", root, err);
	fd = open(real, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return root_error(errno, "open", root, err);
	r = check_root(fd, root, err);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

/* The dir is still <root>/<id> (not removed, not replaced). */
static bool still_linked(int root_dfd, int dfd, const char *id)
{
	struct stat a, b;

	return fstat(dfd, &a) == 0 && fstatat(root_dfd, id, &b, AT_SYMLINK_NOFOLLOW) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int lc_state_lock(int root_dfd, int dfd, const char *id, int how, struct lc_err *err)
{
	int64_t deadline = lc_now_ms() + LC_STATE_LOCK_TIMEOUT_MS;

	while (flock(dfd, how | LOCK_NB) < 0) {
		struct timespec ts = {0, 10 * 1000 * 1000};

		if (errno != EWOULDBLOCK && errno != EINTR)
			return lc_err_set(err, errno, "lock the state of '%s'", id);
		if (lc_now_ms() > deadline)
			return lc_err_setx(err, EBUSY,
					   "container '%s' is locked by another runh "
					   "command (waited %d s)",
					   id, LC_STATE_LOCK_TIMEOUT_MS / 1000);
		nanosleep(&ts, NULL);
	}
	if (!still_linked(root_dfd, dfd, id))
		return lc_err_setx(err, ENOENT, "container does not exist: %s", id);
	return 0;
}

int lc_state_guard_create(int root_dfd, const char *id, struct lc_state_guard *g,
			  struct lc_err *err)
{
	*g = (struct lc_state_guard){.root = root_dfd, .dfd = -1};
	if (mkdirat(root_dfd, id, 0700) < 0) {
		if (errno == EEXIST)
			return lc_err_setx(err, EEXIST, "container with id exists: %s", id);
		return lc_err_set(err, errno, "create state dir for '%s'", id);
	}
	g->id = id;
	g->dfd = openat(root_dfd, id, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (g->dfd < 0)
		return lc_err_set(err, errno, "open state dir for '%s'", id);
	/* A delete --force may have come between the mkdir and the lock and removed the
	 * (empty) dir: then this create stops here, before it made anything. */
	if (lc_state_lock(root_dfd, g->dfd, id, LOCK_EX, err) < 0) {
		g->id = NULL; /* the dir is the deleting command's now */
		if (err->code == ENOENT)
			return lc_err_setx(err, ENOENT,
					   "container '%s' was deleted while it was "
					   "created",
					   id);
		return -err->code;
	}
	return 0;
}

void lc_state_guard_keep(struct lc_state_guard *g)
{
	g->id = NULL;
}

void lc_state_guard_cleanup(struct lc_state_guard *g)
{
	struct lc_err e;

	if (g->id && lc_state_remove_dir(g->root, g->id, &e) < 0)
		lc_warn("cleanup: %s", e.msg);
	if (g->dfd >= 0)
		close(g->dfd); /* releases the lock, after the dir is gone */
	g->dfd = -1;
}

int lc_state_open_dir(int root_dfd, const char *id, struct lc_err *err)
{
	int fd = openat(root_dfd, id, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0 && (errno == ENOENT || errno == ENOTDIR || errno == ELOOP))
		return lc_err_setx(err, ENOENT, "container does not exist: %s", id);
	if (fd < 0)
		return lc_err_set(err, errno, "open state dir for '%s'", id);
	return fd;
}

int lc_state_remove_dir(int root_dfd, const char *id, struct lc_err *err)
{
	_cleanup_close_ int dfd = -1;
	DIR *d;
	struct dirent *de;

	dfd = openat(root_dfd, id, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (dfd < 0 && errno == ENOENT)
		return 0;
	if (dfd < 0)
		return lc_err_set(err, errno, "open state dir for '%s'", id);
	d = fdopendir(dup(dfd));
	if (!d)
		return lc_err_set(err, errno, "read state dir for '%s'", id);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			(void)unlinkat(dfd, de->d_name, 0);
	closedir(d);
	if (unlinkat(root_dfd, id, AT_REMOVEDIR) < 0)
		return lc_err_set(err, errno, "remove state dir for '%s'", id);
	return 0;
}

int lc_state_write(int dfd, const struct spec_state *st, struct lc_err *err)
{
	_cleanup_free_ char *json = NULL;
	size_t len;
	int r;

	r = spec_state_to_json(st, SPEC_STATE_INTERNAL, &json, &len);
	if (r < 0)
		return lc_err_set(err, -r, "encode state");
	return lc_write_file_at(dfd, "state.json", json, len, 0600, err);
}

int lc_state_read(int dfd, const char *id, struct spec_state **ret, struct lc_err *err)
{
	_cleanup_free_ char *json = NULL;
	size_t len;
	int r;

	r = lc_read_file_at(dfd, "state.json", 1 << 20, &json, &len, err);
	if (r < 0)
		return lc_err_wrap(err, "container '%s'", id);
	r = spec_state_parse(json, len, "state.json", ret, err);
	if (r < 0)
		return lc_err_wrap(err, "container '%s'", id);
	return 0;
}

uint64_t lc_proc_start_time(int proc_fd, pid_t pid)
{
	_cleanup_free_ char *rel = xasprintf("%d/stat", (int)pid);
	_cleanup_free_ char *buf = NULL;
	_cleanup_close_ int fd = -1;
	struct lc_err err;
	unsigned long long start = 0;
	char state;
	char *p;

	fd = lc_procfs_open_file(proc_fd, rel, O_RDONLY, &err);
	if (fd < 0 || lc_read_all(fd, 4096, &buf, NULL) < 0)
		return 0;
	/* comm may hold spaces and parentheses: parse after the last ')'. */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1,
			 " %c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d "
			 "%*d %llu",
			 &state, &start) != 2)
		return 0;
	if (state == 'Z' || state == 'X')
		return 0;
	return start;
}

static bool frozen(const struct spec_state *st)
{
	struct lc_cgroup_layout layout;
	struct lc_err e;

	return st->cgroup_path && lc_cgroup_layout_host(&layout, &e) == 0 &&
	       lc_cgroup_frozen(&layout, st->cgroup_path) > 0;
}

enum spec_status lc_state_live_status(int proc_fd, int dfd, const struct spec_state *st)
{
	bool alive = st->pid > 0 && lc_proc_start_time(proc_fd, st->pid) == st->init_start_time;

	switch (st->status) {
	case SPEC_STATUS_CREATING:
		/* Only create moves it on; after a crash it stays until delete --force. */
		return SPEC_STATUS_CREATING;
	case SPEC_STATUS_CREATED:
	case SPEC_STATUS_RUNNING:
	case SPEC_STATUS_PAUSED:
	case SPEC_STATUS_STOPPED:
		break;
	}
	if (!alive)
		return SPEC_STATUS_STOPPED;
	/* The freezer is the truth: a pause or resume cut short is seen as it is. */
	if (frozen(st))
		return SPEC_STATUS_PAUSED;
	if (faccessat(dfd, "exec.fifo", F_OK, AT_SYMLINK_NOFOLLOW) == 0)
		return SPEC_STATUS_CREATED;
	return SPEC_STATUS_RUNNING;
}
