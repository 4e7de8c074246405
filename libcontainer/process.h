/* SPDX-License-Identifier: GPL-2.0-or-later */
/* CHILD side: the config's `process` applied to the calling process shared by init.c and join.c (see process.c). */
#ifndef RUNH_PROCESS_H
#define RUNH_PROCESS_H

#include <stdbool.h>
#include <sys/types.h>

#include "../spec/spec.h"
#include "caps.h"
#include "error.h"

/* ioPriority and scheduler. */
int lc_process_set_attrs(const struct spec_process *p, struct lc_err *err);
/* Bounding set, keep-caps, groups/gid/uid, then E/P/I and ambient. */
int lc_process_switch_user(const struct spec_process *p, const struct lc_caps *caps,
			   bool setgroups_denied, struct lc_err *err);
/* Before the user switch (as runc: a cwd the user cannot search still works): chdir to
 * process.cwd resolved inside the root (the init made it when missing: rootfs.c). */
int lc_process_enter_cwd(const struct spec_process *p, struct lc_err *err);
/* After the user switch: umask (process.user.umask, else fallback when >= 0),
 * noNewPrivileges, and the program to execute. */
int lc_process_finish(const struct spec_process *p, char *const *env, int fallback_umask,
		      char **ret_prog, struct lc_err *err);
/* args[0] as execvp finds it in the (container's) root, executable by the current user. */
int lc_process_find_program(const struct spec_process *p, char *const *env, char **ret,
			    struct lc_err *err);
/* The plan's environment plus HOME from the container's /etc/passwd (for uid) when unset;
 * the strings are borrowed from env. */
char **lc_process_build_env(char *const *env, uid_t uid);

#endif
