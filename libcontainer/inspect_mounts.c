/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * runh inspect, the filesystem: /proc/<pid>/mountinfo (its mount points are relative to
 * the container's root) against root.readonly, the config's tmpfs and bind mounts and
 * their flags, readonlyPaths (on a read-only mount) and maskedPaths (covered by /dev/null
 * or an empty read-only tmpfs; what is under a masked path is looked at through
 * /proc/<pid>/root, resolved inside that root).  Parent side, reads only.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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
#include "inspect.h"
#include "util.h"

struct mnt {
	char *point; /* relative to the container's root */
	char *fstype;
	char *opts;  /* per-mount: "ro,nosuid,nodev,noexec,relatime" */
	char *super; /* per-superblock: "rw,size=65536k,mode=755" */
};

struct mnt_table {
	struct mnt *v;
	size_t n;
};

static void mnt_table_done(struct mnt_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].point);
		free(t->v[i].fstype);
		free(t->v[i].opts);
		free(t->v[i].super);
	}
	free(t->v);
}

/* "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue" */
static void parse_line(char *line, struct mnt_table *t)
{
	char *f[6] = {0}, *save = NULL, *tok, *sep = strstr(line, " - ");
	char *fstype, *src, *super;
	int i = 0;

	if (!sep)
		return;
	*sep = '\0';
	for (tok = strtok_r(line, " ", &save); tok && i < 6; tok = strtok_r(NULL, " ", &save))
		f[i++] = tok;
	if (i < 6)
		return;
	save = NULL;
	fstype = strtok_r(sep + 3, " ", &save);
	src = fstype ? strtok_r(NULL, " ", &save) : NULL;
	super = src ? strtok_r(NULL, " ", &save) : NULL;
	if (!super)
		return;
	lc_unescape_octal(f[4]);
	t->v = xrealloc(t->v, (t->n + 1) * sizeof(*t->v));
	t->v[t->n++] = (struct mnt){
		.point = xstrdup(f[4]),
		.fstype = xstrdup(fstype),
		.opts = xstrdup(f[5]),
		.super = xstrdup(super),
	};
}

static void read_mountinfo(int pid_dfd, struct mnt_table *t)
{
	_cleanup_free_ char *text = NULL;
	struct lc_err e = {0};
	char *save = NULL;

	if (lc_read_file_at(pid_dfd, "mountinfo", 16 << 20, &text, NULL, &e) < 0)
		return;
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		parse_line(l, t);
}

/* The mount at exactly path, the last (topmost) one; NULL when path is no mount point. */
static const struct mnt *mount_at(const struct mnt_table *t, const char *path)
{
	for (size_t i = t->n; i-- > 0;)
		if (strcmp(t->v[i].point, path) == 0)
			return &t->v[i];
	return NULL;
}

/* The mount path lies on: the topmost of the longest mount points above it. */
static const struct mnt *mount_of(const struct mnt_table *t, const char *path)
{
	const struct mnt *best = NULL;
	size_t best_len = 0;

	for (size_t i = 0; i < t->n; i++) {
		const char *p = t->v[i].point;
		size_t n = strcmp(p, "/") == 0 ? 0 : strlen(p);

		if (strncmp(path, p, n) || (path[n] != '/' && path[n] != '\0'))
			continue;
		if (!best || n >= best_len) {
			best = &t->v[i];
			best_len = n;
		}
	}
	return best;
}

