/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by container.c, container_stop.c and container_ops.c: a container's state
 * loaded for a command (container_load.c). */
#ifndef RUNH_CONTAINER_INTERNAL_H
#define RUNH_CONTAINER_INTERNAL_H

#include "../spec/state_json.h"
#include "error.h"

struct lc_loaded {
	int root;
	int dfd;
	int proc;
	struct spec_state *st;
	enum spec_status status;
};

/* Open the state root and dir, lock it (lock: 0, LOCK_SH or LOCK_EX; see state.h), read
 * state.json, compute the live status.  On failure l->dfd is still set (and locked) when
 * only state.json failed, with l->st NULL. */
int lc_load(const char *root, const char *id, int lock, struct lc_loaded *l, struct lc_err *err);
void lc_loaded_free(struct lc_loaded *l);
/* The state JSON (with status) in a memfd, as hooks read it on stdin. */
int lc_hook_state_fd(struct spec_state *st, enum spec_status status, struct lc_err *err);
/* poststart / poststop hooks from the stored config.json; failures are warnings; poststop
 * runs at most once (recorded in the state dir). */
void lc_run_post_hooks(int dfd, struct spec_state *st, enum spec_hook_kind kind,
		       enum spec_status status);
/* Start's and kill's answer for a container whose creation is under way or cut short. */
#define LC_CREATING_MSG "container is still being created or its creation failed; delete --force it"
/* A pidfd of the init, only while it is still the process runh started. */
int lc_open_init(const struct lc_loaded *l, struct lc_err *err);

/* How the init ended, in words (death.h), recorded in the state dir for `events`; read
 * before the reap and the cgroup's removal. */
struct lc_death;
struct lc_exit;
void lc_exit_note(const char *root, const char *id, const struct lc_death *d, struct lc_exit *ret);

#endif
