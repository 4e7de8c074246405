/* SPDX-License-Identifier: GPL-2.0-or-later */
/* CHILD side: steps shared by the init and an exec'd process (see child.h). */
#include <errno.h>
#include <sys/prctl.h>

#include "child.h"
#include "cleanup.h"
#include "explain.h"
#include "lsm.h"
#include "terminal.h"

int lc_child_send_console(const struct lc_plan *p, struct lc_sync_child *sync, bool console,
			  struct lc_err *err)
{
	_cleanup_close_ int master = -1;

	if (!lc_sync_child_has(sync, LC_STEP_CONSOLE))
		return 0;
	master = lc_terminal_setup(p->process, console, err);
	if (master < 0)
		return master;
	lc_explain(LC_X_PROC,
		   "a pty for process.terminal: the slave is stdio%s, the master goes "
		   "to runh",
		   console ? " and /dev/console" : "");
	return lc_sync_child_console(sync, master, err);
}

int lc_child_set_exec_labels(const struct lc_plan *p, int proc_fd, struct lc_err *err)
{
	int r = 0;

	if (p->apparmor_profile)
		lc_explain(LC_X_LSM, "AppArmor profile '%s' for the execve (/proc/self/attr/exec)",
			   p->apparmor_profile);
	if (p->selinux_label)
		lc_explain(LC_X_LSM, "SELinux label '%s' for the execve (/proc/self/attr/exec)",
			   p->selinux_label);
	if (p->apparmor_profile)
		r = lc_lsm_set_exec_label(proc_fd, LC_LSM_APPARMOR, p->apparmor_profile, err);
	if (r == 0 && p->selinux_label)
		r = lc_lsm_set_exec_label(proc_fd, LC_LSM_SELINUX, p->selinux_label, err);
	return r;
}

int lc_child_load_seccomp(const struct lc_plan *p, struct lc_sync_child *sync, struct lc_err *err)
{
	_cleanup_close_ int listener = -1;
	int r;

	if (p->process->no_new_privileges && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return lc_err_set(err, errno, "set noNewPrivileges");
	lc_explain_seccomp(p, p->process->no_new_privileges
				      ? "now, after no_new_privs"
				      : "now, while runh's capabilities are there (without "
					"noNewPrivileges loading needs CAP_SYS_ADMIN)");
	r = lc_seccomp_load(&p->seccomp, &listener, err);
	if (r < 0)
		return r;
	if (lc_sync_child_has(sync, LC_STEP_SECCOMP_FD))
		return lc_sync_child_seccomp_fd(sync, listener, err);
	return 0;
}
