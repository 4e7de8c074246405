/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rootfs-confined path resolution (see safepath.h). */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"
#include "safepath.h"
#include "util.h"

int lc_openat2(int dfd, const char *path, int flags, unsigned long long resolve, mode_t mode)
{
	struct open_how how = {
		.flags = (unsigned long long)flags | O_CLOEXEC,
		.mode = (flags & O_CREAT) ? mode : 0,
		.resolve = resolve,
	};
	long fd;

	do
		fd = syscall(SYS_openat2, dfd, path, &how, sizeof(how));
	while (fd < 0 && errno == EAGAIN);
	return (int)fd;
}

#define IN_ROOT (RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS)

int lc_safe_open(int root_fd, const char *path, int flags, struct lc_err *err)
{
	int fd;

	if (!(flags & (O_WRONLY | O_RDWR)) && !(flags & O_RDONLY))
		flags |= O_PATH;
	fd = lc_openat2(root_fd, path, flags, IN_ROOT, 0);
	if (fd < 0)
		return lc_err_set(err, errno, "open '%s' inside the rootfs", path);
	return fd;
}

#define MAX_LINKS 40 /* as the kernel's ELOOP limit */

static int mkdir_p(int root_fd, const char *path, bool is_file, mode_t mode, int depth,
		   struct lc_err *err);

/* comp (in cur, at offset off of path) is a symlink that leads nowhere yet: the path with
 * the link's target in its place, resolved as the container will see it (inside the
 * root), so that the target is made instead of failing (as runc). */
static int follow_dangling(int root_fd, int cur, const char *path, const char *comp, size_t off,
			   const char *rest, bool is_file, mode_t mode, int depth,
			   struct lc_err *err)
{
	_cleanup_free_ char *next = NULL;
	char target[4096];
	ssize_t n;

	if (depth >= MAX_LINKS)
		return lc_err_setx(err, ELOOP, "'%s': too many symlinks inside the rootfs", path);
	n = readlinkat(cur, comp, target, sizeof(target) - 1);
	if (n < 0)
		return lc_err_set(err, errno, "open '%s' inside the rootfs", path);
	target[n] = '\0';
	if (target[0] == '/')
		next = xasprintf("%s%s%s", target, rest ? "/" : "", rest ? rest : "");
	else
		next = xasprintf("%.*s/%s%s%s", (int)off, path, target, rest ? "/" : "",
				 rest ? rest : "");
	return mkdir_p(root_fd, next, is_file, mode, depth + 1, err);
}

int lc_safe_mkdir_p(int root_fd, const char *path, bool is_file, mode_t mode, struct lc_err *err)
{
	return mkdir_p(root_fd, path, is_file, mode, 0, err);
}

static int mkdir_p(int root_fd, const char *path, bool is_file, mode_t mode, int depth,
		   struct lc_err *err)
{
	_cleanup_free_ char *copy = xstrdup(path);
	_cleanup_close_ int cur = -1;
	char *p = copy, *comp;
	int fd;

	fd = lc_openat2(root_fd, path, O_PATH, IN_ROOT, 0);
	if (fd >= 0)
		return fd;
	if (errno != ENOENT)
		return lc_err_set(err, errno, "open '%s' inside the rootfs", path);

	cur = lc_openat2(root_fd, "/", O_PATH | O_DIRECTORY, IN_ROOT, 0);
	if (cur < 0)
		return lc_err_set(err, errno, "open the rootfs");
	while ((comp = strsep(&p, "/"))) {
		bool last;
		int next;

		if (comp[0] == '\0' || strcmp(comp, ".") == 0)
			continue;
		last = !p || p[strspn(p, "/")] == '\0';
		/* Resolve the component relative to cur, still confined to the rootfs. */
		next = lc_openat2(cur, comp, O_PATH, RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS, 0);
		if (next < 0 && errno == ENOENT) {
			int r;

			if (last && is_file) {
				r = openat(cur, comp,
					   O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC,
					   mode & 0666);
				if (r >= 0)
					close(r);
			} else
				r = mkdirat(cur, comp, mode);
			if (r < 0 && errno != EEXIST)
				return lc_err_set(err, errno, "create '%s' in '%s'", comp, path);
			next = lc_openat2(cur, comp, O_PATH,
					  RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS, 0);
			if (next < 0 && errno == ENOENT)
				return follow_dangling(root_fd, cur, path, comp,
						       (size_t)(comp - copy), p, is_file, mode,
						       depth, err);
		}
		if (next < 0) {
			/* An absolute symlink component (EXDEV): resolve the prefix so far as the
			 * container will see it, still inside the rootfs. */
			size_t plen = (size_t)(comp - copy) + strlen(comp);
			_cleanup_free_ char *prefix = strndup(path, plen);

			next = lc_openat2(root_fd, prefix, O_PATH, IN_ROOT, 0);
			if (next < 0 && errno == ENOENT)
				return follow_dangling(root_fd, cur, path, comp,
						       (size_t)(comp - copy), p, is_file, mode,
						       depth, err);
			if (next < 0)
				return lc_err_set(err, errno, "open '%s' inside the rootfs",
						  prefix);
		}
		close(cur);
		cur = next;
	}
	return TAKE_FD(cur);
}

int lc_safe_open_parent(int root_fd, const char *path, const char **ret_name, struct lc_err *err)
{
	_cleanup_free_ char *dir = NULL;
	const char *slash = strrchr(path, '/');

	if (!slash || slash[1] == '\0' || strcmp(slash + 1, "..") == 0 ||
	    strcmp(slash + 1, ".") == 0)
		return lc_err_setx(err, EINVAL, "'%s': not a path to a file", path);
	dir = strndup(path, (size_t)(slash - path));
	*ret_name = slash + 1;
	return lc_safe_mkdir_p(root_fd, dir[0] ? dir : "/", false, 0755, err);
}
