/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cgroups: the host's layout (v1 / v2 / hybrid from mountinfo), the path rules, the
 * v1 -> v2 value conversions and the two directory primitives every other cgroup file
 * uses (open a container's directory, read its pids).  Parent side. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroup_internal.h"
#include "cleanup.h"
#include "util.h"

static const char *const v1_ignored_opts[] = {
	"rw",
	"ro",
	"clone_children",
	"noprefix",
	"xattr",
	"cpuset_v2_mode",
	"nsdelegate",
	"memory_recursiveprot",
	"memory_localevents",
	"favordynmods",
};

static void v1_controllers(char *super, char *out, size_t n)
{
	char *p = super, *o;

	out[0] = '\0';
	while ((o = strsep(&p, ","))) {
		bool skip = strncmp(o, "release_agent=", 14) == 0;

		for (size_t i = 0; i < ARRAY_SIZE(v1_ignored_opts); i++)
			skip |= strcmp(o, v1_ignored_opts[i]) == 0;
		if (skip || !*o)
			continue;
		if (out[0])
			strncat(out, ",", n - strlen(out) - 1);
		strncat(out, o, n - strlen(out) - 1);
	}
}

/* The mount on top at root: later lines of mountinfo are mounted over earlier ones. */
static int top_mount_id(const char *mountinfo, const char *root)
{
	_cleanup_free_ char *copy = xstrdup(mountinfo);
	char *p = copy, *line;
	int top = -1;

	while ((line = strsep(&p, "\n"))) {
		char mnt[256];
		int id;

		if (sscanf(line, "%d %*d %*s %*s %255s", &id, mnt) == 2 && strcmp(mnt, root) == 0)
			top = id;
	}
	return top;
}

int lc_cgroup_layout_parse(const char *mountinfo, const char *root, struct lc_cgroup_layout *ret)
{
	_cleanup_free_ char *copy = xstrdup(mountinfo);
	size_t rlen = strlen(root);
	bool v1 = false, v2 = false, v2_at_root = false;
	int top = top_mount_id(mountinfo, root);
	char *p = copy, *line;

	memset(ret, 0, sizeof(*ret));
	while ((line = strsep(&p, "\n"))) {
		char mnt[256], fstype[32], super[512];
		const char *sep = strstr(line, " - ");
		struct lc_cgroup_hier *h;
		int id, parent;

		if (!sep || sscanf(line, "%d %d %*s %*s %255s", &id, &parent, mnt) != 3 ||
		    sscanf(sep + 3, "%31s %*s %511s", fstype, super) != 2)
			continue;
		if (strncmp(mnt, root, rlen) != 0 || (mnt[rlen] != '/' && mnt[rlen] != '\0'))
			continue;
		/* Hidden: at root but not on top, or below root on something no longer on top. */
		if (mnt[rlen] == '\0' ? id != top : (top >= 0 && parent != top))
			continue;
		if (strcmp(fstype, "cgroup") != 0 && strcmp(fstype, "cgroup2") != 0)
			continue;
		if (ret->n_hier == LC_CGROUP_MAX_HIER)
			break;
		h = &ret->hier[ret->n_hier++];
		snprintf(h->mountpoint, sizeof(h->mountpoint), "%s", mnt);
		h->is_v2 = strcmp(fstype, "cgroup2") == 0;
		if (h->is_v2) {
			v2 = true;
			v2_at_root |= mnt[rlen] == '\0';
		} else {
			v1 = true;
			v1_controllers(super, h->controllers, sizeof(h->controllers));
		}
	}
	if (v1 && v2)
		ret->mode = LC_CGROUP_HYBRID;
	else if (v1)
		ret->mode = LC_CGROUP_V1;
	else if (v2 && v2_at_root)
		ret->mode = LC_CGROUP_V2;
	else if (v2)
		ret->mode = LC_CGROUP_HYBRID; /* a lone cgroup2 below the root */
	return 0;
}

int lc_cgroup_layout_host(struct lc_cgroup_layout *ret, struct lc_err *err)
{
	_cleanup_close_ int fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
	_cleanup_free_ char *text = NULL;
	int r;

	if (fd < 0)
		return lc_err_set(err, errno, "open /proc/self/mountinfo");
	r = lc_read_all(fd, 4 << 20, &text, NULL);
	if (r < 0)
		return lc_err_set(err, -r, "read /proc/self/mountinfo");
	return lc_cgroup_layout_parse(text, "/sys/fs/cgroup", ret);
}

int lc_cgroup_path(const char *cgroups_path, const char *id, char **ret, struct lc_err *err)
{
	_cleanup_free_ char *path = NULL, *copy = NULL;
	char *p, *c;

	if (!cgroups_path || !*cgroups_path)
		path = xasprintf("/runh/%s", id);
	else if (cgroups_path[0] == '/')
		path = xstrdup(cgroups_path);
	else if (strchr(cgroups_path, ':'))
		return lc_err_setx(err, EINVAL,
				   "linux.cgroupsPath '%s': systemd slice:prefix:name "
				   "paths need --systemd-cgroup, not supported yet",
				   cgroups_path);
	else
		path = xasprintf("/runh/%s", cgroups_path);
	copy = xstrdup(path + 1);
	p = copy;
	while ((c = strsep(&p, "/")))
		if (!*c || !strcmp(c, ".") || !strcmp(c, "..") ||
		    strspn(c,
			   "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+.-@:") !=
			    strlen(c))
			return lc_err_setx(err, EINVAL,
					   "linux.cgroupsPath '%s': invalid component '%s'",
					   cgroups_path ? cgroups_path : "", c);
	*ret = TAKE_PTR(path);
	return 0;
}

uint64_t lc_cgroup_shares_to_weight(uint64_t shares)
{
	if (shares == 0)
		return 0;
	if (shares < 2)
		shares = 2;
	if (shares > 262144)
		shares = 262144;
	return 1 + ((shares - 2) * 9999) / 262142;
}

uint16_t lc_cgroup_blkio_to_io_weight(uint16_t weight)
{
	if (weight == 0)
		return 0;
	return (uint16_t)(1 + ((uint32_t)weight - 10) * 9999 / 990);
}

bool lc_cgroup_has_controller(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; (p = strstr(p, name)); p += n)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

int lc_cgroup_open_leaf(const struct lc_cgroup_hier *h, const char *path)
{
	_cleanup_free_ char *full = xasprintf("%s%s", h->mountpoint, path);

	return open(full, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
}

/* The pids in a cgroup directory; 0-terminated, NULL when none or unreadable. */
pid_t *lc_cgroup_read_procs(int dfd)
{
	_cleanup_free_ char *text = NULL;
	struct lc_err e;
	pid_t *pids = NULL;
	size_t n = 0;
	char *p, *line;

	if (lc_read_file_at(dfd, "cgroup.procs", 16 << 20, &text, NULL, &e) < 0)
		return NULL;
	p = text;
	while ((line = strsep(&p, "\n")))
		if (*line) {
			pids = xrealloc(pids, (n + 2) * sizeof(pid_t));
			pids[n++] = (pid_t)atoi(line);
			pids[n] = 0;
		}
	return pids;
}
