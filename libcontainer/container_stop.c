/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Ending a container, in the parent: kill (the init, or every process of its cgroup, also
 * once the init is gone) and delete (thaw, kill and wait, remove the cgroup and the state
 * dir; from the stored config.json when state.json is unreadable).  See container.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup.h"
#include "cleanup.h"
#include "container.h"
#include "container_internal.h"
#include "rootfs_shared.h"
#include "log.h"
#include "state.h"
#include "util.h"

#define DELETE_TIMEOUT_MS 10000

/* Thaw the container's cgroup when it is frozen (or a freeze was cut short): nothing in it
 * dies of SIGKILL while frozen on v1. */
static int thaw(const struct spec_state *st, struct lc_err *err)
{
	struct lc_cgroup_layout layout;
	int r;

	if (!st->cgroup_path)
		return 0;
	r = lc_cgroup_layout_host(&layout, err);
	if (r < 0 || lc_cgroup_frozen(&layout, st->cgroup_path) <= 0)
		return r;
	return lc_cgroup_freeze(&layout, st->cgroup_path, false, err);
}

static int signal_cgroup(const struct spec_state *st, int sig, struct lc_err *err)
{
	struct lc_cgroup_layout layout;
	int r;

	if (!st->cgroup_path)
		return 0;
	r = lc_cgroup_layout_host(&layout, err);
	if (r == 0)
		r = lc_cgroup_signal_all(&layout, st->cgroup_path, sig, err);
	return r;
}

static int kill_live(const struct lc_loaded *l, int sig, bool all, struct lc_err *err)
{
	_cleanup_close_ int pidfd = -1;
	int r = 0;

	pidfd = lc_open_init(l, err);
	if (pidfd < 0)
		return pidfd;
	if (syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0)
		return lc_err_set(err, errno, "send signal %d", sig);
	if (all)
		r = signal_cgroup(l->st, sig, err);
	/* runc: a paused container killed with SIGKILL is thawed so that it dies. */
	if (r == 0 && sig == SIGKILL && l->status == SPEC_STATUS_PAUSED)
		r = thaw(l->st, err);
	return r;
}

int lc_container_kill(const char *root, const char *id, int sig, bool all, struct lc_err *err)
{
	struct lc_loaded l;
	int r;

	r = lc_load(root, id, all ? LOCK_SH : 0, &l, err);
	if (r < 0)
		goto out;
	switch (l.status) {
	case SPEC_STATUS_CREATING:
		r = lc_err_setx(err, EINVAL, "cannot kill: " LC_CREATING_MSG);
		break;
	case SPEC_STATUS_STOPPED:
		/* The init is gone; with --all what is left in its cgroup still gets the signal
		 * (containerd, for containers sharing a pid namespace). */
		r = all ? signal_cgroup(l.st, sig, err)
			: lc_err_setx(err, ESRCH, "container not running");
		break;
	case SPEC_STATUS_CREATED:
	case SPEC_STATUS_RUNNING:
	case SPEC_STATUS_PAUSED:
		r = kill_live(&l, sig, all, err);
		break;
	}
out:
	lc_loaded_free(&l);
	return r;
}

static int kill_and_wait(const struct lc_loaded *l, struct lc_err *err)
{
	_cleanup_close_ int pidfd = -1;
	struct pollfd p;

	pidfd = lc_open_init(l, err);
	if (pidfd < 0)
		return 0; /* already gone */
	if (syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0) < 0 && errno != ESRCH)
		return lc_err_set(err, errno, "kill container init");
	p = (struct pollfd){.fd = pidfd, .events = POLLIN};
	if (poll(&p, 1, DELETE_TIMEOUT_MS) == 0)
		return lc_err_setx(err, ETIMEDOUT, "container init did not exit after SIGKILL");
	return 0;
}

/* delete --force with no readable state.json: the state dir is the last handle on what may
 * still live.  The cgroup is found from the stored config (or the default path) and
 * destroyed, which kills every process in it; the dir goes only once that worked. */
static int delete_without_state(struct lc_loaded *l, const char *id, struct lc_err *err)
{
	_cleanup_(spec_config_freep) struct spec_config *cfg = NULL;
	_cleanup_free_ char *path = NULL;
	struct spec_state st = {0};
	struct lc_cgroup_layout layout;
	struct lc_err e = {0};
	int r;

	lc_warn("%s; deleting it from its stored config.json", err->msg);
	/* The copy is written before anything else: without it nothing else exists. */
	if (faccessat(l->dfd, "config.json", F_OK, AT_SYMLINK_NOFOLLOW) < 0 && errno == ENOENT)
		return lc_state_remove_dir(l->root, id, err);
	if (spec_parse_config_file(l->dfd, "config.json", &cfg, &e) < 0)
		lc_warn("stored config: %s; trying the default cgroup path", e.msg);
	r = lc_cgroup_path(cfg && cfg->linux_ ? cfg->linux_->cgroups_path : NULL, id, &path, err);
	if (r < 0)
		return r;
	st.cgroup_path = path;
	(void)thaw(&st, &e);
	r = lc_cgroup_layout_host(&layout, err);
	if (r == 0)
		r = lc_cgroup_destroy(&layout, path, NULL, err);
	if (r < 0)
		return lc_err_wrap(err, "container '%s': its state dir is kept", id);
	return lc_state_remove_dir(l->root, id, err);
}

static int check_deletable(const char *id, enum spec_status status, bool force, struct lc_err *err)
{
	switch (status) {
	case SPEC_STATUS_CREATING: /* holding the lock: a create that crashed */
	case SPEC_STATUS_CREATED:
	case SPEC_STATUS_STOPPED:
		return 0;
	case SPEC_STATUS_RUNNING:
	case SPEC_STATUS_PAUSED:
		if (force)
			return 0;
		break;
	}
	return lc_err_setx(err, EBUSY, "cannot delete container %s that is not stopped: %s", id,
			   spec_status_name(status));
}

int lc_container_delete(const char *root, const char *id, bool force, struct lc_err *err)
{
	struct lc_loaded l;
	int r;

	r = lc_load(root, id, LOCK_EX, &l, err);
	if (r < 0 && !l.st && l.dfd >= 0 && force) {
		r = delete_without_state(&l, id, err);
		goto out;
	}
	if (r == 0)
		r = check_deletable(id, l.status, force, err);
	if (r == 0)
		r = thaw(l.st, err);
	if (r == 0 && l.status != SPEC_STATUS_STOPPED && l.st->pid > 0)
		r = kill_and_wait(&l, err);
	if (r == 0 && l.st->cgroup_path) {
		struct lc_cgroup_layout layout;

		r = lc_cgroup_layout_host(&layout, err);
		if (r == 0)
			r = lc_cgroup_destroy(&layout, l.st->cgroup_path, l.st->cgroup_top, err);
	}
	if (r == 0)
		r = lc_shared_root_release(l.st, err);
	if (r < 0)
		goto out;
	if (l.status != SPEC_STATUS_CREATING)
		lc_run_post_hooks(l.dfd, l.st, SPEC_HOOK_POSTSTOP, SPEC_STATUS_STOPPED);
	r = lc_state_remove_dir(l.root, id, err);
out:
	lc_loaded_free(&l);
	return r;
}
