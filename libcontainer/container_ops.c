/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A running container's cgroup at work: pause/resume, update, stats, pids, and list. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "cgroup.h"
#include "cleanup.h"
#include "container.h"
#include "container_internal.h"
#include "log.h"
#include "lsm.h"
#include "seccomp.h"
#include "rootless.h"
#include "state.h"
#include "util.h"

/* Only a rootless create leaves a container without a cgroup (cgroup.h). */
#define LC_NO_CGROUP_MSG                                                                      \
	"container has no cgroup: it was created without root and no cgroup was writable by " \
	"its user (delegate one: see ROOTLESS in runh(8))"

int lc_container_pause(const char *root, const char *id, bool pause, struct lc_err *err)
{
	struct lc_cgroup_layout layout;
	struct lc_loaded l;
	int r;

	r = lc_load(root, id, LOCK_SH, &l, err);
	if (r < 0)
		goto out;
	if (l.status != (pause ? SPEC_STATUS_RUNNING : SPEC_STATUS_PAUSED)) {
		r = lc_err_setx(err, EINVAL,
				pause ? "container not running" : "container not paused");
		goto out;
	}
	if (!l.st->cgroup_path) {
		r = lc_err_setx(err, EOPNOTSUPP, LC_NO_CGROUP_MSG);
		goto out;
	}
	r = lc_cgroup_layout_host(&layout, err);
	/* Not recorded: the freezer itself says whether the container is paused. */
	if (r == 0)
		r = lc_cgroup_freeze(&layout, l.st->cgroup_path, pause, err);
out:
	lc_loaded_free(&l);
	return r;
}

/* checkBeforeUpdate: refuse a memory limit below what the cgroup uses now. */
static int check_memory_usage(const struct lc_cgroup_layout *layout, const char *path,
			      const struct spec_resources *res, struct lc_err *err)
{
	for (size_t i = 0; i < layout->n_hier; i++) {
		const struct lc_cgroup_hier *h = &layout->hier[i];
		_cleanup_free_ char *dir = xasprintf("%s%s", h->mountpoint, path), *text = NULL;
		_cleanup_close_ int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		uint64_t usage;

		if (dfd < 0 || (!strstr(h->controllers, "memory") && !h->is_v2))
			continue;
		if (lc_read_file_at(dfd, h->is_v2 ? "memory.current" : "memory.usage_in_bytes", 64,
				    &text, NULL, err) < 0)
			continue;
		text[strcspn(text, "\n")] = '\0';
		if (lc_parse_u64(text, &usage) == 0 && res->memory->limit.v > 0 &&
		    (uint64_t)res->memory->limit.v < usage)
			return lc_err_setx(err, EBUSY,
					   "linux.resources.memory.limit: %lld is below the "
					   "current usage %llu (checkBeforeUpdate)",
					   (long long)res->memory->limit.v,
					   (unsigned long long)usage);
		return 0;
	}
	return 0;
}

int lc_container_update(const char *root, const char *id, const struct spec_resources *res,
			struct lc_err *err)
{
	struct lc_cgroup_layout layout;
	struct lc_loaded l;
	int r;

	r = lc_load(root, id, 0, &l, err);
	if (r == 0 && l.status == SPEC_STATUS_STOPPED)
		r = lc_err_setx(err, EINVAL, "container not running");
	if (r == 0 && !l.st->cgroup_path)
		r = lc_err_setx(err, EOPNOTSUPP, LC_NO_CGROUP_MSG);
	if (r == 0)
		r = lc_cgroup_layout_host(&layout, err);
	if (r == 0 && res->memory && res->memory->has_check_before_update &&
	    res->memory->check_before_update && res->memory->limit.set)
		r = check_memory_usage(&layout, l.st->cgroup_path, res, err);
	if (r == 0)
		r = lc_cgroup_update(&layout, l.st->cgroup_path, res, err);
	lc_loaded_free(&l);
	return r;
}

