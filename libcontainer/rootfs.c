/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CHILD side: the container's filesystem view.  Every destination is resolved inside the
 * rootfs (safepath.c) and every mount is attached through file descriptors with the new
 * mount API (fsopen/fsmount/open_tree/mount_setattr/move_mount), so no path is looked up
 * twice and a symlink swapped in by the rootfs cannot redirect a mount to the host.
 *
 * Order: "/" propagation → bind the rootfs → config mounts → /dev nodes and links →
 * sysctl → masked paths → read-only paths | (hooks, init.c) | pivot_root → read-only root.
 * What to mount where was decided by the parent (plan.c); nothing here parses.
 * Without a mount namespace of its own (plan->shared_mntns): "/" is left as it is, the
 * rootfs bind is private, and a chroot takes pivot_root's place (rootfs_shared.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cleanup.h"
#include "explain.h"
#include "eacces.h"
#include "rootfs.h"
#include "log.h"
#include "procfs.h"
#include "safepath.h"
#include "util.h"

#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif

/* The kernel explains a failed fsconfig in the context's message queue: fetch one line. */
static int fs_fail(struct lc_err *err, int fsfd, int code, const char *what, const char *type)
{
	char buf[256];
	ssize_t n = fsfd >= 0 ? read(fsfd, buf, sizeof(buf) - 1) : -1;

	if (n > 2) {
		buf[n] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		return lc_err_setx(err, code, "%s %s: %s: %s", what, type, buf + 2, strerror(code));
	}
	return lc_err_set(err, code, "%s %s", what, type);
}

static uint64_t attr_from_flags(unsigned long f)
{
	uint64_t a = 0;

	if (f & MS_RDONLY)
		a |= MOUNT_ATTR_RDONLY;
	if (f & MS_NOSUID)
		a |= MOUNT_ATTR_NOSUID;
	if (f & MS_NODEV)
		a |= MOUNT_ATTR_NODEV;
	if (f & MS_NOEXEC)
		a |= MOUNT_ATTR_NOEXEC;
	if (f & MS_NODIRATIME)
		a |= MOUNT_ATTR_NODIRATIME;
	if (f & MS_NOSYMFOLLOW)
		a |= MOUNT_ATTR_NOSYMFOLLOW;
	if (f & MS_NOATIME)
		a |= MOUNT_ATTR_NOATIME;
	else if (f & MS_STRICTATIME)
		a |= MOUNT_ATTR_STRICTATIME;
	return a;
}

static int set_attrs(int mfd, uint64_t set, uint64_t clr, bool recursive, struct lc_err *err,
		     const char *dest)
{
	struct mount_attr attr = {.attr_set = set, .attr_clr = clr};

	if (!set && !clr)
		return 0;
	if (set & (MOUNT_ATTR_NOATIME | MOUNT_ATTR_STRICTATIME | MOUNT_ATTR_RELATIME))
		attr.attr_clr |= MOUNT_ATTR__ATIME;
	if (mount_setattr(mfd, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr,
			  sizeof(attr)) < 0)
		return lc_err_set(err, errno, "set mount attributes on '%s'", dest);
	return 0;
}

/* A new filesystem instance: fsopen + fsconfig(data options) + fsmount. */
static int new_fs(const char *type, const char *source, const char *data, unsigned long flags,
		  struct lc_err *err)
{
	_cleanup_close_ int fsfd = -1;
	_cleanup_free_ char *opts = data ? xstrdup(data) : NULL;
	char *p = opts, *o;
	int mfd;

