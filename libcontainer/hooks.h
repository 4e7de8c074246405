/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * OCI hooks: each one forked and executed with the state JSON on its stdin, its own args
 * and env, and a timeout (pidfd + poll).  prestart/createRuntime run in the runtime's
 * namespaces when the container's are ready, createContainer in the container's before
 * pivot_root, startContainer in the container right before the program, poststart after
 * start, poststop after delete.  Both sides.
 */
#ifndef RUNH_HOOKS_H
#define RUNH_HOOKS_H

#include "../spec/spec.h"
#include "error.h"

/* Run the hooks of one kind in order; the first failure stops and fills err, but a failing
 * poststart/poststop hook is a warning and the next one runs.  state_fd is read from the
 * start for each hook (a memfd holding the state JSON). */
int lc_hooks_run(const struct spec_hooks *hooks, enum spec_hook_kind kind, int state_fd,
		 struct lc_err *err);
/* A memfd with text, for state_fd. */
int lc_hooks_state_fd(const char *text, struct lc_err *err);

#endif
