/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PARENT side: the rootfs and bind sources as detached mount trees (see mounttree.h). */
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "explain.h"
#include "mounttree.h"
#include "procfs.h"
#include "util.h"

/* A detached copy of the mount(s) at path, with propagation prop (0: as cloned);
 * *ret_on_root: path is on the mount of root_id (runh's "/"). */
static int clone_tree(const char *what, const char *path, bool recursive, unsigned long prop,
		      uint64_t root_id, int *ret_fd, bool *ret_on_root, struct lc_err *err)
{
	_cleanup_close_ int fd = -1;
	struct mount_attr a = {.propagation = prop};
	struct statx st;

	fd = open_tree(AT_FDCWD, path,
		       OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0));
	if (fd < 0)
		return lc_err_set(err, errno, "%s '%s'", what, path);
	if (prop && mount_setattr(fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &a, sizeof(a)) < 0)
		return lc_err_set(err, errno, "set the propagation of '%s'", path);
	*ret_on_root = statx(AT_FDCWD, path, 0, STATX_MNT_ID, &st) == 0 && st.stx_mnt_id == root_id;
	*ret_fd = TAKE_FD(fd);
	return 0;
}

/* Where the parent's trees are needed: the rootfs only when it is idmapped (else the init
 * clones its working directory, rootfs.c); the bind sources with a user namespace, whose
 * root may not reach them (without one the init's root reaches every path).  Without
 * the privilege to clone mounts (rootless) the init binds a plain source itself. */
int lc_mounttree_open(struct lc_plan *p, struct lc_err *err)
{
	struct statx root;
	int r;

	if (p->mode != LC_PLAN_INIT || !p->in_userns)
		return 0;
	if (statx(AT_FDCWD, "/", 0, STATX_MNT_ID, &root) < 0)
		return lc_err_set(err, errno, "stat /");
	if (p->idmap_rootfs) {
		r = clone_tree("open the rootfs", p->rootfs, true, p->tree_propagation,
			       root.stx_mnt_id, &p->rootfs_tree_fd, &p->rootfs_on_root, err);
		if (r < 0)
			return lc_err_wrap(err, "annotations.%s", LC_ANNOTATION_IDMAP_ROOTFS);
		lc_explain(LC_X_MNT, "rootfs %s opened by runh before the clone (open_tree)",
			   p->rootfs);
	}
	for (size_t i = 0; i < p->n_mounts; i++) {
		struct lc_mount_op *op = &p->mounts[i];

		if (op->kind != LC_MOUNT_BIND)
			continue;
		r = clone_tree("bind source", op->source, op->m->is_recursive_bind,
			       p->tree_propagation, root.stx_mnt_id, &op->tree_fd,
			       &op->tree_on_root, err);
		if (r == -EPERM && !op->m->is_idmap) {
			lc_debug("mounts[%zu]: %s: the container binds it", i, err->msg);
			*err = (struct lc_err){0};
			continue;
		}
		if (r < 0)
			return lc_err_wrap(err, "mounts[%zu]", i);
		lc_explain(LC_X_MNT,
			   "bind source %s opened by runh before the clone (open_tree "
			   "OPEN_TREE_CLONE%s): the container's root need not reach it",
			   op->source, op->m->is_recursive_bind ? "|AT_RECURSIVE" : "");
	}
	return 0;
}

/* A user namespace with a mount's own mappings: a child holds it while its maps are
 * written and it is opened, then goes (as runc and crun do). */