	fsfd = fsopen(type, FSOPEN_CLOEXEC);
	if (fsfd < 0)
		return lc_err_set(err, errno, "fsopen '%s'", type);
	if (source && fsconfig(fsfd, FSCONFIG_SET_STRING, "source", source, 0) < 0)
		return fs_fail(err, fsfd, errno, "source for", type);
	while (p && (o = strsep(&p, ","))) {
		char *eq = strchr(o, '=');
		int r;

		if (!*o)
			continue;
		if (eq) {
			*eq = '\0';
			r = fsconfig(fsfd, FSCONFIG_SET_STRING, o, eq + 1, 0);
		} else
			r = fsconfig(fsfd, FSCONFIG_SET_FLAG, o, NULL, 0);
		if (r < 0)
			return fs_fail(err, fsfd, errno, "option for", type);
	}
	if ((flags & MS_SYNCHRONOUS) && fsconfig(fsfd, FSCONFIG_SET_FLAG, "sync", NULL, 0) < 0)
		return fs_fail(err, fsfd, errno, "sync for", type);
	if ((flags & MS_DIRSYNC) && fsconfig(fsfd, FSCONFIG_SET_FLAG, "dirsync", NULL, 0) < 0)
		return fs_fail(err, fsfd, errno, "dirsync for", type);
	if ((flags & MS_LAZYTIME) && fsconfig(fsfd, FSCONFIG_SET_FLAG, "lazytime", NULL, 0) < 0)
		return fs_fail(err, fsfd, errno, "lazytime for", type);
	if (fsconfig(fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		return fs_fail(err, fsfd, errno, "create", type);
	mfd = fsmount(fsfd, FSMOUNT_CLOEXEC, (unsigned int)attr_from_flags(flags));
	if (mfd < 0)
		return fs_fail(err, fsfd, errno, "fsmount", type);
	return mfd;
}

static int attach(int mfd, int target_fd, const char *dest, struct lc_err *err)
{
	if (move_mount(mfd, "", target_fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) <
	    0)
		return lc_err_set(err, errno, "attach mount at '%s'", dest);
	return 0;
}

static int bind_tree(const char *source, int source_dfd, bool recursive, struct lc_err *err)
{
	unsigned int fl = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0);
	int fd;

	if (source_dfd >= 0)
		fd = open_tree(source_dfd, "", fl | AT_EMPTY_PATH);
	else
		fd = open_tree(AT_FDCWD, source, fl);
	if (fd < 0)
		return lc_err_set(err, errno, "bind source '%s'", source ? source : "(fd)");
	return fd;
}

/* The propagation "/" got (early_propagation) as it reaches a tree attached by fd: the
 * parent made the trees slaves (plan.h, tree_propagation); other kinds are set again
 * here, which the child's own bind of a mount under that "/" inherited. */
static int set_tree_propagation(const struct lc_plan *p, int mfd, bool on_root, const char *dest,
				struct lc_err *err);

static int mount_bind(const struct lc_plan *p, const struct lc_mount_op *op, int target_fd,
		      struct lc_err *err)
{
	const struct spec_mount *m = op->m;
	/* Opened by the parent in its user namespace where needed (mounttree.c), else here;
	 * closed once attached: the container keeps no fd to a host mount. */
	_cleanup_close_ int mfd = op->tree_fd;
	int r;

	if (mfd < 0) {
		mfd = bind_tree(op->source, -1, m->is_recursive_bind, err);
		if (mfd < 0)
			return mfd;
	}

