/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * OCI hooks: each one forked and executed with the state JSON on its stdin, its own args
 * and env, and a timeout (pidfd + poll).  prestart/createRuntime run in the runtime's
 * namespaces when the container's are ready, createContainer in the container's before
 * pivot_root, startContainer in the container right before the program, poststart after
 * start, poststop after delete.  Both sides.
 *
 * How one hook runs (runtime-spec config.md "POSIX-platform Hooks", runc and crun):
 * - env: the hook's `env`, or else the runtime's own environment (runc and crun do the
 *   same); startContainer runs in the container and gets the default_env its caller
 *   passes (the process's environment, as runc and crun), never runh's.
 * - cwd: the bundle directory (the `bundle` of the state JSON on its stdin), as runc's
 *   create and crun's start/delete do, for every kind but startContainer, which stays
 *   where the container's init is; "/" when the bundle cannot be entered.
 * - bounded: `timeout`, or LC_HOOK_DEFAULT_TIMEOUT_S (RUNH_HOOK_TIMEOUT=seconds in the
 *   environment overrides it); at the deadline the hook's whole process group gets
 *   SIGKILL (so a hook that ignores SIGTERM, and what it forked, end too).
 * - it dies with its parent: PR_SET_PDEATHSIG(SIGKILL), so a killed runh leaves no hook
 *   running (a process the hook forked and left behind is not covered).
 * - status on stdin (the caller's state JSON): prestart, createRuntime and createContainer
 *   read "creating", startContainer "created".  runtime.md defines created as "the runtime
 *   has finished the create operation", and config.md runs these three hooks "as part of
 *   the create operation", which a failing one still fails (lifecycle steps 3-5); `runh
 *   state` says creating meanwhile, and runc passes creating (crun passes created, and so
 *   does runtime-tools' hooks_stdin expect).
 * - failures: the first failing prestart/createRuntime/createContainer/startContainer
 *   hook stops the rest and fails; a failing poststart/poststop hook is a warning and the
 *   next one runs (runtime-spec 1.0.2-1.2; 1.3.0 asks to fail on poststart, see
 *   lc_hooks_run).
 */
#ifndef RUNH_HOOKS_H
#define RUNH_HOOKS_H

#include "../spec/spec.h"
#include "error.h"

/* Bound of a hook without `timeout` (runc and crun wait forever). */
#define LC_HOOK_DEFAULT_TIMEOUT_S 120

/* Run the hooks of one kind in order (see above for failures).  state_fd is read from the
 * start for each hook (a memfd holding the state JSON). */
int lc_hooks_run(const struct spec_hooks *hooks, enum spec_hook_kind kind, int state_fd,
		 struct lc_err *err);
/* The same, with default_env for hooks without `env` (NULL: the runtime's environment;
 * for startContainer NULL means an empty one). */
int lc_hooks_run_env(const struct spec_hooks *hooks, enum spec_hook_kind kind, int state_fd,
		     char *const *default_env, struct lc_err *err);
/* A memfd with text, for state_fd. */
int lc_hooks_state_fd(const char *text, struct lc_err *err);

#endif
