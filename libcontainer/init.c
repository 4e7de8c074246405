/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CHILD side: the container's init, from clone to execve.  lc_init_run() reads as the
 * list of steps in sync.h; any failure is sent to the parent as ERROR and the child exits.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/openat2.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cleanup.h"
#include "hooks.h"
#include "process.h"
#include "terminal.h"
#include "init.h"
#include "log.h"
#include "safepath.h"
#include "sync.h"
#include "util.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif


static int join_namespaces(struct lc_init_ctx *ctx, struct lc_err *err)
{
	for (int t = 0; t < SPEC_NS__MAX; t++) {
		const struct spec_namespace *ns;

		if (ctx->ns_fds[t] < 0)
			continue;
		ns = spec_find_namespace(ctx->cfg, (enum spec_ns_type)t);
		if (setns(ctx->ns_fds[t], ns->clone_flag) < 0)
			return lc_err_set(err, errno, "join %s namespace '%s'", spec_ns_type_names[t],
					  ns->path);
		close(ctx->ns_fds[t]);
		ctx->ns_fds[t] = -1;
	}
	return 0;
}

static int become_userns_root(struct lc_err *err)
{
	if (setgroups(0, NULL) < 0)
		return lc_err_set(err, errno, "setgroups in the user namespace");
	if (setresgid(0, 0, 0) < 0)
		return lc_err_set(err, errno, "setresgid 0 in the user namespace");
	if (setresuid(0, 0, 0) < 0)
		return lc_err_set(err, errno, "setresuid 0 in the user namespace");
	return 0;
}

static int set_names(const struct spec_config *cfg, struct lc_err *err)
{
	if (cfg->hostname && sethostname(cfg->hostname, strlen(cfg->hostname)) < 0)
		return lc_err_set(err, errno, "sethostname '%s'", cfg->hostname);
	if (cfg->domainname && setdomainname(cfg->domainname, strlen(cfg->domainname)) < 0)
		return lc_err_set(err, errno, "setdomainname '%s'", cfg->domainname);
	return 0;
}

/* /dev/null as the host has it, checked to be the real device: the mask for maskedPaths. */
static int open_null(struct lc_init_ctx *ctx, struct lc_err *err)
{
	struct stat st;

	ctx->null_fd = open("/dev/null", O_PATH | O_CLOEXEC);
	if (ctx->null_fd < 0)
		return lc_err_set(err, errno, "open /dev/null");
	if (fstat(ctx->null_fd, &st) < 0)
		return lc_err_set(err, errno, "stat /dev/null");
	if (!S_ISCHR(st.st_mode) || st.st_rdev != makedev(1, 3))
		return lc_err_setx(err, EPERM, "/dev/null is not the null device");
	return 0;
}