	/* Plain options act on the top mount (as mount(2) remount does), r* options on all. */
	r = set_attrs(mfd, attr_from_flags(m->flags), attr_from_flags(m->clear), false, err,
		      m->destination);
	if (r == 0)
		r = set_attrs(mfd, m->attr_set, m->attr_clr, true, err, m->destination);
	if (r == 0)
		r = attach(mfd, target_fd, m->destination, err);
	if (r == 0 && op->tree_fd >= 0)
		r = set_tree_propagation(p, mfd, op->tree_on_root, m->destination, err);
	if (r == 0 && m->propagation) {
		struct mount_attr a = {.propagation = m->propagation & ~MS_REC};

		if (mount_setattr(mfd, "",
				  AT_EMPTY_PATH | ((m->propagation & MS_REC) ? AT_RECURSIVE : 0),
				  &a, sizeof(a)) < 0)
			r = lc_err_set(err, errno, "set propagation of '%s'", m->destination);
	}
	return r;
}

/* Without a cgroup namespace a fresh cgroup mount would show the host's whole tree:
 * bind the container's own directory of that hierarchy instead (as runc does). */
static int own_cgroup_tree(const struct lc_plan *p, const char *hier, unsigned long flags,
			   const char *dest, struct lc_err *err)
{
	_cleanup_free_ char *src = xasprintf("%s%s", hier, p->cgroup_path);
	int mfd = bind_tree(src, -1, false, err);
	int r;

	if (mfd < 0)
		return mfd;
	r = set_attrs(mfd,
		      attr_from_flags(flags) | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
			      MOUNT_ATTR_NOEXEC,
		      0, false, err, dest);
	if (r < 0) {
		close(mfd);
		return r;
	}
	return mfd;
}

/* One hierarchy of a v1 or hybrid host at dest: the container's own directory without a
 * cgroup namespace, else a new mount of it (the host's bound where that is not allowed). */
static int mount_hierarchy(const struct lc_plan *p, const struct lc_cgroup_hier *h,
			   unsigned long flags, const char *dest, struct lc_err *err)
{
	int mfd, r;

	if (!p->has_cgroupns && p->cgroup_path)
		return own_cgroup_tree(p, h->mountpoint, flags, dest, err);
	if (h->is_v2)
		mfd = new_fs("cgroup2", "cgroup", NULL, flags, err);
	else
		mfd = new_fs("cgroup", "cgroup", h->controllers, flags, err);
	if (mfd >= 0)
		return mfd;
	/* Not allowed here (a user namespace): bind the host's hierarchy instead. */
	mfd = bind_tree(h->mountpoint, -1, false, err);
	if (mfd < 0)
		return mfd;
	r = set_attrs(mfd, attr_from_flags(flags), 0, false, err, dest);
	if (r < 0) {
		close(mfd);
		return r;
	}
	return mfd;
}

/* Each hierarchy of a v1 or hybrid host (as the parent found them) under a tmpfs, as runc
 * lays it out. */
static int mount_cgroup_tree(const struct lc_plan *p, const struct spec_mount *m, int root_fd,
			     int target_fd, struct lc_err *err)
{
	_cleanup_close_ int tmp = -1;
	int r;

	tmp = new_fs("tmpfs", "tmpfs", "mode=755", m->flags & ~MS_RDONLY, err);
	if (tmp < 0)
		return tmp;
	r = attach(tmp, target_fd, m->destination, err);
	if (r < 0)
		return r;
	for (size_t i = 0; i < p->layout.n_hier; i++) {
		const struct lc_cgroup_hier *h = &p->layout.hier[i];
		const char *sub = h->mountpoint +
				  strspn(h->mountpoint + strlen(LC_CGROUP_ROOT), "/") +
				  strlen(LC_CGROUP_ROOT);
		_cleanup_free_ char *dest = xasprintf("%s/%s", m->destination, sub);
		_cleanup_close_ int dfd = -1, mfd = -1;

		dfd = lc_safe_mkdir_p(root_fd, dest, false, 0755, err);
		if (dfd < 0)
			return dfd;
		mfd = mount_hierarchy(p, h, m->flags, dest, err);
		if (mfd < 0)
			return mfd;
		r = attach(mfd, dfd, dest, err);
		if (r < 0)
			return r;
	}
	if (m->flags & MS_RDONLY)
		return set_attrs(tmp, MOUNT_ATTR_RDONLY, 0, false, err, m->destination);
	return 0;
}

static int mount_one(const struct lc_plan *p, int root_fd, const struct lc_mount_op *op,
		     struct lc_err *err)
{
	const struct spec_mount *m = op->m;
	_cleanup_close_ int target = -1, mfd = -1;
	bool is_file = false;
	int r;

	if (op->kind == LC_MOUNT_BIND) {
		struct stat st;

		if ((op->tree_fd >= 0 ? fstat(op->tree_fd, &st) : stat(op->source, &st)) < 0)
			return lc_err_set(err, errno, "bind source '%s'", op->source);
		is_file = !S_ISDIR(st.st_mode);
	}
	target = lc_safe_mkdir_p(root_fd, m->destination, is_file, 0755, err);
	if (target < 0)
		return p->in_userns ? lc_eacces_explain(root_fd, m->destination, target, err)
				    : target;
	if (m->has_tmpcopyup)
		lc_warn("mount '%s': tmpcopyup is not supported, ignored", m->destination);
	switch (op->kind) {
	case LC_MOUNT_BIND:
		return mount_bind(p, op, target, err);
	case LC_MOUNT_CGROUP_TREE:
		return mount_cgroup_tree(p, m, root_fd, target, err);
	case LC_MOUNT_CGROUP_OWN:
		mfd = own_cgroup_tree(p, LC_CGROUP_ROOT, m->flags, m->destination, err);
		return mfd < 0 ? mfd : attach(mfd, target, m->destination, err);
	case LC_MOUNT_SYSFS_BIND:
		/* sysfs needs its own network namespace under a user namespace: bind the host's. */
		mfd = bind_tree("/sys", -1, true, err);
		if (mfd < 0)
			return mfd;
		r = set_attrs(mfd,
			      attr_from_flags(m->flags) | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
				      MOUNT_ATTR_NOEXEC,
			      0, true, err, m->destination);
		return r < 0 ? r : attach(mfd, target, m->destination, err);
	case LC_MOUNT_FS:
		break;
	}
	mfd = new_fs(op->fstype, m->source, m->data, op->flags, err);
	if (mfd < 0)
		return lc_err_wrap(err, "mount '%s'", m->destination);
	r = set_attrs(mfd, m->attr_set, m->attr_clr, true, err, m->destination);
	if (r == 0)
		r = attach(mfd, target, m->destination, err);
	if (r == 0 && m->propagation) {
		struct mount_attr a = {.propagation = m->propagation & ~MS_REC};

		if (mount_setattr(mfd, "", AT_EMPTY_PATH, &a, sizeof(a)) < 0)
			r = lc_err_set(err, errno, "set propagation of '%s'", m->destination);
	}
	return r;
}

static int create_device(const struct lc_plan *p, int root_fd, const struct lc_dev_op *d,
			 struct lc_err *err)
{
	const char *path = d->path;
	_cleanup_close_ int parent = -1, target = -1, mfd = -1;
	const char *name;

