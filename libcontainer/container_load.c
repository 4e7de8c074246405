/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A container's state loaded for a command (container_internal.h), shared by create/start
 * (container.c), kill/delete (container_stop.c) and the rest (container_ops.c): the state
 * dir opened and locked, state.json read, the live status; the init's pidfd; the state as
 * hooks read it, and the poststart/poststop hooks from the stored config.  Parent side.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"
#include "container_internal.h"
#include "hooks.h"
#include "log.h"
#include "procfs.h"
#include "state.h"
#include "util.h"

/* The state as hooks see it, in a memfd. */
int lc_hook_state_fd(struct spec_state *st, enum spec_status status, struct lc_err *err)
{
	_cleanup_free_ char *json = NULL;
	enum spec_status saved = st->status;

	st->status = status;
	spec_state_to_json(st, SPEC_STATE_PUBLIC_COMPACT, &json, NULL);
	st->status = saved;
	return lc_hooks_state_fd(json, err);
}

/* poststop runs at most once: recorded in the state dir before the first hook starts, so
 * a delete killed while they run does not run them again.  false: do not run them. */
static bool claim_poststop(int dfd)
{
	int fd = openat(dfd, "poststop.started",
			O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd >= 0) {
		close(fd);
		return true;
	}
	if (errno == EEXIST)
		lc_warn("poststop hooks: already started by an earlier delete; not run again");
	else
		lc_warn("poststop hooks: cannot record them in the state dir (%s); not run",
			strerror(errno));
	return false;
}

/* poststart / poststop: failures are warnings and the next hook runs (see hooks.c). */
void lc_run_post_hooks(int dfd, struct spec_state *st, enum spec_hook_kind kind,
		       enum spec_status status)
{
	_cleanup_(spec_config_freep) struct spec_config *cfg = NULL;
	_cleanup_close_ int fd = -1;
	struct lc_err e = {0};

	if (!st->has_post_hooks)
		return;
	if (spec_parse_config_file(dfd, "config.json", &cfg, &e) < 0 || !cfg->hooks.n[kind]) {
		if (e.code)
			lc_warn("%s hooks: %s", spec_hook_names[kind], e.msg);
		return;
	}
	fd = lc_hook_state_fd(st, status, &e);
	if (fd >= 0 && kind == SPEC_HOOK_POSTSTOP && !claim_poststop(dfd))
		return;
	if (fd < 0 || lc_hooks_run(&cfg->hooks, kind, fd, &e) < 0)
		lc_warn("%s", e.msg);
}

void lc_loaded_free(struct lc_loaded *l)
{
	if (l->root >= 0)
		close(l->root);
	if (l->dfd >= 0)
		close(l->dfd);
	if (l->proc >= 0)
		close(l->proc);
	spec_state_free(l->st);
}

int lc_load(const char *root, const char *id, int lock, struct lc_loaded *l, struct lc_err *err)
{
	int r;

	*l = (struct lc_loaded){.root = -1, .dfd = -1, .proc = -1};
	r = lc_state_validate_id(id, err);
	if (r < 0)
		return r;
	l->root = lc_state_open_root(root, false, err);
	if (l->root < 0 && err->code == ENOENT)
		return lc_err_setx(err, ENOENT, "container does not exist: %s", id);
	if (l->root < 0)
		return l->root;
	l->dfd = lc_state_open_dir(l->root, id, err);
	if (l->dfd < 0)
		return l->dfd;
	if (lock && (r = lc_state_lock(l->root, l->dfd, id, lock, err)) < 0) {
		close(l->dfd);
		l->dfd = -1;
		return r;
	}
	r = lc_state_read(l->dfd, id, &l->st, err);
	if (r < 0)
		return r;
	l->proc = lc_procfs_open(AT_FDCWD, "/proc", 0, err);
	if (l->proc < 0)
		return l->proc;
	l->status = lc_state_live_status(l->proc, l->dfd, l->st);
	return 0;
}

/* A pidfd for the init, only if it is still the process we started. */
int lc_open_init(const struct lc_loaded *l, struct lc_err *err)
{
	int fd = (int)syscall(SYS_pidfd_open, l->st->pid, 0);

	if (fd < 0 && errno == ESRCH)
		return lc_err_setx(err, ESRCH, "container not running");
	if (fd < 0)
		return lc_err_set(err, errno, "pidfd_open %d", l->st->pid);
	if (lc_proc_start_time(l->proc, l->st->pid) != l->st->init_start_time) {
		close(fd);
		return lc_err_setx(err, ESRCH, "container not running");
	}
	return fd;
}
