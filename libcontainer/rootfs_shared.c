/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PARENT side: the rootfs bind of a container without its own mount namespace (see .h). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "procfs.h"
#include "rootfs_shared.h"
#include "util.h"

/* runh inside another mount namespace for a moment: its own is kept as an fd, and the
 * working directory too (setns moves it to the namespace's root). */
struct visit {
	int home, cwd;
};

static int visit_enter(int ns_fd, struct visit *v, struct lc_err *err)
{
	*v = (struct visit){-1, -1};
	if (ns_fd < 0)
		return 0;
	v->home = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
	if (v->home < 0 || ioctl(v->home, NS_GET_NSTYPE) != CLONE_NEWNS)
		return lc_err_set(err, v->home < 0 ? errno : EINVAL,
				  "open runh's own mount namespace");
	v->cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (v->cwd < 0)
		return lc_err_set(err, errno, "open the working directory");
	if (setns(ns_fd, CLONE_NEWNS) < 0)
		return lc_err_set(err, errno, "enter the container's mount namespace");
	return 0;
}

static void visit_leave(struct visit *v)
{
	if (v->home >= 0) {
		/* Cannot fail for the namespace it left a moment ago; if it did, nothing runh
		 * does next may happen in the container's namespace. */
		if (setns(v->home, CLONE_NEWNS) < 0 || (v->cwd >= 0 && fchdir(v->cwd) < 0)) {
			lc_log(LC_LOG_ERROR, "back to runh's mount namespace: %s", strerror(errno));
			_exit(1);
		}
		close(v->home);
	}
	if (v->cwd >= 0)
		close(v->cwd);
	*v = (struct visit){-1, -1};
}

static int top_mount(const char *path, uint64_t *ret, struct lc_err *err)
{
	struct statx st;

	if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &st) < 0)
		return lc_err_set(err, errno, "stat '%s'", path);
	*ret = st.stx_mnt_id;
	return 0;
}

int lc_shared_root_record(const struct lc_plan *p, struct spec_state *st, struct lc_err *err)
{
	const struct spec_namespace *ns = spec_find_namespace(p->cfg, SPEC_NS_MOUNT);
	int ns_fd = p->ns_fds[SPEC_NS_MOUNT];
	_cleanup_close_ int own = -1;
	struct visit v;
	struct stat nst;
	int r;

	if (ns_fd < 0) {
		own = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
		if (own < 0)
			return lc_err_set(err, errno, "open runh's own mount namespace");
	}
	if (fstat(ns_fd >= 0 ? ns_fd : own, &nst) < 0)
		return lc_err_set(err, errno, "stat the mount namespace");
	r = visit_enter(ns_fd, &v, err);
	if (r == 0)
		r = top_mount(p->rootfs, &st->root_below, err);
	visit_leave(&v);
	if (r < 0)
		return r;
	st->shared_root = true;
	st->mntns_ino = nst.st_ino;
	free(st->mntns_path);
	st->mntns_path = ns && ns->path ? xstrdup(ns->path) : NULL;
	return 0;
}

/* The container's own bind: the mount at rootfs whose parent is root_below (mountinfo as
 * the reader's namespace has it).  -ENOENT: there is none (any more). */
static int own_bind(int proc_fd, uint64_t below, const char *rootfs, uint64_t *ret)
{
	_cleanup_free_ char *text = NULL;
	struct lc_err e = {0};
	char *it, *line;

	if (lc_read_file_at(proc_fd, "self/mountinfo", 16 << 20, &text, NULL, &e) < 0)
		return -EIO;
	it = text;
	while ((line = strsep(&it, "\n"))) {
		uint64_t mid, parent;
		char point[4096];

		if (sscanf(line, "%" SCNu64 " %" SCNu64 " %*s %*s %4095s", &mid, &parent, point) !=
			    3 ||
		    parent != below)
			continue;
		lc_unescape_octal(point);
		if (strcmp(point, rootfs) == 0) {
			*ret = mid;
			return 0;
		}
	}
	return -ENOENT;
}

/* Detach the container's bind, only while it is on top: whatever is stacked on it is not
 * this container's to remove (another container without a mount namespace on the same
 * rootfs records this bind as its root_below), and the state is kept until it goes. */
static int release_here(const struct spec_state *st, int proc_fd, struct lc_err *err)
{
	uint64_t top, own;
	int r = own_bind(proc_fd, st->root_below, st->rootfs, &own);

	if (r == -ENOENT)
		return 0; /* detached already, or the rootfs is gone and its mounts with it */
	if (r < 0)
		return lc_err_set(err, -r, "read the mount table");
	r = top_mount(st->rootfs, &top, err);
	if (r < 0)
		return r;
	if (top != own)
		return lc_err_setx(err, EBUSY,
				   "a mount that is not this container's is stacked on its rootfs "
				   "bind at '%s' (another container without a mount namespace on "
				   "the same rootfs?): delete that one first",
				   st->rootfs);
	if (umount2(st->rootfs, MNT_DETACH | UMOUNT_NOFOLLOW) < 0)
		return lc_err_set(err, errno, "detach the container's mounts on '%s'", st->rootfs);
	return 0;
}

int lc_shared_root_release(const struct spec_state *st, struct lc_err *err)
{
	_cleanup_close_ int proc_fd = -1, ns_fd = -1;
	struct visit v;
	int r;

	if (!st->shared_root || !st->rootfs)
		return 0;
	proc_fd = lc_procfs_open(AT_FDCWD, "/proc", 0, err);
	if (proc_fd < 0)
		return proc_fd;
	if (st->mntns_path) {
		struct stat nst;

		/* A namespace nothing holds any more took the mounts with it. */
		ns_fd = open(st->mntns_path, O_RDONLY | O_CLOEXEC);
		if (ns_fd < 0 || fstat(ns_fd, &nst) < 0 || nst.st_ino != st->mntns_ino ||
		    ioctl(ns_fd, NS_GET_NSTYPE) != CLONE_NEWNS) {
			lc_debug("mount namespace '%s' is gone: nothing to detach", st->mntns_path);
			return 0;
		}
	} else {
		struct stat nst;

		if (stat("/proc/self/ns/mnt", &nst) < 0 || nst.st_ino != st->mntns_ino)
			return lc_err_setx(err, EXDEV,
					   "the container's mounts on '%s' are in another mount "
					   "namespace (mnt:[%" PRIu64 "]) than this runh's: delete "
					   "it from there",
					   st->rootfs, st->mntns_ino);
	}
	r = visit_enter(ns_fd, &v, err);
	if (r == 0)
		r = release_here(st, proc_fd, err);
	visit_leave(&v);
	return r;
}
