/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Verified procfs access (see procfs.h).  Both sides. */
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "cleanup.h"
#include "procfs.h"
#include "safepath.h"
#include "util.h"

static int is_procfs(int fd)
{
	struct statfs sfs;

	if (fstatfs(fd, &sfs) < 0)
		return -errno;
	return sfs.f_type == PROC_SUPER_MAGIC ? 1 : 0;
}

int lc_procfs_open(int dfd, const char *path, unsigned long long resolve, struct lc_err *err)
{
	_cleanup_close_ int fd = -1;
	int r;

	fd = lc_openat2(dfd, path, O_PATH | O_DIRECTORY,
			resolve | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS, 0);
	if (fd < 0)
		return lc_err_set(err, errno, "open procfs '%s'", path);
	r = is_procfs(fd);
	if (r < 0)
		return lc_err_set(err, -r, "fstatfs '%s'", path);
	if (r == 0)
		return lc_err_setx(err, EXDEV, "'%s' is not a procfs", path);
	return TAKE_FD(fd);
}

int lc_procfs_open_file(int proc_fd, const char *rel, int flags, struct lc_err *err)
{
	_cleanup_close_ int fd = -1;
	int r;

	fd = lc_openat2(
		proc_fd, rel, flags | O_NOCTTY,
		RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV, 0);
	if (fd < 0)
		return lc_err_set(err, errno, "open /proc/%s", rel);
	r = is_procfs(fd);
	if (r <= 0)
		return lc_err_setx(err, EXDEV, "/proc/%s is not on procfs", rel);
	return TAKE_FD(fd);
}

int lc_procfs_write(int proc_fd, const char *rel, const char *data, struct lc_err *err)
{
	_cleanup_close_ int fd = -1;
	size_t len = strlen(data);
	ssize_t n;

	fd = lc_procfs_open_file(proc_fd, rel, O_WRONLY, err);
	if (fd < 0)
		return fd;
	n = write(fd, data, len);
	if (n < 0)
		return lc_err_set(err, errno, "write /proc/%s", rel);
	if ((size_t)n != len)
		return lc_err_setx(err, EIO, "short write to /proc/%s", rel);
	return 0;
}

int lc_procfs_write_idmap(int proc_fd, pid_t pid, const char *file, const struct spec_idmap *m,
			  size_t n, struct lc_err *err)
{
	_cleanup_free_ char *rel = xasprintf("%d/%s", (int)pid, file);
	char buf[4096];
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int k = snprintf(buf + len, sizeof(buf) - len, "%u %u %u\n", m[i].container_id,
				 m[i].host_id, m[i].size);

		if (k < 0 || (size_t)k >= sizeof(buf) - len)
			return lc_err_setx(err, E2BIG, "%s: too many mappings", file);
		len += (size_t)k;
	}
	return lc_procfs_write(proc_fd, rel, buf, err);
}
