/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PARENT side: the state directory <root>/<id>/ (0700): state.json (0600, written
 * atomically), exec.fifo.  Created before the clone so that a crash at any later step
 * leaves something `delete --force` can find.  Ids are never followed through symlinks;
 * the root is resolved once (a symlinked --root works, as in runc) and refused when someone
 * other than root or the caller could plant entries in it.
 *
 * Locking: flock(2) on the state dir.  create holds it exclusively from the mkdir until
 * the init waits on exec.fifo (or the rollback is done), delete holds it exclusively, and
 * kill/pause/resume share it: a create and a delete of one id never interleave.
 */
#ifndef RUNH_STATE_H
#define RUNH_STATE_H

#include <stdbool.h>
#include <sys/types.h>

#include "../spec/state_json.h"
#include "cleanup.h"
#include "error.h"

#define LC_ID_MAX 1024

/* Ids as runc accepts them: [A-Za-z0-9_+.-], not "." or "..", at most LC_ID_MAX bytes. */
int lc_state_validate_id(const char *id, struct lc_err *err);
#define LC_STATE_ROOT_DEFAULT "/run/runh"
/* The default --root: /run/runh for root; without root $XDG_RUNTIME_DIR/runh (runc's
 * rule, with runc's exception for root in a user namespace), else /run/user/<uid>/runh
 * when that directory is the caller's; an error that says what to set otherwise. */
int lc_state_default_root(char **ret, struct lc_err *err);
/* Open (creating with mode 0700 when asked) the state root, symlinks resolved; refused
 * when not owned by root or the caller, or writable by group or others. */
int lc_state_open_root(const char *root, bool create, struct lc_err *err);
int lc_state_open_dir(int root_dfd, const char *id, struct lc_err *err);
/* flock the state dir (LOCK_SH or LOCK_EX), waiting at most LC_STATE_LOCK_TIMEOUT_MS;
 * fails with ENOENT once the dir was removed while waiting. */
#define LC_STATE_LOCK_TIMEOUT_MS 30000
int lc_state_lock(int root_dfd, int dfd, const char *id, int how, struct lc_err *err);

/* A state dir being created: mkdir'ed exclusively ("container with id exists") and locked;
 * its cleanup removes it and what is in it unless lc_state_guard_keep() was called. */
struct lc_state_guard {
	int root;
	int dfd;
	const char *id;
};
int lc_state_guard_create(int root_dfd, const char *id, struct lc_state_guard *g,
			  struct lc_err *err);
void lc_state_guard_keep(struct lc_state_guard *g);
void lc_state_guard_cleanup(struct lc_state_guard *g);
#define _cleanup_state_guard_ _cleanup_(lc_state_guard_cleanup)

/* Remove <root>/<id> and what runh put in it. */
int lc_state_remove_dir(int root_dfd, const char *id, struct lc_err *err);
int lc_state_write(int dfd, const struct spec_state *st, struct lc_err *err);
int lc_state_read(int dfd, const char *id, struct spec_state **ret, struct lc_err *err);
/* Field 22 of /proc/<pid>/stat (0 when the process is gone or a zombie). */
uint64_t lc_proc_start_time(int proc_fd, pid_t pid);
/* The status now: creating until create finished (also after a crash), then created /
 * running / stopped from the live init and the fifo, paused when the freezer says so. */
enum spec_status lc_state_live_status(int proc_fd, int dfd, const struct spec_state *st);

#endif
