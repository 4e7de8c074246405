/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Terminals: the container's pty is made inside the container (its devpts instance),
 * the slave becomes the process's controlling terminal and /dev/console, the master
 * goes to the parent, which hands it to --console-socket (SCM_RIGHTS, as runc) or, for
 * a foreground `run`, copies it to and from its own terminal.  Both sides.
 */
#ifndef RUNH_TERMINAL_H
#define RUNH_TERMINAL_H

#include <stdbool.h>

#include "../spec/spec.h"
#include "error.h"

/* Child side, after pivot_root (or after joining for exec): open the pty, make it stdio and
 * the controlling terminal (and /dev/console when console); returns the master fd. */
int lc_terminal_setup(const struct spec_process *p, bool console, struct lc_err *err);
/* Parent side: send the master to the unix socket at path. */
int lc_terminal_send(const char *socket_path, int master, struct lc_err *err);
/* Parent side: copy stdin → master and master → stdout until pidfd is readable;
 * SIGWINCH resizes; our own terminal is raw meanwhile.  sfd: a signalfd (or -1). */
void lc_terminal_proxy(int master, int pidfd, int sfd, int (*on_signal)(int sig, void *),
		       void *userdata);

#endif