static bool has_opt(const char *list, const char *opt)
{
	size_t n = strlen(opt);

	for (const char *p = list; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (strncmp(p, opt, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

static char *describe(const struct mnt *m)
{
	return xasprintf("%s %s (%s)", m->fstype, m->opts, m->super);
}

static void inspect_root(const struct mnt_table *t, const struct spec_config *cfg,
			 struct lc_inspect *out)
{
	const struct mnt *m = mount_at(t, "/");
	_cleanup_free_ char *has = m ? describe(m) : xstrdup("no mount at /");
	bool ro = m && has_opt(m->opts, "ro");

	lc_inspect_add(out, "mounts",
		       m && ro == cfg->root_readonly ? LC_INSPECT_OK : LC_INSPECT_MISMATCH, "/",
		       cfg->root_readonly ? "read-only" : "read-write", has);
}

/* The flags a config mount asks for, as mountinfo's per-mount options. */
static const struct {
	unsigned long ms;
	uint64_t attr;
	const char *opt;
} flag_opts[] = {
	{MS_RDONLY, MOUNT_ATTR_RDONLY, "ro"},
	{MS_NOSUID, MOUNT_ATTR_NOSUID, "nosuid"},
	{MS_NODEV, MOUNT_ATTR_NODEV, "nodev"},
	{MS_NOEXEC, MOUNT_ATTR_NOEXEC, "noexec"},
};

static void inspect_mount(const struct mnt_table *t, const struct spec_mount *cm,
			  struct lc_inspect *out)
{
	const struct mnt *m = mount_at(t, cm->destination);
	_cleanup_free_ char *asked = NULL, *has = m ? describe(m) : xstrdup("not mounted");
	char opts[512] = "";
	bool match = m != NULL;

	for (size_t i = 0; i < cm->n_options; i++)
		snprintf(opts + strlen(opts), sizeof(opts) - strlen(opts), "%s%s", i ? "," : "",
			 cm->options[i]);
	asked = xasprintf("%s%s%s", cm->is_bind ? "bind" : cm->type, *opts ? " " : "", opts);
	for (size_t i = 0; m && i < sizeof(flag_opts) / sizeof(flag_opts[0]); i++) {
		bool want = (cm->flags & flag_opts[i].ms) || (cm->attr_set & flag_opts[i].attr);
		bool unwanted = (cm->clear & flag_opts[i].ms) || (cm->attr_clr & flag_opts[i].attr);
		bool got = has_opt(m->opts, flag_opts[i].opt);

		/* Flags not asked may still be there: locked by a user namespace, or a
		 * read-only /dev that runh fills, then seals. */
		if ((want && !got) || (unwanted && got))
			match = false;
	}
	if (m && !cm->is_bind && cm->type && strcmp(m->fstype, cm->type) != 0)
		match = false;
	lc_inspect_add(out, "mounts", match ? LC_INSPECT_OK : LC_INSPECT_MISMATCH, cm->destination,
		       asked, has);
}

/* path (absolute, inside the container's root) opened through /proc/<pid>/root without
 * leaving it; -errno. */
static int open_in_root(int pid_dfd, const char *path, int flags)
{
	_cleanup_close_ int root = openat(pid_dfd, "root", O_PATH | O_DIRECTORY | O_CLOEXEC);
	struct open_how how = {
		.flags = (uint64_t)flags | O_CLOEXEC | O_NOFOLLOW,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	int fd;

	if (root < 0)
		return -errno;
	fd = (int)syscall(SYS_openat2, root, path, &how, sizeof(how));
	return fd < 0 ? -errno : fd;
}

static bool dir_is_empty(int pid_dfd, const char *path)
{
	int fd = open_in_root(pid_dfd, path, O_RDONLY | O_DIRECTORY);
	struct dirent *de;
	bool empty = true;
	DIR *d;

	if (fd < 0)
		return false;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return false;
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			empty = false;
	closedir(d);
	return empty;
}

static void inspect_masked(int pid_dfd, const struct mnt_table *t, const char *path,
			   struct lc_inspect *out)
{
	const struct mnt *m = mount_at(t, path);
	_cleanup_close_ int fd = open_in_root(pid_dfd, path, O_PATH);
	_cleanup_free_ char *has = NULL;
	enum lc_inspect_verdict v = LC_INSPECT_MISMATCH;
	struct stat st;

	if (fd == -ENOENT && !m) {
		has = xstrdup("absent (nothing to mask)");
		v = LC_INSPECT_OK;
	} else if (fd < 0 || fstat(fd, &st) < 0) {
		has = xasprintf("unreadable (%s)", strerror(fd < 0 ? -fd : errno));
	} else if (S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 3 && m) {
		has = xstrdup("/dev/null (char 1:3) bound over it");
		v = LC_INSPECT_OK;
	} else if (S_ISDIR(st.st_mode) && m && strcmp(m->fstype, "tmpfs") == 0 &&
		   has_opt(m->opts, "ro") && dir_is_empty(pid_dfd, path)) {
		has = xstrdup("empty read-only tmpfs");
		v = LC_INSPECT_OK;
	} else if (m) {
		_cleanup_free_ char *d = describe(m);

		has = xasprintf("not masked: %s", d);
	} else {
		has = xstrdup("not masked: visible");
	}
	lc_inspect_add(out, "masked", v, path, "masked", has);
}

static void inspect_readonly(int pid_dfd, const struct mnt_table *t, const char *path,
			     struct lc_inspect *out)
{
	const struct mnt *m = mount_of(t, path);
	_cleanup_close_ int fd = open_in_root(pid_dfd, path, O_PATH);
	_cleanup_free_ char *has = NULL;
	enum lc_inspect_verdict v = LC_INSPECT_MISMATCH;

	if (fd == -ENOENT) {
		has = xstrdup("absent");
		v = LC_INSPECT_OK;
	} else if (!m) {
		has = xstrdup("no mount found");
	} else {
		bool ro = has_opt(m->opts, "ro");

		has = xasprintf("%s (on %s %s)", ro ? "read-only" : "writable", m->point, m->opts);
		v = ro ? LC_INSPECT_OK : LC_INSPECT_MISMATCH;
	}
	lc_inspect_add(out, "mounts", v, path, "read-only", has);
}

void lc_inspect_mounts(int pid_dfd, const struct spec_config *cfg, struct lc_inspect *out)
{
	struct mnt_table t = {0};
	const struct spec_linux *lx = cfg->linux_;

	read_mountinfo(pid_dfd, &t);
	inspect_root(&t, cfg, out);
	for (size_t i = 0; i < cfg->n_mounts; i++) {
		const struct spec_mount *cm = &cfg->mounts[i];

		if (cm->is_bind || (cm->type && strcmp(cm->type, "tmpfs") == 0))
			inspect_mount(&t, cm, out);
	}
	for (size_t i = 0; lx && i < lx->n_readonly_paths; i++)
		inspect_readonly(pid_dfd, &t, lx->readonly_paths[i], out);
	for (size_t i = 0; lx && i < lx->n_masked_paths; i++)
		inspect_masked(pid_dfd, &t, lx->masked_paths[i], out);
	mnt_table_done(&t);
}