	parent = lc_safe_open_parent(root_fd, path, &name, err);
	if (parent < 0)
		return parent;
	if (unlinkat(parent, name, 0) < 0 && errno != ENOENT)
		return lc_err_set(err, errno, "remove existing '%s'", path);
	if (!p->in_userns) {
		if (mknodat(parent, name, d->type | (d->mode & 07777),
			    makedev(d->major, d->minor)) < 0)
			return lc_err_set(err, errno, "mknod '%s'", path);
		if ((d->has_uid || d->has_gid) &&
		    fchownat(parent, name, d->has_uid ? d->uid : (uid_t)-1,
			     d->has_gid ? d->gid : (gid_t)-1, AT_SYMLINK_NOFOLLOW) < 0)
			return lc_err_set(err, errno, "chown '%s'", path);
		return 0;
	}
	/* A user namespace cannot mknod: bind the host's node over an empty file. */
	target = openat(parent, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0000);
	if (target < 0)
		return lc_err_set(err, errno, "create '%s'", path);
	close(target);
	target = lc_openat2(parent, name, O_PATH, RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS, 0);
	if (target < 0)
		return lc_err_set(err, errno, "open '%s'", path);
	mfd = bind_tree(path, -1, false, err);
	if (mfd < 0)
		return mfd;
	return attach(mfd, target, path, err);
}

static int setup_dev(const struct lc_plan *p, int root_fd, struct lc_err *err)
{
	static const char *const links[][2] = {
		{"/proc/self/fd", "fd"},       {"/proc/self/fd/0", "stdin"},
		{"/proc/self/fd/1", "stdout"}, {"/proc/self/fd/2", "stderr"},
		{"pts/ptmx", "ptmx"},
	};
	_cleanup_close_ int dev = -1;
	int r;

	for (size_t i = 0; i < p->n_devices; i++) {
		lc_explain_device(p, &p->devices[i]);
		r = create_device(p, root_fd, &p->devices[i], err);
		if (r < 0 && p->devices[i].config_index >= 0)
			return lc_err_wrap(err, "linux.devices[%d]", p->devices[i].config_index);
		if (r < 0)
			return r;
	}
	dev = lc_safe_open(root_fd, "/dev", O_PATH | O_DIRECTORY, err);
	if (dev < 0)
		return dev;
	for (size_t i = 0; i < ARRAY_SIZE(links); i++)
		if (symlinkat(links[i][0], dev, links[i][1]) < 0 && errno != EEXIST)
			return lc_err_set(err, errno, "symlink /dev/%s", links[i][1]);
	lc_explain(LC_X_DEV, "symlinks /dev/fd, /dev/stdin, /dev/stdout, /dev/stderr -> "
			     "/proc/self/fd/..., /dev/ptmx -> pts/ptmx");
	return 0;
}

/* A read-only /dev was mounted writable so that its nodes, links and sub-mounts could be
 * made: now it becomes what the config asked (its sub-mounts keep their own flags). */
static int dev_readonly(int root_fd, struct lc_err *err)
{
	_cleanup_close_ int dev = lc_safe_open(root_fd, "/dev", O_PATH | O_DIRECTORY, err);
	struct mount_attr a = {.attr_set = MOUNT_ATTR_RDONLY};

	if (dev < 0)
		return dev;
	if (mount_setattr(dev, "", AT_EMPTY_PATH, &a, sizeof(a)) < 0)
		return lc_err_set(err, errno, "make /dev read-only");
	lc_explain(LC_X_MNT, "/dev made read-only now that it is filled (mount_setattr)");
	return 0;
}

/* process.cwd is made when missing (as runc and crun), before the root may turn read-only. */
static int make_cwd(const struct lc_plan *p, int root_fd, struct lc_err *err)
{
	_cleanup_close_ int fd = -1;

	fd = lc_openat2(root_fd, p->process->cwd, O_PATH, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
			0);
	if (fd < 0 && errno == EACCES && p->in_userns && p->process->user.uid == 0) {
		struct lc_err e = {0};

		/* Root will not reach it either: say which directory is closed to whom. */
		if (lc_eacces_explain(root_fd, p->process->cwd, -EACCES, &e) < 0 && e.code) {
			*err = e;
			return lc_err_wrap(err, "process.cwd '%s'", p->process->cwd);
		}
	}
	if (fd >= 0 || errno != ENOENT)
		return 0; /* there, or an error entering it names it later */
	fd = lc_safe_mkdir_p(root_fd, p->process->cwd, false, 0755, err);
	return fd < 0 ? lc_err_wrap(err, "create process.cwd '%s'", p->process->cwd) : 0;
}

static int write_sysctls(const struct lc_plan *p, int root_fd, struct lc_err *err)
{
	const struct spec_linux *l = p->cfg->linux_;
	_cleanup_close_ int proc = -1;

	if (l->n_sysctl == 0)
		return 0;
	proc = lc_procfs_open(root_fd, "/proc", RESOLVE_IN_ROOT, err);
	if (proc < 0)
		return lc_err_wrap(err, "sysctl");
	for (size_t i = 0; i < l->n_sysctl; i++) {
		lc_explain(LC_X_SYSCTL, "%s = %s via the container's /proc/%s", l->sysctl[i].key,
			   l->sysctl[i].value, p->sysctl_files[i]);
		int r = lc_procfs_write(proc, p->sysctl_files[i], l->sysctl[i].value, err);

		if (r < 0)
			return lc_err_wrap(err, "sysctl '%s'", l->sysctl[i].key);
	}
	return 0;
}

static int mask_path(int null_fd, int root_fd, const char *path, struct lc_err *err)
{
	_cleanup_close_ int target = -1, mfd = -1;
	struct stat st;

	target = lc_openat2(root_fd, path, O_PATH, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS, 0);
	if (target < 0 && (errno == ENOENT || errno == ENOTDIR))
		return 0;
	if (target < 0)
		return lc_err_set(err, errno, "masked path '%s'", path);
	if (fstat(target, &st) < 0)
		return lc_err_set(err, errno, "masked path '%s'", path);
	if (S_ISDIR(st.st_mode))
		/* An empty read-only tmpfs anyone may list (runc's mask), not one nobody can. */
		mfd = new_fs("tmpfs", "tmpfs", "size=4k,nr_inodes=1,mode=755", MS_RDONLY, err);
	else
		mfd = bind_tree(NULL, null_fd, false, err);
	if (mfd < 0)
		return lc_err_wrap(err, "masked path '%s'", path);
	lc_explain(LC_X_MNT, "masked %s: %s", path,
		   S_ISDIR(st.st_mode) ? "an empty read-only tmpfs over it"
				       : "the host's /dev/null bound over it");
	return attach(mfd, target, path, err);
}

static int readonly_path(int root_fd, const char *path, struct lc_err *err)
{
	_cleanup_close_ int target = -1, mfd = -1;
	int r;

	target = lc_openat2(root_fd, path, O_PATH, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS, 0);
	if (target < 0 && (errno == ENOENT || errno == ENOTDIR))
		return 0;
	if (target < 0)
		return lc_err_set(err, errno, "read-only path '%s'", path);
	mfd = bind_tree(NULL, target, true, err);
	if (mfd < 0)
		return mfd;
	r = set_attrs(mfd,
		      MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC,
		      0, true, err, path);
	lc_explain(LC_X_MNT,
		   "read-only %s: bound on itself with MOUNT_ATTR_RDONLY|NOSUID|NODEV|"
		   "NOEXEC (recursive)",
		   path);
	return r < 0 ? r : attach(mfd, target, path, err);
}

/* --no-pivot leaves the old root in the mount namespace: detach the full procfs and sysfs
 * mounts outside the rootfs (or cover them when that is refused), so that nothing in the
 * container can count them as visible and mount an unmasked /proc (as runc). */
static int detach_outside(const struct lc_plan *p, struct lc_err *err)
{
	for (char **m = p->detach_before_chroot; m && *m; m++) {
		/* Deepest first: a parent is detached after its children. */
		if (umount2(*m, MNT_DETACH) == 0 || errno == ENOENT)
			continue;
		/* Locked (EINVAL) or not ours to unmount (EPERM): cover it instead. */
		if (errno != EINVAL && errno != EPERM)
			return lc_err_set(err, errno, "detach '%s' before the chroot", *m);
		if (mount("tmpfs", *m, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
			  "size=0,nr_inodes=1") < 0 &&
		    errno != ENOENT)
			return lc_err_set(err, errno, "cover '%s' before the chroot", *m);
	}
	return 0;
}

/* No mount namespace of its own (rootfs_shared.h): the namespace is someone else's, and
 * the child's working directory may be its root (setns into a joined one moves it there).
 * Bind the rootfs on itself by path, private, and enter the bind. */
static int shared_bind(const struct lc_plan *p, struct lc_err *err)
{
	struct mount_attr priv = {.propagation = MS_PRIVATE};
	_cleanup_close_ int dir = -1, tree = -1;

	/* The path was resolved once (plan.c): a symlink in it now was swapped in since. */
	dir = lc_openat2(AT_FDCWD, p->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC, RESOLVE_NO_SYMLINKS,
			 0);
	if (dir < 0)
		return lc_err_set(err, errno, "open the rootfs '%s'", p->rootfs);
	tree = open_tree(dir, "",
			 OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE | AT_EMPTY_PATH);
	if (tree < 0)
		return lc_err_set(err, errno, "bind the rootfs '%s'", p->rootfs);
	if (move_mount(tree, "", dir, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		return lc_err_set(err, errno, "bind the rootfs '%s'", p->rootfs);
	/* After the attach: on a shared parent it joined the copies' peer group. */
	if (mount_setattr(tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &priv, sizeof(priv)) < 0)
		return lc_err_set(err, errno, "make the rootfs bind private");
	if (fchdir(tree) < 0)
		return lc_err_set(err, errno, "enter the rootfs '%s'", p->rootfs);
	lc_explain(LC_X_MNT,
		   "rootfs %s bound on itself (open_tree+move_mount), made private: the "
		   "container's mounts stay under it, in a mount namespace it shares",
		   p->rootfs);
	return TAKE_FD(tree);
}

/* The working directory is the new root (attach_rootfs): its path may not be searchable. */
static int enter_root(const struct lc_plan *p, struct lc_err *err)
{
	if (p->shared_mntns) {
		/* Other processes live in this namespace: no pivot_root, no move over "/";
		 * the working directory is the rootfs bind (lc_rootfs_prepare). */
		if (chroot(".") < 0)
			return lc_err_set(err, errno, "chroot");
	} else if (p->no_pivot) {
		int r = detach_outside(p, err);

		if (r < 0)
			return r;
		if (mount(".", "/", NULL, MS_MOVE, NULL) < 0)
			return lc_err_set(err, errno, "move the rootfs to /");
		if (chroot(".") < 0)
			return lc_err_set(err, errno, "chroot");
	} else {
		_cleanup_close_ int old_root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);

		if (old_root < 0)
			return lc_err_set(err, errno, "open the old root");
		if (syscall(SYS_pivot_root, ".", ".") < 0)
			return lc_err_set(err, errno, "pivot_root");
		/* The old root is stacked on the new one.  Act on it through its own fd: "." from
		 * the new root's directory would be the new root, and a recursive rslave there
		 * would cut the container's shared mounts from the host (runc fchdirs alike). */
		if (fchdir(old_root) < 0)
			return lc_err_set(err, errno, "enter the old root");
		/* rslave, not rprivate: our unmounts must not reach the host. */
		if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0)
			return lc_err_set(err, errno, "make the old root a slave");
		if (umount2(".", MNT_DETACH) < 0)
			return lc_err_set(err, errno, "detach the old root");
	}
	if (chdir("/") < 0)
		return lc_err_set(err, errno, "chdir /");
	return 0;
}

/* The propagation of "/" while the container's mounts are made: the config's (as runc),
 * else rslave (runc's default: host mounts reach the container, none leave it).  An
 * unbindable "/" would refuse the rootfs bind: that one comes after it (late). */
static unsigned long early_propagation(const struct spec_linux *l)
{
	if (!l->has_rootfs_propagation)
		return MS_SLAVE | MS_REC;
	if (l->rootfs_propagation & MS_UNBINDABLE)
		return MS_SLAVE | MS_REC;
	return l->rootfs_propagation;
}

/* The mount point of mount id when it is a member of a peer group ("shared:N" in its
 * mountinfo line); NULL when it is not shared. */
static char *shared_mount_point(uint64_t id)
{
	_cleanup_fclose_ FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096], want[32], mnt[4096];

