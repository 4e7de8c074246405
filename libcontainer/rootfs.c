/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CHILD side: the container's filesystem view.  Every destination is resolved inside the
 * rootfs (safepath.c) and every mount is attached through file descriptors with the new
 * mount API (fsopen/fsmount/open_tree/mount_setattr/move_mount), so no path is looked up
 * twice and a symlink swapped in by the rootfs cannot redirect a mount to the host.
 *
 * Order: "/" propagation → bind the rootfs → config mounts → /dev nodes and links →
 * sysctl → masked paths → read-only paths → pivot_root → read-only root.
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
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cleanup.h"
#include "init.h"
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

static int mount_bind(const struct spec_mount *m, int target_fd, struct lc_err *err)
{
	_cleanup_close_ int mfd = -1;
	int r;

	mfd = bind_tree(m->source, -1, m->is_recursive_bind, err);
	if (mfd < 0)
		return mfd;
	/* Plain options act on the top mount (as mount(2) remount does), r* options on all. */
	r = set_attrs(mfd, attr_from_flags(m->flags), attr_from_flags(m->clear), false, err,
		      m->destination);
	if (r == 0)
		r = set_attrs(mfd, m->attr_set, m->attr_clr, true, err, m->destination);
	if (r == 0)
		r = attach(mfd, target_fd, m->destination, err);
	if (r == 0 && m->propagation) {
		struct mount_attr a = {.propagation = m->propagation & ~MS_REC};

		if (mount_setattr(mfd, "", AT_EMPTY_PATH | ((m->propagation & MS_REC) ? AT_RECURSIVE : 0),
				  &a, sizeof(a)) < 0)
			r = lc_err_set(err, errno, "set propagation of '%s'", m->destination);
	}
	return r;
}

/* Each cgroup v1 hierarchy (and a hybrid host's cgroup2) under a tmpfs, as runc lays it out. */
/* Without a cgroup namespace a fresh cgroup mount would show the host's whole tree:
 * bind the container's own directory of that hierarchy instead (as runc does). */
static int own_cgroup_tree(const struct lc_init_ctx *ctx, const char *hier, unsigned long flags,
			   const char *dest, struct lc_err *err)
{
	_cleanup_free_ char *src = xasprintf("%s%s", hier, ctx->cg_path);
	int mfd = bind_tree(src, -1, false, err);
	int r;

	if (mfd < 0)
		return mfd;
	r = set_attrs(mfd, attr_from_flags(flags) | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
				   MOUNT_ATTR_NOEXEC,
		      0, false, err, dest);
	if (r < 0) {
		close(mfd);
		return r;
	}
	return mfd;
}

