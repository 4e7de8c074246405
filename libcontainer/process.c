/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CHILD side, shared by the container's init (init.c) and `exec` (exec.c): the process
 * object of the config applied to the calling process: scheduler and I/O priority, the
 * user switch with capabilities, the program looked up in the container's PATH, env.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "process.h"
#include "safepath.h"
#include "util.h"

static const char default_path[] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

static const char *env_get(char *const *env, const char *key)
{
	size_t n = strlen(key);

	for (char *const *e = env; e && *e; e++)
		if (strncmp(*e, key, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

/* args[0] as execvp would find it, in the container's root, executable by the final user. */
int lc_process_find_program(const struct spec_process *p, char *const *env, char **ret,
			    struct lc_err *err)
{
	const char *arg0 = p->args[0];
	_cleanup_free_ char *path = NULL;
	char *dir, *it;

	if (strchr(arg0, '/')) {
		if (access(arg0, X_OK) < 0)
			return lc_err_set(err, errno, "exec '%s'", arg0);
		*ret = xstrdup(arg0);
		return 0;
	}
	path = xstrdup(env_get(env, "PATH") ? env_get(env, "PATH") : default_path);
	it = path;
	while ((dir = strsep(&it, ":"))) {
		_cleanup_free_ char *cand = xasprintf("%s/%s", dir[0] ? dir : ".", arg0);
		struct stat st;

		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0) {
			*ret = TAKE_PTR(cand);
			return 0;
		}
	}
	return lc_err_setx(err, ENOENT, "exec: '%s': executable file not found in $PATH", arg0);
}

/* HOME from the container's /etc/passwd when the config does not set it (as runc does). */
char **lc_process_build_env(char *const *plan_env, uid_t uid)
{
	size_t n = 0;
	char **env;
	char line[1024];
	FILE *f;

	while (plan_env[n])
		n++;
	env = xcalloc(n + 2, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		env[i] = plan_env[i];
	if (env_get(plan_env, "HOME"))
		return env;
	env[n] = "HOME=/";
	f = fopen("/etc/passwd", "re");
	while (f && fgets(line, sizeof(line), f)) {
		char *fields[7] = {0}, *s = line;
		int k = 0;

		while (k < 7 && (fields[k] = strsep(&s, ":")))
			k++;
		if (k >= 6 && fields[2] && strtoul(fields[2], NULL, 10) == uid) {
			env[n] = xasprintf("HOME=%s", fields[5]);
			break;
		}
	}
	if (f)
		fclose(f);
	return env;
}

int lc_process_set_attrs(const struct spec_process *p, struct lc_err *err)
{
	if (p->has_io_priority)
		lc_explain(LC_X_PROC, "ioprio_set(class %d, priority %d)",
			   (int)p->io_priority_class, (int)p->io_priority);
	if (p->scheduler)
		lc_explain(LC_X_PROC, "sched_setattr(policy %d, nice %d, priority %d)",
			   (int)p->scheduler->policy, (int)p->scheduler->nice,
			   (int)p->scheduler->priority);
	if (p->has_io_priority && syscall(SYS_ioprio_set, 1 /* IOPRIO_WHO_PROCESS */, 0,
					  (p->io_priority_class << 13) | p->io_priority) < 0)
		return lc_err_set(err, errno, "set process.ioPriority");
	if (p->scheduler) {
		struct {
			uint32_t size, policy;
			uint64_t flags;
			int32_t nice;
			uint32_t priority;
			uint64_t runtime, deadline, period;
		} a = {sizeof(a),
		       (uint32_t)p->scheduler->policy,
		       p->scheduler->flags,
		       p->scheduler->nice,
		       (uint32_t)p->scheduler->priority,
		       p->scheduler->runtime,
		       p->scheduler->deadline,
		       p->scheduler->period};

		if (syscall(SYS_sched_setattr, 0, &a, 0) < 0)
			return lc_err_set(err, errno, "set process.scheduler");
	}
	return 0;
}

int lc_process_switch_user(const struct spec_process *p, const struct lc_caps *caps,
			   bool setgroups_denied, struct lc_err *err)
{
	const struct spec_user *u = &p->user;
	int r;

	lc_caps_explain(caps);
	r = lc_caps_drop_bounding(caps, err);
	if (r < 0)
		return r;
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return lc_err_set(err, errno, "keep capabilities");
	/* None to set where setgroups is "deny" (rootless with its own gid alone): fine. */
	if (setgroups(u->n_additional_gids, (const gid_t *)u->additional_gids) < 0 &&
	    (errno != EPERM || !setgroups_denied || u->n_additional_gids))
		return lc_err_set(err, errno, "setgroups (process.user.additionalGids)");
	if (setresgid(u->gid, u->gid, u->gid) < 0)
		return lc_err_set(err, errno, "setresgid %u (process.user.gid)", u->gid);
	if (setresuid(u->uid, u->uid, u->uid) < 0)
		return lc_err_set(err, errno, "setresuid %u (process.user.uid)", u->uid);
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
		return lc_err_set(err, errno, "reset keep capabilities");
	lc_explain(LC_X_USER,
		   "setgroups(%zu additional gids), setresgid(%u), setresuid(%u), "
		   "capabilities kept across with PR_SET_KEEPCAPS",
		   u->n_additional_gids, u->gid, u->uid);
	return lc_caps_apply(caps, err);
}

int lc_process_enter_cwd(const struct spec_process *p, struct lc_err *err)
{
	_cleanup_close_ int fd = -1;

	/* Inside the root, no magic links: never a host fd's directory (CVE-2024-21626). */
	fd = lc_openat2(AT_FDCWD, p->cwd, O_PATH | O_DIRECTORY | O_CLOEXEC,
			RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS, 0);
	if (fd < 0)
		return lc_err_set(err, errno, "process.cwd '%s'", p->cwd);
	if (fchdir(fd) < 0)
		return lc_err_set(err, errno, "chdir to process.cwd '%s'", p->cwd);
	return 0;
}

int lc_process_finish(const struct spec_process *p, char *const *env, int fallback_umask,
		      char **ret_prog, struct lc_err *err)
{
	if (p->user.has_umask)
		umask(p->user.umask);
	else if (fallback_umask >= 0)
		umask((mode_t)fallback_umask);
	if (p->no_new_privileges && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return lc_err_set(err, errno, "set noNewPrivileges");
	return lc_process_find_program(p, env, ret_prog, err);
}
