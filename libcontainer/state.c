/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The state directory (see state.h).  Parent side. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "procfs.h"
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
		return lc_err_setx(err, EINVAL, "invalid container id '%s': only letters, digits "
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

int lc_state_open_root(const char *root, bool create, struct lc_err *err)
{
	int fd, r;

	if (create && (r = mkdir_p(root, 0700)) < 0)
		return lc_err_set(err, -r, "create state root '%s'", root);
	fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return lc_err_set(err, errno, "open state root '%s'", root);
	return fd;
}

int lc_state_create_dir(int root_dfd, const char *id, struct lc_err *err)
{
	int fd;

	if (mkdirat(root_dfd, id, 0700) < 0) {
		if (errno == EEXIST)
			return lc_err_setx(err, EEXIST, "container with id exists: %s", id);
		return lc_err_set(err, errno, "create state dir for '%s'", id);
	}
	fd = openat(root_dfd, id, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return lc_err_set(err, errno, "open state dir for '%s'", id);
	return fd;
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

const char *lc_state_live_status(int proc_fd, int dfd, const struct spec_state *st)
{
	if (strcmp(st->status, "creating") == 0 && st->pid == 0)
		return "creating";
	if (st->pid <= 0 || lc_proc_start_time(proc_fd, st->pid) != st->init_start_time)
		return "stopped";
	if (faccessat(dfd, "exec.fifo", F_OK, AT_SYMLINK_NOFOLLOW) == 0)
		return strcmp(st->status, "creating") == 0 ? "creating" : "created";
	if (strcmp(st->status, "paused") == 0)
		return "paused";
	return "running";
}