	snprintf(want, sizeof(want), "%llu ", (unsigned long long)id);
	while (f && fgets(line, sizeof(line), f)) {
		char *sep = strstr(line, " - ");

		if (strncmp(line, want, strlen(want)) != 0)
			continue;
		if (sep)
			*sep = '\0';
		if (!strstr(line, " shared:") || sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1)
			return NULL;
		lc_unescape_octal(mnt);
		return xstrdup(mnt);
	}
	return NULL;
}

static bool is_shared_mount(uint64_t id)
{
	_cleanup_free_ char *mnt = shared_mount_point(id);

	return mnt != NULL;
}

/* pivot_root (and --no-pivot's MS_MOVE) refuse a new root whose parent mount is shared:
 * make the mount that holds the rootfs directory (our working directory, see
 * attach_rootfs) private, only it and in this mount namespace, as runc does.  A slave or
 * private one keeps what it receives (rslave). */
static int parent_mount_private(struct lc_err *err)
{
	_cleanup_free_ char *mnt = NULL;
	struct statx st;

	if (statx(AT_FDCWD, "", AT_EMPTY_PATH, STATX_MNT_ID, &st) < 0)
		return lc_err_set(err, errno, "stat the rootfs directory");
	mnt = shared_mount_point(st.stx_mnt_id);
	if (mnt && mount(NULL, mnt, NULL, MS_PRIVATE, NULL) < 0)
		return lc_err_set(err, errno, "make the rootfs's parent mount '%s' private", mnt);
	return 0;
}