static int userns_for(const struct spec_mount *m, int proc_fd, struct lc_err *err)
{
	_cleanup_free_ char *rel = NULL;
	int fd = -1, r;
	pid_t pid;

	pid_t parent = getpid();

	pid = (pid_t)syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, NULL, NULL, NULL, NULL);
	if (pid < 0)
		return lc_err_set(err, errno, "make a user namespace for its mappings");
	if (pid == 0) {
		/* runh gone before the death signal was asked for: go too. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || getppid() != parent)
			_exit(1);
		for (;;)
			pause();
	}
	r = lc_procfs_write_idmap(proc_fd, pid, "gid_map", m->gid_mappings, m->n_gid_mappings, err);
	if (r == 0)
		r = lc_procfs_write_idmap(proc_fd, pid, "uid_map", m->uid_mappings,
					  m->n_uid_mappings, err);
	if (r == 0) {
		rel = xasprintf("%d/ns/user", (int)pid);
		fd = openat(proc_fd, rel, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			r = lc_err_set(err, errno, "open the user namespace of its mappings");
	}
	(void)kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	return r < 0 ? r : fd;
}

static const char *fs_name(int fd, char *buf, size_t len)
{
	static const struct {
		unsigned long magic;
		const char *name;
	} names[] = {
		{TMPFS_MAGIC, "tmpfs"},
		{EXT4_SUPER_MAGIC, "ext4"},
		{XFS_SUPER_MAGIC, "xfs"},
		{BTRFS_SUPER_MAGIC, "btrfs"},
		{OVERLAYFS_SUPER_MAGIC, "overlay"},
		{NFS_SUPER_MAGIC, "nfs"},
		{0x65735546, "fuse"},
		{PROC_SUPER_MAGIC, "proc"},
		{SYSFS_MAGIC, "sysfs"},
		{SQUASHFS_MAGIC, "squashfs"},
	};
	struct statfs st;

	if (fstatfs(fd, &st) < 0)
		return "its filesystem";
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if ((unsigned long)st.f_type == names[i].magic) {
			snprintf(buf, len, "its filesystem (%s)", names[i].name);
			return buf;
		}
	snprintf(buf, len, "its filesystem (type 0x%lx)", (unsigned long)st.f_type);
	return buf;
}

static int set_idmap(int tree_fd, int userns_fd, bool recursive, struct lc_err *err)
{
	struct mount_attr a = {.attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (uint64_t)userns_fd};
	char buf[64];

	if (mount_setattr(tree_fd, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &a,
			  sizeof(a)) == 0)
		return 0;
	if (errno == EINVAL) {
		const char *fs = fs_name(tree_fd, buf, sizeof(buf)); /* may change errno */

		return lc_err_set(err, EINVAL,
				  "cannot idmap it: %s or this kernel does not support "
				  "idmapped mounts",
				  fs);
	}
	if (errno == EPERM)
		return lc_err_set(err, errno,
				  "cannot idmap it: runh needs CAP_SYS_ADMIN over its filesystem");
	return lc_err_set(err, errno, "cannot idmap it");
}

int lc_mounttree_idmap(const struct lc_plan *p, int proc_fd, pid_t pid, struct lc_err *err)
{
	_cleanup_free_ char *rel = NULL;
	_cleanup_close_ int userns = -1;
	int r;

	if (!p->has_idmap)
		return 0;
	rel = xasprintf("%d/ns/user", (int)pid);
	userns = openat(proc_fd, rel, O_RDONLY | O_CLOEXEC);
	if (userns < 0)
		return lc_err_set(err, errno, "open the container's user namespace");
	if (p->idmap_rootfs && (r = set_idmap(p->rootfs_tree_fd, userns, false, err)) < 0)
		return lc_err_wrap(err, "annotations.%s: the rootfs '%s'",
				   LC_ANNOTATION_IDMAP_ROOTFS, p->rootfs);
	if (p->idmap_rootfs)
		lc_explain(LC_X_USER,
			   "rootfs idmapped (mount_setattr MOUNT_ATTR_IDMAP) with the container's "
			   "user namespace: host root's files show as the container's root");
	for (size_t i = 0; i < p->n_mounts; i++) {
		const struct lc_mount_op *op = &p->mounts[i];
		_cleanup_close_ int own = -1;

		if (op->kind != LC_MOUNT_BIND || !op->m->is_idmap)
			continue;
		if (op->has_own_idmap && (own = userns_for(op->m, proc_fd, err)) < 0)
			r = own;
		else
			r = set_idmap(op->tree_fd, own >= 0 ? own : userns,
				      op->m->is_recursive_idmap, err);
		if (r < 0)
			return lc_err_wrap(err, "mounts[%zu]: idmapped bind of '%s' at '%s'", i,
					   op->source, op->m->destination);
		lc_explain(LC_X_USER,
			   "%s idmapped (mount_setattr MOUNT_ATTR_IDMAP) with %s user namespace",
			   op->source, own >= 0 ? "its own" : "the container's");
	}
	return 0;
}

void lc_mounttree_close(struct lc_plan *p)
{
	for (size_t i = 0; i < p->n_mounts; i++)
		if (p->mounts[i].tree_fd >= 0) {
			close(p->mounts[i].tree_fd);
			p->mounts[i].tree_fd = -1;
		}
	if (p->rootfs_tree_fd >= 0)
		close(p->rootfs_tree_fd);
	p->rootfs_tree_fd = -1;
}
