/* SPDX-License-Identifier: GPL-2.0-or-later */
/* CHILD side: permission errors inside the rootfs explained (see eacces.h). */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "eacces.h"
#include "safepath.h"
#include "util.h"

/* The host id that inside id maps to, from our /proc/self/{uid,gid}_map; -1: unmapped. */
static long long host_id(const char *file, unsigned int inside)
{
	_cleanup_fclose_ FILE *f = fopen(file, "re");
	unsigned int in, out, n;

	while (f && fscanf(f, "%u %u %u", &in, &out, &n) == 3)
		if (inside >= in && inside - in < n)
			return (long long)out + (inside - in);
	return -1;
}

static uid_t overflow_uid(void)
{
	_cleanup_fclose_ FILE *f = fopen("/proc/sys/kernel/overflowuid", "re");
	unsigned int u = 65534;

	if (f && fscanf(f, "%u", &u) != 1)
		u = 65534;
	return (uid_t)u;
}

int lc_eacces_explain(int root_fd, const char *path, int r, struct lc_err *err)
{
	_cleanup_free_ char *prefix = xstrdup(path);
	long long me = host_id("/proc/self/uid_map", 0), owner;
	char *end = prefix;
	char who[64];

	if (r != -EACCES)
		return r;
	snprintf(who, sizeof(who), me >= 0 ? "host uid %lld" : "an unmapped host uid", me);
	for (;;) {
		_cleanup_close_ int fd = -1;
		char save = *end;
		struct stat st;

		*end = '\0';
		fd = lc_openat2(root_fd, *prefix ? prefix : "/", O_PATH,
				RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS, 0);
		if (fd < 0 || fstat(fd, &st) < 0)
			return r;
		if (S_ISDIR(st.st_mode) &&
		    faccessat(fd, "", X_OK, AT_EMPTY_PATH | AT_EACCESS) < 0 && errno == EACCES) {
			char whose[64] = "outside the container's uid mappings";

			/* Unmapped owners show as the overflow uid. */
			owner = st.st_uid == overflow_uid()
					? -1
					: host_id("/proc/self/uid_map", st.st_uid);
			if (owner >= 0)
				snprintf(whose, sizeof(whose), "host uid %lld", owner);
			return lc_err_setx(err, EACCES,
					   "the container's root (%s) cannot search '%s' (%04o, "
					   "owner %s)",
					   who, *prefix ? prefix : "/", st.st_mode & 07777, whose);
		}
		*end = save;
		if (!save)
			return r;
		end = strchr(end + 1, '/');
		if (!end)
			end = prefix + strlen(prefix);
	}
}