static int mount_cgroup_v1(const struct lc_init_ctx *ctx, const struct spec_mount *m,
			   int root_fd, int target_fd, struct lc_err *err)
{
	_cleanup_fclose_ FILE *f = NULL;
	_cleanup_close_ int tmp = -1;
	char line[4096];
	int r;

	tmp = new_fs("tmpfs", "tmpfs", "mode=755", m->flags & ~MS_RDONLY, err);
	if (tmp < 0)
		return tmp;
	r = attach(tmp, target_fd, m->destination, err);
	if (r < 0)
		return r;
	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return lc_err_set(err, errno, "open /proc/self/mountinfo");
	while (fgets(line, sizeof(line), f)) {
		char mnt[1024], fstype[64], super[1024], *sep, *sub;
		_cleanup_free_ char *dest = NULL;
		_cleanup_close_ int dfd = -1, mfd = -1;

		sep = strstr(line, " - ");
		if (!sep || sscanf(line, "%*s %*s %*s %*s %1023s", mnt) != 1 ||
		    sscanf(sep + 3, "%63s %*s %1023s", fstype, super) != 2)
			continue;
		if (strncmp(mnt, "/sys/fs/cgroup/", 15) != 0 ||
		    (strcmp(fstype, "cgroup") != 0 && strcmp(fstype, "cgroup2") != 0))
			continue;
		sub = mnt + 15;
		dest = xasprintf("%s/%s", m->destination, sub);
		dfd = lc_safe_mkdir_p(root_fd, dest, false, 0755, err);
		if (dfd < 0)
			return dfd;
		if (!ctx->has_cgroupns && ctx->cg_path)
			mfd = own_cgroup_tree(ctx, mnt, m->flags, dest, err);
		else if (strcmp(fstype, "cgroup2") == 0)
			mfd = new_fs("cgroup2", "cgroup", NULL, m->flags, err);
		else {
			/* super options: "rw,memory" or "rw,name=systemd": keep all but rw/ro. */
			_cleanup_free_ char *data = NULL;
			char *p = super, *o;

			while ((o = strsep(&p, ","))) {
				char *nd;

				if (!strcmp(o, "rw") || !strcmp(o, "ro"))
					continue;
				nd = data ? xasprintf("%s,%s", data, o) : xstrdup(o);
				free(data);
				data = nd;
			}
			mfd = new_fs("cgroup", "cgroup", data, m->flags, err);
		}
		if (mfd < 0) {
			/* Not allowed here (a user namespace): bind the host's hierarchy instead. */
			mfd = bind_tree(mnt, -1, false, err);
			if (mfd < 0)
				return mfd;
			r = set_attrs(mfd, attr_from_flags(m->flags), 0, false, err, dest);
			if (r < 0)
				return r;
		}
		r = attach(mfd, dfd, dest, err);
		if (r < 0)
			return r;
	}
	if (m->flags & MS_RDONLY)
		return set_attrs(tmp, MOUNT_ATTR_RDONLY, 0, false, err, m->destination);
	return 0;
}

static bool host_is_cgroup2(void)
{
	struct statfs sfs;

	return statfs("/sys/fs/cgroup", &sfs) == 0 && sfs.f_type == CGROUP2_SUPER_MAGIC;
}

static int mount_one(struct lc_init_ctx *ctx, int root_fd, const struct spec_mount *m,
		     struct lc_err *err)
{
	_cleanup_close_ int target = -1, mfd = -1;
	bool is_file = false;
	const char *type = m->type;
	int r;