int lc_container_stats(const char *root, const char *id, struct spec_stats *ret, int *ret_pidfd,
		       struct lc_err *err)
{
	struct lc_cgroup_layout layout;
	struct lc_loaded l;
	int r;

	memset(ret, 0, sizeof(*ret));
	r = lc_load(root, id, 0, &l, err);
	if (r == 0 && ret_pidfd && l.status == SPEC_STATUS_STOPPED)
		r = lc_err_setx(err, ESRCH, "container not running");
	if (r == 0 && ret_pidfd) {
		*ret_pidfd = lc_open_init(&l, err);
		if (*ret_pidfd < 0)
			r = *ret_pidfd;
	}
	if (r == 0 && l.st->cgroup_path && lc_cgroup_layout_host(&layout, err) == 0)
		lc_cgroup_stats(&layout, l.st->cgroup_path, ret);
	lc_loaded_free(&l);
	return r;
}

int lc_container_pids(const char *root, const char *id, pid_t **ret, struct lc_err *err)
{
	struct lc_cgroup_layout layout;
	struct lc_loaded l;
	int r;

	*ret = NULL;
	r = lc_load(root, id, 0, &l, err);
	if (r == 0 && l.st->cgroup_path && l.status != SPEC_STATUS_STOPPED) {
		r = lc_cgroup_layout_host(&layout, err);
		if (r == 0)
			*ret = lc_cgroup_pids(&layout, l.st->cgroup_path);
	} else if (r == 0 && l.status != SPEC_STATUS_STOPPED && l.st->use_pid_ns) {
		*ret = lc_rootless_pidns_pids(l.st->pid); /* rootless: no cgroup */
	}
	lc_loaded_free(&l);
	return r;
}

static int cmp_state(const void *a, const void *b)
{
	return strcmp((*(struct spec_state *const *)a)->id, (*(struct spec_state *const *)b)->id);
}

int lc_container_list(const char *root, struct spec_state ***ret, size_t *ret_n, struct lc_err *err)
{
	struct spec_state **list = NULL;
	size_t n = 0;
	struct dirent *de;
	DIR *d;

	{
		/* The same rule as every other command (state.h). */
		int fd = lc_state_open_root(root, false, err);

		if (fd < 0 && err->code == ENOENT) {
			*ret = NULL;
			*ret_n = 0;
			return 0;
		}
		if (fd < 0)
			return fd;
		d = fdopendir(fd);
		if (!d) {
			close(fd);
			return lc_err_set(err, errno, "open state root '%s'", root);
		}
	}
	while ((de = readdir(d))) {
		struct spec_state *st = NULL;
		struct lc_err e2 = {0};

		if (de->d_name[0] == '.' || de->d_type != DT_DIR)
			continue;
		if (lc_container_state(root, de->d_name, &st, &e2) < 0) {
			lc_warn("%s", e2.msg);
			continue;
		}
		list = xrealloc(list, (n + 1) * sizeof(*list));
		list[n++] = st;
	}
	closedir(d);
	if (n)
		qsort(list, n, sizeof(*list), cmp_state);
	*ret = list;
	*ret_n = n;
	return 0;
}

void lc_audit_host(const struct spec_config *cfg, struct spec_audit_host *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->no_apparmor = !lc_lsm_enabled(LC_LSM_APPARMOR);
	ret->no_selinux = !lc_lsm_enabled(LC_LSM_SELINUX);
	if (cfg->linux_ && cfg->linux_->seccomp)
		ret->n_unknown_syscalls =
			lc_seccomp_unknown_names(cfg->linux_->seccomp, &ret->unknown_syscalls);
}

void lc_audit_host_free(struct spec_audit_host *h)
{
	for (size_t i = 0; i < h->n_unknown_syscalls; i++)
		free(h->unknown_syscalls[i]);
	free(h->unknown_syscalls);
	memset(h, 0, sizeof(*h));
}