static int set_tree_propagation(const struct lc_plan *p, int mfd, bool on_root, const char *dest,
				struct lc_err *err)
{
	unsigned long prop = early_propagation(p->cfg->linux_);
	struct mount_attr a = {.propagation = prop & ~MS_REC};

	if (!(prop & MS_REC) && !on_root)
		return 0; /* "/" alone got it, and this is not of its mount */
	if (prop == (MS_SLAVE | MS_REC) && p->tree_propagation == MS_SLAVE)
		return 0; /* slaves already */
	if (mount_setattr(mfd, "", AT_EMPTY_PATH | ((prop & MS_REC) ? AT_RECURSIVE : 0), &a,
			  sizeof(a)) < 0)
		return lc_err_set(err, errno, "set propagation of '%s'", dest);
	return 0;
}

/* The parent's tree of an idmapped rootfs is a clone of the host's mounts: it gets what
 * a bind of the rootfs made here would have (set_tree_propagation; its top mount is a
 * copy of the one parent_mount_private made private). */
static int idmapped_rootfs_propagation(const struct lc_plan *p, int tree, struct lc_err *err)
{
	unsigned long early = early_propagation(p->cfg->linux_);
	struct mount_attr priv = {.propagation = MS_PRIVATE};
	struct statx st;
	int r;

	r = set_tree_propagation(p, tree, p->rootfs_on_root, p->rootfs, err);
	if (r < 0)
		return r;
	/* pivot_root refuses a shared new root: private until lc_rootfs_enter gives it the
	 * configured propagation (late_propagation). */
	if (early != (MS_SLAVE | MS_REC) && early != (MS_PRIVATE | MS_REC) &&
	    statx(tree, "", AT_EMPTY_PATH, STATX_MNT_ID, &st) == 0 &&
	    is_shared_mount(st.stx_mnt_id) &&
	    mount_setattr(tree, "", AT_EMPTY_PATH, &priv, sizeof(priv)) < 0)
		return lc_err_set(err, errno, "make the rootfs mount private");
	return 0;
}

