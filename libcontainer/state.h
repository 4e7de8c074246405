/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PARENT side: the state directory <root>/<id>/ (0700): state.json (0600, written
 * atomically), exec.fifo.  Created before the clone so that a crash at any later step
 * leaves something `delete --force` can find.  Ids and the root are never followed
 * through symlinks.
 */
#ifndef RUNH_STATE_H
#define RUNH_STATE_H

#include <stdbool.h>
#include <sys/types.h>

#include "../spec/state_json.h"
#include "error.h"

#define LC_ID_MAX 1024

/* Ids as runc accepts them: [A-Za-z0-9_+.-], not "." or "..", at most LC_ID_MAX bytes. */
int lc_state_validate_id(const char *id, struct lc_err *err);
/* Open (creating with mode 0700 when asked) the state root. */
int lc_state_open_root(const char *root, bool create, struct lc_err *err);
/* mkdir <root>/<id> exclusively; EEXIST → "container with id exists". */
int lc_state_create_dir(int root_dfd, const char *id, struct lc_err *err);
int lc_state_open_dir(int root_dfd, const char *id, struct lc_err *err);
/* Remove <root>/<id> and what runh put in it. */
int lc_state_remove_dir(int root_dfd, const char *id, struct lc_err *err);
int lc_state_write(int dfd, const struct spec_state *st, struct lc_err *err);
int lc_state_read(int dfd, const char *id, struct spec_state **ret, struct lc_err *err);
/* Field 22 of /proc/<pid>/stat (0 when the process is gone or a zombie). */
uint64_t lc_proc_start_time(int proc_fd, pid_t pid);
/* "created", "running" or "stopped" from the live process and the fifo. */
const char *lc_state_live_status(int proc_fd, int dfd, const struct spec_state *st);

#endif
