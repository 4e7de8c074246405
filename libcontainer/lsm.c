/* SPDX-License-Identifier: GPL-2.0-or-later */
/* AppArmor and SELinux exec labels (see lsm.h).  Both sides. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "lsm.h"
#include "procfs.h"
#include "util.h"

static bool file_says_yes(const char *path)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	char c = 0;

	return fd >= 0 && read(fd, &c, 1) == 1 && (c == 'Y' || c == '1');
}

bool lc_lsm_enabled(enum lc_lsm lsm)
{
	struct stat st;

	switch (lsm) {
	case LC_LSM_APPARMOR:
		return file_says_yes("/sys/module/apparmor/parameters/enabled");
	case LC_LSM_SELINUX:
		return stat("/sys/fs/selinux/enforce", &st) == 0;
	}
	return false;
}

void lc_lsm_exec_attr(enum lc_lsm lsm, const char *label, bool has_apparmor_dir,
		      const char **ret_file, char **ret_bytes)
{
	switch (lsm) {
	case LC_LSM_APPARMOR:
		*ret_file = has_apparmor_dir ? "attr/apparmor/exec" : "attr/exec";
		*ret_bytes = xasprintf("exec %s", label);
		return;
	case LC_LSM_SELINUX:
		*ret_file = "attr/exec";
		*ret_bytes = xstrdup(label);
		return;
	}
}

int lc_lsm_set_exec_label(int proc_fd, enum lc_lsm lsm, const char *label, struct lc_err *err)
{
	_cleanup_free_ char *bytes = NULL, *rel = NULL, *dir = NULL;
	const char *file = "attr/exec";
	char self[32];
	ssize_t n;
	struct stat st;

	/* "self" is a link (RESOLVE_NO_SYMLINKS refuses it): read it, use the pid. */
	n = readlinkat(proc_fd, "self", self, sizeof(self) - 1);
	if (n <= 0)
		return lc_err_set(err, n < 0 ? errno : EIO, "read /proc/self");
	self[n] = '\0';
	dir = xasprintf("%s/attr/apparmor", self);
	lc_lsm_exec_attr(lsm, label, fstatat(proc_fd, dir, &st, 0) == 0, &file, &bytes);
	rel = xasprintf("%s/%s", self, file);
	if (lc_procfs_write(proc_fd, rel, bytes, err) < 0)
		return lc_err_wrap(err, "%s '%s'",
				   lsm == LC_LSM_APPARMOR ? "process.apparmorProfile"
							  : "process.selinuxLabel",
				   label);
	return 0;
}