/* The rootfs is our working directory: the parent cloned us from there (spawn.c), so no
 * path to it is looked up here, where its parent directories may be closed to the
 * container's root (a bundle under a 0700 directory).  A recursive copy of it goes over
 * it (a bind of it onto itself), or the parent's idmapped tree of it (mounttree.c).
 * Leaves the working directory at the new root (lc_rootfs_enter starts there) and returns
 * an fd of it. */
static int attach_rootfs(const struct lc_plan *p, struct lc_err *err)
{
	_cleanup_close_ int tree = p->rootfs_tree_fd;
	struct stat cwd, root;
	int r;

	r = parent_mount_private(err);
	if (r < 0)
		return r;
	if (tree < 0)
		tree = open_tree(AT_FDCWD, "",
				 OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE |
					 AT_EMPTY_PATH);
	if (tree < 0)
		return lc_err_set(err, errno, "bind the rootfs '%s'", p->rootfs);
	if (fstatat(AT_FDCWD, "", &cwd, AT_EMPTY_PATH) < 0 || fstat(tree, &root) < 0)
		return lc_err_set(err, errno, "stat the rootfs '%s'", p->rootfs);
	if (cwd.st_dev != root.st_dev || cwd.st_ino != root.st_ino)
		return lc_err_setx(err, EINVAL, "the working directory is not the rootfs '%s'",
				   p->rootfs);
	if (move_mount(tree, "", AT_FDCWD, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) <
	    0)
		return lc_err_set(err, errno, "bind the rootfs '%s'", p->rootfs);
	if (p->rootfs_tree_fd >= 0 && (r = idmapped_rootfs_propagation(p, tree, err)) < 0)
		return r;
	if (fchdir(tree) < 0)
		return lc_err_set(err, errno, "enter the rootfs '%s'", p->rootfs);
	return TAKE_FD(tree);
}