static int wait_for_start(struct lc_init_ctx *ctx, struct lc_err *err)
{
	_cleanup_free_ char *rel = xasprintf("self/fd/%d", ctx->fifo_fd);
	_cleanup_close_ int fd = -1;

	/* Blocks until `runh start` opens the other end. */
	fd = openat(ctx->host_proc_fd, rel, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return lc_err_set(err, errno, "open exec.fifo");
	if (write(fd, "0", 1) != 1)
		return lc_err_set(err, errno, "write exec.fifo");
	return 0;
}

static int load_seccomp_early(struct lc_init_ctx *ctx, struct lc_err *err)
{
	int fd;

	if (ctx->cfg->process->no_new_privileges && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return lc_err_set(err, errno, "set noNewPrivileges");
	fd = lc_seccomp_load(&ctx->seccomp, err);
	if (fd < 0)
		return fd;
	if (fd > 0) {
		int r = lc_sync_send_fd(ctx->sync_fd, LC_SYNC_SECCOMP_FD, fd);

		close(fd);
		if (r < 0)
			return lc_err_set(err, -r, "send the seccomp listener");
	}
	ctx->has_seccomp = false; /* loaded */
	return 0;
}

static bool has_hooks(const struct spec_config *cfg, enum spec_hook_kind k)
{
	return cfg->hooks.n[k] > 0;
}

int lc_init_before_pivot(struct lc_init_ctx *ctx, struct lc_err *err)
{
	const struct spec_config *cfg = ctx->cfg;
	int r;

	if (has_hooks(cfg, SPEC_HOOK_PRESTART) || has_hooks(cfg, SPEC_HOOK_CREATE_RUNTIME)) {
		if (lc_sync_send(ctx->sync_fd, LC_SYNC_HOOKS, 0, NULL) < 0)
			return lc_err_set(err, EPIPE, "sync: send HOOKS");
		r = lc_sync_expect(ctx->sync_fd, LC_SYNC_HOOKS_DONE, err);
		if (r < 0)
			return r;
	}
	/* createContainer: in the container's namespaces, before pivot_root. */
	if (has_hooks(cfg, SPEC_HOOK_CREATE_CONTAINER))
		return lc_hooks_run(&cfg->hooks, SPEC_HOOK_CREATE_CONTAINER, ctx->hook_state_fd[0],
				    err);
	return 0;
}

static int receive_hook_states(struct lc_init_ctx *ctx, struct lc_err *err)
{
	const struct spec_config *cfg = ctx->cfg;
	int r;

	ctx->hook_state_fd[0] = ctx->hook_state_fd[1] = -1;
	if (!has_hooks(cfg, SPEC_HOOK_CREATE_CONTAINER) && !has_hooks(cfg, SPEC_HOOK_START_CONTAINER))
		return 0;
	for (int i = 0; i < 2; i++) {
		r = lc_sync_expect_fd(ctx->sync_fd, LC_SYNC_HOOK_STATE, &ctx->hook_state_fd[i], err);
		if (r < 0)
			return r;
	}
	return 0;
}

static int prepare(struct lc_init_ctx *ctx, int *ret_cwd_fd, char **ret_prog, struct lc_err *err)
{
	const struct spec_config *cfg = ctx->cfg;
	const struct spec_process *p = cfg->process;
	_cleanup_close_ int cwd_fd = -1;
	int r;

	r = join_namespaces(ctx, err);
	if (r < 0)
		return r;
	r = lc_sync_expect(ctx->sync_fd, LC_SYNC_GO, err);
	if (r == 0)
		r = receive_hook_states(ctx, err);
	if (r < 0)
		return r;
	/* Not earlier: the parent had to open our /proc/<pid>/uid_map. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return lc_err_set(err, errno, "set non-dumpable");
	if (ctx->new_userns && (r = become_userns_root(err)) < 0)
		return r;
	if (ctx->unshare_flags && unshare(ctx->unshare_flags) < 0)
		return lc_err_set(err, errno, "unshare cgroup namespace");
	ctx->saved_umask = umask(0);
	r = set_names(cfg, err);
	if (r == 0 && ctx->new_netns)
		r = lc_net_lo_up(err);
	if (r == 0)
		r = open_null(ctx, err);
	if (r == 0)
		r = lc_rootfs_setup(ctx, err);
	if (ctx->null_fd >= 0)
		close(ctx->null_fd); /* only the masks needed it */
	ctx->null_fd = -1;
	if (r < 0)
		return r;
	if (cfg->linux_ && cfg->linux_->personality &&
	    personality(cfg->linux_->personality->domain) < 0)
		return lc_err_set(err, errno, "set linux.personality");
	r = lc_process_set_attrs(p, err);
	if (r < 0)
		return r;
	if (p->terminal) {
		r = lc_terminal_setup_and_send(p, true, ctx->sync_fd, err);
		if (r < 0)
			return r;
	}
	cwd_fd = lc_openat2(AT_FDCWD, p->cwd, O_PATH | O_DIRECTORY,
			    RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS, 0);
	if (cwd_fd < 0)
		return lc_err_set(err, errno, "process.cwd '%s'", p->cwd);
	/* Without noNewPrivileges loading needs CAP_SYS_ADMIN: before the caps go.  A notify
	 * listener must reach the parent, which is gone after READY: also now. */
	if (ctx->has_seccomp && (!p->no_new_privileges || ctx->seccomp.has_notify)) {
		r = load_seccomp_early(ctx, err);
		if (r < 0)
			return r;
	}
	r = lc_process_switch_user(p, &ctx->caps, err);
	if (r < 0)
		return r;
	r = lc_process_finish(p, cwd_fd, (int)ctx->saved_umask, ret_prog, err);
	if (r < 0)
		return r;
	*ret_cwd_fd = TAKE_FD(cwd_fd);
	return 0;
}

_Noreturn void lc_init_run(struct lc_init_ctx *ctx)
{
	struct lc_err err = {0};
	char *prog = NULL;
	char **env;
	int cwd_fd = -1, r;

	(void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	/* Nothing of runh's but what the init needs: no state dirs, no caller's fds. */
	{
		int keep[SPEC_NS__MAX + 3] = {ctx->sync_fd, ctx->fifo_fd, ctx->host_proc_fd};
		size_t n = 3;

		for (int t = 0; t < SPEC_NS__MAX; t++)
			if (ctx->ns_fds[t] >= 0)
				keep[n++] = ctx->ns_fds[t];
		lc_close_fds_except(keep, n, ctx->preserve_fds);
	}
	lc_sync_install_log_forwarder(ctx->sync_fd);
	r = prepare(ctx, &cwd_fd, &prog, &err);
	if (r < 0) {
		lc_sync_send_error(ctx->sync_fd, &err);
		_exit(1);
	}
	/* The parent (`create`) exits once it has READY: stop dying with it first.  If it
	 * died before this line we are gone already; after it, READY fails to send. */
	(void)prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
	if (lc_sync_send(ctx->sync_fd, LC_SYNC_READY, 0, NULL) < 0)
		_exit(1);
	lc_log_set_sink(NULL, NULL, LC_LOG_ERROR);
	close(ctx->sync_fd);
	r = wait_for_start(ctx, &err);
	if (r < 0) {
		fprintf(stderr, "runh: container init: %s\n", err.msg);
		_exit(1);
	}
	/* startContainer: in the container, after start, before the program. */
	if (ctx->cfg->hooks.n[SPEC_HOOK_START_CONTAINER] &&
	    lc_hooks_run(&ctx->cfg->hooks, SPEC_HOOK_START_CONTAINER, ctx->hook_state_fd[1], &err) <
		    0) {
		fprintf(stderr, "runh: container init: %s\n", err.msg);
		_exit(1);
	}
	env = lc_process_build_env(ctx->cfg->process);
	/* Nothing of the runtime's may reach the program: every fd above the kept ones closes. */
	(void)syscall(SYS_close_range, 3 + ctx->preserve_fds, ~0U, CLOSE_RANGE_CLOEXEC);
	(void)sigprocmask(SIG_SETMASK, &ctx->saved_sigmask, NULL);
	/* With noNewPrivileges the filter comes last: it need not allow runh's own setup. */
	if (ctx->has_seccomp && lc_seccomp_load(&ctx->seccomp, &err) < 0) {
		fprintf(stderr, "runh: container init: %s\n", err.msg);
		_exit(1);
	}
	execve(prog, ctx->cfg->process->args, env);
	fprintf(stderr, "runh: exec '%s': %s\n", prog, strerror(errno));
	_exit(127);
}