	if (m->is_bind) {
		struct stat st;

		if (stat(m->source, &st) < 0)
			return lc_err_set(err, errno, "bind source '%s'", m->source);
		is_file = !S_ISDIR(st.st_mode);
	}
	target = lc_safe_mkdir_p(root_fd, m->destination, is_file, 0755, err);
	if (target < 0)
		return target;
	if (m->has_tmpcopyup)
		lc_warn("mount '%s': tmpcopyup is not supported, ignored", m->destination);
	if (m->is_bind)
		return mount_bind(m, target, err);
	if (strcmp(type, "cgroup") == 0 && !host_is_cgroup2())
		return mount_cgroup_v1(ctx, m, root_fd, target, err);
	if (strcmp(type, "cgroup") == 0 && !ctx->has_cgroupns && ctx->cg_path) {
		mfd = own_cgroup_tree(ctx, "/sys/fs/cgroup", m->flags, m->destination, err);
		return mfd < 0 ? mfd : attach(mfd, target, m->destination, err);
	}
	if (strcmp(type, "cgroup") == 0)
		type = "cgroup2";
	if (strcmp(type, "sysfs") == 0 && ctx->new_userns && !ctx->new_netns) {
		/* sysfs needs its own network namespace under a user namespace: bind the host's. */
		mfd = bind_tree("/sys", -1, true, err);
		if (mfd < 0)
			return mfd;
		r = set_attrs(mfd, attr_from_flags(m->flags) | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
					   MOUNT_ATTR_NOEXEC,
			      0, true, err, m->destination);
		return r < 0 ? r : attach(mfd, target, m->destination, err);
	}
	mfd = new_fs(type, m->source, m->data, m->flags, err);
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

struct dev_node {
	const char *path;
	mode_t type;
	unsigned int major, minor;
};

static const struct dev_node default_devices[] = {
	{"/dev/null", S_IFCHR, 1, 3},	 {"/dev/zero", S_IFCHR, 1, 5},
	{"/dev/full", S_IFCHR, 1, 7},	 {"/dev/random", S_IFCHR, 1, 8},
	{"/dev/urandom", S_IFCHR, 1, 9}, {"/dev/tty", S_IFCHR, 5, 0},
};

static int create_device(struct lc_init_ctx *ctx, int root_fd, const char *path, mode_t type,
			 unsigned int major, unsigned int minor, mode_t mode, const uid_t *uid,
			 const gid_t *gid, struct lc_err *err)
{
	_cleanup_close_ int parent = -1, target = -1, mfd = -1;
	const char *name;

	parent = lc_safe_open_parent(root_fd, path, &name, err);
	if (parent < 0)
		return parent;
	if (unlinkat(parent, name, 0) < 0 && errno != ENOENT)
		return lc_err_set(err, errno, "remove existing '%s'", path);
	if (!ctx->new_userns) {
		if (mknodat(parent, name, type | (mode & 07777), makedev(major, minor)) < 0)
			return lc_err_set(err, errno, "mknod '%s'", path);
		if ((uid || gid) && fchownat(parent, name, uid ? *uid : (uid_t)-1,
					     gid ? *gid : (gid_t)-1, AT_SYMLINK_NOFOLLOW) < 0)
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

static int setup_dev(struct lc_init_ctx *ctx, int root_fd, struct lc_err *err)
{
	const struct spec_linux *l = ctx->cfg->linux_;
	static const char *const links[][2] = {
		{"/proc/self/fd", "fd"},     {"/proc/self/fd/0", "stdin"},
		{"/proc/self/fd/1", "stdout"}, {"/proc/self/fd/2", "stderr"},
		{"pts/ptmx", "ptmx"},
	};
	_cleanup_close_ int dev = -1;
	int r;

	for (size_t i = 0; i < ARRAY_SIZE(default_devices); i++) {
		const struct dev_node *d = &default_devices[i];
		bool overridden = false;

		for (size_t j = 0; l && j < l->n_devices; j++)
			overridden |= strcmp(l->devices[j].path, d->path) == 0;
		if (overridden)
			continue;
		r = create_device(ctx, root_fd, d->path, d->type, d->major, d->minor, 0666, NULL, NULL,
				  err);
		if (r < 0)
			return r;
	}
	for (size_t j = 0; l && j < l->n_devices; j++) {
		const struct spec_device *d = &l->devices[j];
		mode_t type = d->type == 'b' ? S_IFBLK : d->type == 'p' ? S_IFIFO : S_IFCHR;

		r = create_device(ctx, root_fd, d->path, type, (unsigned)d->major, (unsigned)d->minor,
				  d->has_file_mode ? d->file_mode : 0666,
				  d->has_uid ? &d->uid : NULL, d->has_gid ? &d->gid : NULL, err);
		if (r < 0)
			return lc_err_wrap(err, "linux.devices[%zu]", j);
	}
	dev = lc_safe_open(root_fd, "/dev", O_PATH | O_DIRECTORY, err);
	if (dev < 0)
		return dev;
	for (size_t i = 0; i < ARRAY_SIZE(links); i++)
		if (symlinkat(links[i][0], dev, links[i][1]) < 0 && errno != EEXIST)
			return lc_err_set(err, errno, "symlink /dev/%s", links[i][1]);
	return 0;
}

static int write_sysctls(int root_fd, const struct spec_linux *l, struct lc_err *err)
{
	_cleanup_close_ int proc = -1;

	if (!l || l->n_sysctl == 0)
		return 0;
	proc = lc_procfs_open(root_fd, "/proc", RESOLVE_IN_ROOT, err);
	if (proc < 0)
		return lc_err_wrap(err, "sysctl");
	for (size_t i = 0; i < l->n_sysctl; i++) {
		_cleanup_free_ char *rel = xasprintf("sys/%s", l->sysctl[i].key);
		int r;

		for (char *p = rel + 4; *p; p++)
			if (*p == '.')
				*p = '/';
		r = lc_procfs_write(proc, rel, l->sysctl[i].value, err);
		if (r < 0)
			return lc_err_wrap(err, "sysctl '%s'", l->sysctl[i].key);
	}
	return 0;
}

static int mask_path(struct lc_init_ctx *ctx, int root_fd, const char *path, struct lc_err *err)
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
		mfd = new_fs("tmpfs", "tmpfs", "size=4k,nr_inodes=1,mode=000", MS_RDONLY, err);
	else
		mfd = bind_tree(NULL, ctx->null_fd, false, err);
	if (mfd < 0)
		return lc_err_wrap(err, "masked path '%s'", path);
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
	r = set_attrs(mfd, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
				   MOUNT_ATTR_NOEXEC,
		      0, true, err, path);
	return r < 0 ? r : attach(mfd, target, path, err);
}

static int enter_root(struct lc_init_ctx *ctx, struct lc_err *err)
{
	if (chdir(ctx->rootfs) < 0)
		return lc_err_set(err, errno, "chdir '%s'", ctx->rootfs);
	if (ctx->no_pivot) {
		if (mount(ctx->rootfs, "/", NULL, MS_MOVE, NULL) < 0)
			return lc_err_set(err, errno, "move the rootfs to /");
		if (chroot(".") < 0)
			return lc_err_set(err, errno, "chroot");
	} else {
		if (syscall(SYS_pivot_root, ".", ".") < 0)
			return lc_err_set(err, errno, "pivot_root");
		/* The old root sits under the new one: detach it without touching the host. */
		if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0)
			return lc_err_set(err, errno, "make the old root a slave");
		if (umount2(".", MNT_DETACH) < 0)
			return lc_err_set(err, errno, "detach the old root");
	}
	if (chdir("/") < 0)
		return lc_err_set(err, errno, "chdir /");
	return 0;
}

int lc_rootfs_setup(struct lc_init_ctx *ctx, struct lc_err *err)
{
	const struct spec_config *cfg = ctx->cfg;
	const struct spec_linux *l = cfg->linux_;
	unsigned long prop = MS_REC | MS_PRIVATE;
	_cleanup_close_ int root_fd = -1;
	int r;

	/* Shared propagation is applied after pivot_root, which refuses a shared parent, and
	 * unbindable after the rootfs bind, which an unbindable / would refuse. */
	bool late = l && l->has_rootfs_propagation &&
		    (l->rootfs_propagation & (MS_SHARED | MS_UNBINDABLE));

	if (l && l->has_rootfs_propagation && !late)
		prop = l->rootfs_propagation;
	if (mount(NULL, "/", NULL, prop, NULL) < 0)
		return lc_err_set(err, errno, "set propagation of /");
	if (mount(ctx->rootfs, ctx->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		return lc_err_set(err, errno, "bind the rootfs '%s'", ctx->rootfs);
	root_fd = open(ctx->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root_fd < 0)
		return lc_err_set(err, errno, "open the rootfs '%s'", ctx->rootfs);

	for (size_t i = 0; i < cfg->n_mounts; i++) {
		r = mount_one(ctx, root_fd, &cfg->mounts[i], err);
		if (r < 0)
			return lc_err_wrap(err, "mounts[%zu]", i);
	}
	r = setup_dev(ctx, root_fd, err);
	if (r < 0)
		return lc_err_wrap(err, "devices");
	r = write_sysctls(root_fd, l, err);
	if (r < 0)
		return r;
	for (size_t i = 0; l && i < l->n_masked_paths; i++) {
		r = mask_path(ctx, root_fd, l->masked_paths[i], err);
		if (r < 0)
			return r;
	}
	for (size_t i = 0; l && i < l->n_readonly_paths; i++) {
		r = readonly_path(root_fd, l->readonly_paths[i], err);
		if (r < 0)
			return r;
	}
	r = lc_init_before_pivot(ctx, err);
	if (r < 0)
		return r;
	r = enter_root(ctx, err);
	if (r < 0)
		return r;
	if (cfg->root_readonly) {
		struct mount_attr a = {.attr_set = MOUNT_ATTR_RDONLY};

		if (mount_setattr(AT_FDCWD, "/", 0, &a, sizeof(a)) < 0)
			return lc_err_set(err, errno, "make the root read-only");
	}
	if (late && mount(NULL, "/", NULL, l->rootfs_propagation, NULL) < 0)
		return lc_err_set(err, errno, "set rootfs propagation");
	return 0;
}