/* After pivot_root: "/" gets the configured propagation (shared and unbindable could not
 * be applied before, and the rest is applied again to the new root). */
static bool late_propagation(const struct spec_linux *l)
{
	return l->has_rootfs_propagation;
}

int lc_rootfs_prepare(const struct lc_plan *p, int null_fd, struct lc_err *err)
{
	const struct spec_linux *l = p->cfg->linux_;
	_cleanup_close_ int root_fd = -1;
	int r;

	if (p->shared_mntns) {
		root_fd = shared_bind(p, err);
	} else {
		if (mount(NULL, "/", NULL, early_propagation(l), NULL) < 0)
			return lc_err_set(err, errno, "set propagation of /");
		lc_explain(LC_X_MNT,
			   "/ made %s with mount(2): host mounts reach the container, none "
			   "leave it",
			   lc_explain_propagation(early_propagation(l)));
		root_fd = attach_rootfs(p, err);
		if (root_fd >= 0)
			lc_explain(LC_X_MNT,
				   "rootfs %s attached on itself (open_tree+move_mount): "
				   "pivot_root needs a mount point",
				   p->rootfs);
	}
	if (root_fd < 0)
		return root_fd;

	for (size_t i = 0; i < p->n_mounts; i++) {
		lc_explain_mount(p, &p->mounts[i]);
		r = mount_one(p, root_fd, &p->mounts[i], err);
		if (r < 0)
			return lc_err_wrap(err, "mounts[%zu]", i);
	}
	r = setup_dev(p, root_fd, err);
	if (r < 0)
		return lc_err_wrap(err, "devices");
	r = make_cwd(p, root_fd, err);
	if (r == 0 && p->dev_readonly)
		r = dev_readonly(root_fd, err);
	if (r < 0)
		return r;
	r = write_sysctls(p, root_fd, err);
	if (r < 0)
		return r;
	for (size_t i = 0; i < l->n_masked_paths; i++) {
		r = mask_path(null_fd, root_fd, l->masked_paths[i], err);
		if (r < 0)
			return r;
	}
	for (size_t i = 0; i < l->n_readonly_paths; i++) {
		r = readonly_path(root_fd, l->readonly_paths[i], err);
		if (r < 0)
			return r;
	}
	return 0;
}

int lc_rootfs_enter(const struct lc_plan *p, struct lc_err *err)
{
	const struct spec_linux *l = p->cfg->linux_;
	int r;

	r = enter_root(p, err);
	if (r < 0)
		return r;
	lc_explain(LC_X_MNT, "%s",
		   p->shared_mntns
			   ? "chroot(\".\") into the rootfs: no mount namespace of its own, so no "
			     "pivot_root (a chroot, which CAP_SYS_CHROOT can leave)"
		   : p->no_pivot
			   ? "--no-pivot: the rootfs moved to / (MS_MOVE) and chroot(\".\"); the "
			     "host's other proc and sysfs mounts detached first"
			   : "pivot_root(\".\", \".\"): the rootfs is / now; the old root made "
			     "rslave and detached (umount2 MNT_DETACH)");
	if (p->cfg->root_readonly) {
		struct mount_attr a = {.attr_set = MOUNT_ATTR_RDONLY};

		if (mount_setattr(AT_FDCWD, "/", 0, &a, sizeof(a)) < 0)
			return lc_err_set(err, errno, "make the root read-only");
		lc_explain(LC_X_MNT, "/ remounted read-only (mount_setattr MOUNT_ATTR_RDONLY)");
	}
	if (late_propagation(l) && mount(NULL, "/", NULL, l->rootfs_propagation, NULL) < 0)
		return lc_err_set(err, errno, "set rootfs propagation");
	if (late_propagation(l))
		lc_explain(LC_X_MNT, "/ made %s (linux.rootfsPropagation)",
			   lc_explain_propagation(l->rootfs_propagation));
	return 0;
}
